/**
 * Stock reservation for a batch of joins on one campaign, as a pure function. The caller holds the locks
 * (campaign row, its item rows) and passes their current state; requests are decided in arrival order, each
 * all-or-nothing: a request reserves every line or none. Nothing is ever sold beyond stock, and no neighbour
 * beyond the per-person limit, because every decision sees the reservations granted before it in the batch.
 */
import type { ErrorCode } from '../../../shared/types/error-codes';

export interface ItemStock { id: number; stock: number; reserved: number; perPersonLimit: number | null }

export interface ReservationRequest { userId: number; lines: ReadonlyArray<{ itemId: number; quantity: number }> }

export type ReservationDecision =
  | { ok: true }
  | { ok: false; code: Extract<ErrorCode, 'SOLD_OUT' | 'LIMIT_EXCEEDED' | 'INVALID_INPUT'>; message: string; details: Record<string, unknown> };

export interface HoldingChange { itemId: number; userId: number; quantity: number; existed: boolean }

export interface ReservationPlan {
  decisions: ReservationDecision[];
  /** Units to add to each item's `reserved`. */
  reservedDelta: Map<number, number>;
  /** New per-neighbour holdings to write. */
  holdings: HoldingChange[];
}

const holdingKey = (itemId: number, userId: number) => `${itemId}:${userId}`;

export function planReservations(
  items: readonly ItemStock[],
  currentHoldings: ReadonlyMap<string, number>,
  requests: readonly ReservationRequest[],
): ReservationPlan {
  const byId = new Map(items.map((i) => [i.id, i]));
  const reservedDelta = new Map<number, number>();
  const holdings = new Map<string, HoldingChange>();
  const held = (itemId: number, userId: number) =>
    holdings.get(holdingKey(itemId, userId))?.quantity ?? currentHoldings.get(holdingKey(itemId, userId)) ?? 0;

  const decisions = requests.map((req): ReservationDecision => {
    for (const line of req.lines) {
      const item = byId.get(line.itemId);
      if (!item) return { ok: false, code: 'INVALID_INPUT', message: `商品 ${line.itemId} 不在本次团购中`, details: { campaignItemId: line.itemId } };
      const available = item.stock - item.reserved - (reservedDelta.get(item.id) ?? 0);
      if (line.quantity > available) {
        return { ok: false, code: 'SOLD_OUT', message: available > 0 ? `库存不足，仅剩 ${available} 份` : '已抢光', details: { campaignItemId: item.id, available } };
      }
      if (item.perPersonLimit !== null) {
        const after = held(item.id, req.userId) + line.quantity;
        if (after > item.perPersonLimit) {
          return {
            ok: false, code: 'LIMIT_EXCEEDED', message: `每人限购 ${item.perPersonLimit} 份，您已有 ${held(item.id, req.userId)} 份`,
            details: { campaignItemId: item.id, limit: item.perPersonLimit, held: held(item.id, req.userId) },
          };
        }
      }
    }
    for (const line of req.lines) {
      reservedDelta.set(line.itemId, (reservedDelta.get(line.itemId) ?? 0) + line.quantity);
      const key = holdingKey(line.itemId, req.userId);
      const before = held(line.itemId, req.userId);
      holdings.set(key, { itemId: line.itemId, userId: req.userId, quantity: before + line.quantity, existed: currentHoldings.has(key) });
    }
    return { ok: true };
  });
  return { decisions, reservedDelta, holdings: [...holdings.values()] };
}
