/** Campaign rules as pure functions: thresholds, tiers, times. `now` is always an argument. */
import type { ThresholdKind } from '../../../shared/types/statuses';

export function isThresholdReached(kind: ThresholdKind, value: number, paidParticipants: number, paidQuantity: number): boolean {
  return (kind === 'participants' ? paidParticipants : paidQuantity) >= value;
}

/** How far along the threshold is: what counts, the target, and how many are still missing. */
export function thresholdProgress(kind: ThresholdKind, value: number, paidParticipants: number, paidQuantity: number) {
  const current = kind === 'participants' ? paidParticipants : paidQuantity;
  return { kind, target: value, current, missing: Math.max(0, value - current), reached: current >= value };
}

export interface Tier { minParticipants: number; priceFen: number }

/**
 * The unit price for an item when `paidParticipants` have paid: the lowest price among the tiers reached,
 * never above the base price. Tiers count distinct paid participants (the campaign's counter).
 */
export function tierPrice(basePriceFen: number, tiers: readonly Tier[], paidParticipants: number): number {
  let price = basePriceFen;
  for (const t of tiers) if (paidParticipants >= t.minParticipants && t.priceFen < price) price = t.priceFen;
  return price;
}

/** The tier a count has reached (for marking the current one in the UI), or null before the first. */
export function reachedTierIndex(tiers: readonly Tier[], paidParticipants: number): number | null {
  let best: number | null = null;
  tiers.forEach((t, i) => {
    if (paidParticipants >= t.minParticipants && (best === null || t.minParticipants >= tiers[best].minParticipants)) best = i;
  });
  return best;
}

/** Tiers must rise in participants and fall in price, all below the base price. Returns a reason or null. */
export function validateTiers(basePriceFen: number, tiers: readonly Tier[]): string | null {
  const sorted = [...tiers].sort((a, b) => a.minParticipants - b.minParticipants);
  let last = basePriceFen;
  for (let i = 0; i < sorted.length; i++) {
    const t = sorted[i];
    if (i > 0 && t.minParticipants === sorted[i - 1].minParticipants) return `阶梯人数 ${t.minParticipants} 重复`;
    if (t.priceFen >= last) return `阶梯价 ${t.minParticipants} 人应低于上一档`;
    last = t.priceFen;
  }
  return null;
}

export interface CampaignTimes { startsAt: Date; deadlineAt: Date; pickupStartsAt: Date; pickupEndsAt: Date }

export function validateTimes(t: CampaignTimes): string | null {
  if (!(t.startsAt < t.deadlineAt)) return '截止时间必须晚于开团时间';
  if (!(t.deadlineAt <= t.pickupStartsAt)) return '自提开始时间不能早于截止时间';
  if (!(t.pickupStartsAt < t.pickupEndsAt)) return '自提结束时间必须晚于开始时间';
  return null;
}

/** When an unpaid order expires: after the configured minutes, but never after the campaign's deadline. */
export function unpaidOrderExpiry(now: Date, expiryMinutes: number, deadlineAt: Date): Date {
  return new Date(Math.min(now.getTime() + expiryMinutes * 60_000, deadlineAt.getTime()));
}
