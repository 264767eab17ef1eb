/**
 * WeChat updatable share messages (动态消息): a share card whose "3/5 人" line we update as people join, and
 * mark ended when the campaign closes.
 *   POST /cgi-bin/message/wxopen/activityid/create?access_token=…  → { activity_id, expiration_time }
 *     (the mini-program passes activity_id to wx.updateShareMenu({ isUpdatableMessage: true, activityId, templateInfo }))
 *   POST /cgi-bin/message/wxopen/updatablemsg/send?access_token=…
 *     { activity_id, target_state: 0 ongoing | 1 ended,
 *       template_info: { parameter_list: [{ name: 'member_count', value }, { name: 'room_limit', value }] } }
 */
import { wechatFetch } from './http';
import { withAccessToken, type AccessTokenSource } from './access-token';

export interface ActivityId { activityId: string; expiresAt: Date }

export interface UpdatableMessageClient {
  createActivityId(): Promise<ActivityId>;
  /** Sets the card's counts; `ended` makes it final (no more updates accepted by WeChat). */
  update(activityId: string, state: { memberCount: number; roomLimit: number; ended: boolean }): Promise<void>;
}

export function createUpdatableMessageClient(cfg: { apiBase: string }, tokens: AccessTokenSource): UpdatableMessageClient {
  return {
    async createActivityId() {
      const body = await withAccessToken(tokens, (token) => wechatFetch<{ activity_id: string; expiration_time: number }>(
        `${cfg.apiBase}/cgi-bin/message/wxopen/activityid/create?access_token=${encodeURIComponent(token)}`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', api: 'createActivityId' },
      ));
      return { activityId: body.activity_id, expiresAt: new Date(body.expiration_time * 1000) };
    },
    async update(activityId, state) {
      // WeChat shows "member_count/room_limit": the limit never below the count.
      const roomLimit = Math.max(state.roomLimit, state.memberCount, 1);
      await withAccessToken(tokens, (token) => wechatFetch(
        `${cfg.apiBase}/cgi-bin/message/wxopen/updatablemsg/send?access_token=${encodeURIComponent(token)}`,
        {
          method: 'POST', headers: { 'content-type': 'application/json' }, api: 'setUpdatableMsg',
          body: JSON.stringify({
            activity_id: activityId,
            target_state: state.ended ? 1 : 0,
            template_info: { parameter_list: [{ name: 'member_count', value: String(state.memberCount) }, { name: 'room_limit', value: String(roomLimit) }] },
          }),
        },
      ));
    },
  };
}
