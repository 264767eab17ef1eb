/** Words for the bot page: how a group is reached, its state, and what the bot sent. */
import type { BotChannelDTO, BotMessageStatus, BotTransport } from '@shared/types/bot';

export const TRANSPORT_LABEL: Record<BotTransport, string> = {
  wecom_webhook: '企业微信群机器人',
  bridge: '消息中继',
  console: '开发调试',
};

export function channelBadge(ch: BotChannelDTO): { text: string; tone: 'green' | 'orange' | 'grey' } {
  if (ch.status === 'unbound') return { text: '已解绑', tone: 'grey' };
  if (ch.status === 'active') return { text: '已绑定', tone: 'green' };
  return { text: '待绑定', tone: 'orange' };
}

const TOPIC_LABEL: Record<string, string> = {
  opened: '开团通知',
  progress: '接龙进度',
  threshold: '成团通知',
  closing: '即将截团',
  closed: '截团通知',
  failed: '未成团',
  arrived: '到货通知',
  remind: '取货提醒',
  reply: '机器人回复',
};

export const topicLabel = (topic: string): string => TOPIC_LABEL[topic] ?? '群消息';

export const MESSAGE_STATUS_LABEL: Record<BotMessageStatus, string> = {
  pending: '发送中',
  sent: '已发送',
  failed: '发送失败',
  coalesced: '已合并到下一条',
  dropped: '未发送（群已解绑）',
};

/** What the leader types into the group to bind it (the server also accepts the bare code). */
export const bindCommand = (code: string): string => `绑定 ${code}`;
