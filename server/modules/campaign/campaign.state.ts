/**
 * 活动状态机. The transitions table is the only list of allowed moves; `campaignGuard` adds the business
 * reasons a listed move may still be refused. Every status change goes through CampaignService.transition,
 * which checks both, writes with compare-and-set and records a campaign_events row with the reason.
 *
 *   draft → scheduled → open → closed → fulfilling → completed
 *                          ↘ failed      (deadline reached below threshold)
 *   draft | scheduled | open → cancelled (a leader, only before success; an admin, any time before close)
 */
import type { Transitions } from '../../kernel/fsm';
import type { CampaignStatus, ThresholdKind } from '../../../shared/types/statuses';
import { isThresholdReached } from './campaign.rules';

export const campaignTransitions: Transitions<CampaignStatus> = {
  draft: ['scheduled', 'open', 'cancelled'],
  scheduled: ['draft', 'open', 'cancelled'],     // draft: unschedule to edit freely
  open: ['closed', 'failed', 'cancelled'],
  closed: ['fulfilling', 'completed'],
  fulfilling: ['completed'],
  completed: [],
  failed: [],
  cancelled: [],
};

export interface CampaignFacts {
  status: CampaignStatus;
  startsAt: Date;
  deadlineAt: Date;
  thresholdKind: ThresholdKind;
  thresholdValue: number;
  paidParticipants: number;
  paidQuantity: number;
  itemCount: number;
  pickupPointCount: number;
  allSoldOut: boolean;
}

export type CampaignActorRole = 'leader' | 'admin' | 'system';

/** Why a move is refused, or null when it may happen. Pure: `now` is passed in. */
export function campaignGuard(c: CampaignFacts, to: CampaignStatus, actor: CampaignActorRole, now: Date): string | null {
  const reached = isThresholdReached(c.thresholdKind, c.thresholdValue, c.paidParticipants, c.paidQuantity);
  switch (to) {
    case 'scheduled':
    case 'open':
      if (c.itemCount === 0) return '活动至少需要一个商品';
      if (c.pickupPointCount === 0) return '活动至少需要一个自提点';
      if (c.deadlineAt <= now) return '截止时间已过';
      if (to === 'scheduled' && c.startsAt <= now) return '开团时间已到，请直接开团';
      return null;
    case 'draft':
      return null;
    case 'closed':
      if (actor !== 'system') return '活动由系统在截止或售罄时结束';
      if (!reached) return '未达到成团条件';
      if (now < c.deadlineAt && !c.allSoldOut) return '未到截止时间且未售罄';
      return null;
    case 'failed':
      if (actor !== 'system') return '只有系统在截止时判定失败';
      if (now < c.deadlineAt) return '未到截止时间';
      if (reached) return '已达到成团条件，应正常结束';
      return null;
    case 'cancelled':
      if (actor === 'leader' && c.status === 'open' && reached) return '已成团的活动团长不能取消，请联系平台';
      return null;
    case 'fulfilling':
    case 'completed':
      return null;
  }
}

/** Which fields may change in each state: nothing that changes what paying neighbours bought. */
export const EDITABLE_FIELDS: Readonly<Record<CampaignStatus, readonly string[]>> = {
  draft: ['title', 'description', 'coverImage', 'thresholdKind', 'thresholdValue', 'startsAt', 'deadlineAt', 'pickupStartsAt', 'pickupEndsAt', 'items', 'pickupPointIds'],
  scheduled: ['title', 'description', 'coverImage', 'startsAt', 'deadlineAt', 'pickupStartsAt', 'pickupEndsAt', 'pickupPointIds'],
  // Open: buyers have paid on these terms; only presentation, a later deadline or a later pickup may change.
  open: ['title', 'description', 'coverImage', 'deadlineAt', 'pickupStartsAt', 'pickupEndsAt'],
  closed: ['description', 'pickupStartsAt', 'pickupEndsAt'],
  fulfilling: ['description', 'pickupEndsAt'],
  completed: [],
  failed: [],
  cancelled: [],
};
