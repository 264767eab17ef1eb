/**
 * The commission rules, as pure functions (no database, no clock): what an order's money is split into, and
 * which ledger entries bring the books from what they say now to what they should say.
 *
 * The split of one order (its "target"), recomputed from the order as it stands:
 *  - per item, net revenue = unit price × quantity − everything refunded on the item (the tier difference at
 *    close included, so the revenue is the final price; see order_items.final_unit_price_fen);
 *  - leader  = net revenue × the item's leader bps, rounded DOWN (0 when the order has no leader);
 *  - supplier = supply cost × units not refunded (returned or missing units are not paid for; an amount-only
 *    refund — a goodwill gesture, a tier difference — leaves the supplier's units alone);
 *  - pickup point: its fee, per order, while the order still has units at the store (a full refund takes it
 *    back); it is an order-level entry (no order item), funded by the platform (an equal negative platform entry);
 *  - platform = net revenue − leader − supplier per item: the rest, including every rounding remainder. At the
 *    order level the platform also takes whatever paid − refunded differs from the items' net (never expected;
 *    it keeps "every fen accounted" true even then).
 * So, for every order, the sum of its entries is exactly paid − refunded, whatever happened to it.
 *
 * Posting: the ledger only appends. Every event (accrual at 成团, a refund, completion) computes the target and
 * appends the difference to what the entries already add up to, slot by slot (item or order × beneficiary).
 * A partial refund therefore reverses exactly the part of each commission it takes back, and a refund after
 * settlement lands as a negative available entry that the next statement deducts.
 */
import { applyRateBps } from '../../../shared/money';
import type { BeneficiaryKind } from '../../../shared/types/statuses';

/** The platform is beneficiary 0. */
export const PLATFORM_ID = 0;

export type Bucket = 'pending' | 'available';
export type EntryType = 'accrual' | 'reversal' | 'release';

export interface ItemFacts {
  id: number;
  supplierId: number;
  quantity: number;
  refundedQuantity: number;
  unitPriceFen: number;
  /** Every refund on this item so far (tier difference included). */
  refundedFen: number;
  supplyCostFen: number;
  /** The leader rate snapshotted when the order was paid. */
  leaderBps: number;
}

export interface OrderFacts {
  orderId: number;
  campaignId: number;
  leaderId: number | null;
  pickupPointId: number;
  /** The fee snapshotted when the order was paid. */
  pickupFeeFen: number;
  paidFen: number;
  refundedFen: number;
  items: ItemFacts[];
}

/** One beneficiary's share in one slot: an order item, or the order itself (orderItemId null). */
export interface Share {
  orderItemId: number | null;
  kind: BeneficiaryKind;
  beneficiaryId: number;
  amountFen: number;
}

/** What the entries of one slot and bucket add up to now. */
export interface Balance extends Share { bucket: Bucket }

export interface NewEntry {
  orderId: number;
  orderItemId: number | null;
  campaignId: number;
  kind: BeneficiaryKind;
  beneficiaryId: number;
  bucket: Bucket;
  entryType: EntryType;
  amountFen: number;
  refundId: number | null;
  idempotencyKey: string;
}

// ---------------------------------------------------------------------------------------------------------
// Rates
// ---------------------------------------------------------------------------------------------------------

/** Leader commission rate: the campaign item's, else the product's, else the rule version's (global default). */
export function resolveLeaderBps(campaignItemBps: number | null, productBps: number | null, ruleBps: number): number {
  const bps = campaignItemBps ?? productBps ?? ruleBps;
  if (!Number.isInteger(bps) || bps < 0 || bps > 10_000) throw new RangeError(`leader rate ${bps} bps is out of range`);
  return bps;
}

/** Pickup fee per order: the point's own fee, else the rule version's default. */
export function resolvePickupFeeFen(pointFeeFen: number | null, ruleFeeFen: number): number {
  const fee = pointFeeFen ?? ruleFeeFen;
  if (!Number.isSafeInteger(fee) || fee < 0) throw new RangeError(`pickup fee ${fee} fen is invalid`);
  return fee;
}

/** The rule version in force at `at`: the highest version whose effective_from has come. */
export function ruleInForce<R extends { version: number; effectiveFrom: Date }>(rules: readonly R[], at: Date): R | null {
  let best: R | null = null;
  for (const r of rules) if (r.effectiveFrom <= at && (!best || r.version > best.version)) best = r;
  return best;
}

// ---------------------------------------------------------------------------------------------------------
// The split
// ---------------------------------------------------------------------------------------------------------

export const itemNetFen = (i: ItemFacts): number => i.unitPriceFen * i.quantity - i.refundedFen;
export const itemNetUnits = (i: ItemFacts): number => i.quantity - i.refundedQuantity;

/** The split of the order as it stands now; zero shares are left out. */
export function allocate(o: OrderFacts): Share[] {
  const shares: Share[] = [];
  const push = (orderItemId: number | null, kind: BeneficiaryKind, beneficiaryId: number, amountFen: number) => {
    if (!Number.isSafeInteger(amountFen)) throw new RangeError(`share ${amountFen} is not an integer number of fen`);
    if (amountFen !== 0) shares.push({ orderItemId, kind, beneficiaryId, amountFen });
  };
  let itemsNet = 0;
  let units = 0;
  for (const i of o.items) {
    // An item can be refunded beyond its own value when an amount spread over the order (a goodwill refund)
    // is followed by a refund of its units: the order total stays bounded by what was paid, so the item's
    // negative net is simply the platform's (the leader earns nothing on it; rounding down never goes below 0).
    const net = itemNetFen(i);
    const netUnits = Math.max(0, itemNetUnits(i));
    const leader = o.leaderId === null || net <= 0 ? 0 : applyRateBps(net, i.leaderBps);
    const supplier = i.supplyCostFen * netUnits;
    if (o.leaderId !== null) push(i.id, 'leader', o.leaderId, leader);
    push(i.id, 'supplier', i.supplierId, supplier);
    push(i.id, 'platform', PLATFORM_ID, net - leader - supplier);
    itemsNet += net;
    units += netUnits;
  }
  const fee = units > 0 ? o.pickupFeeFen : 0;
  push(null, 'pickup_point', o.pickupPointId, fee);
  // The platform funds the store's fee, and absorbs any difference between the order's money and its items.
  push(null, 'platform', PLATFORM_ID, (o.paidFen - o.refundedFen) - itemsNet - fee);
  return shares;
}

// ---------------------------------------------------------------------------------------------------------
// Posting
// ---------------------------------------------------------------------------------------------------------

const slotKey = (s: Pick<Share, 'orderItemId' | 'kind' | 'beneficiaryId'>): string =>
  `${s.orderItemId === null ? 'o' : `i${s.orderItemId}`}:${s.kind}:${s.beneficiaryId}`;

interface Slot { orderItemId: number | null; kind: BeneficiaryKind; beneficiaryId: number; target: number; current: number }

/** Slots of `target` and of `balances`, with both sums (balances summed over buckets). */
function slots(target: readonly Share[], balances: readonly Balance[]): Slot[] {
  const map = new Map<string, Slot>();
  const get = (s: Share) => {
    const k = slotKey(s);
    let slot = map.get(k);
    if (!slot) map.set(k, (slot = { orderItemId: s.orderItemId, kind: s.kind, beneficiaryId: s.beneficiaryId, target: 0, current: 0 }));
    return slot;
  };
  for (const s of target) get(s).target += s.amountFen;
  for (const b of balances) get(b).current += b.amountFen;
  return [...map.values()].sort((a, b) => (a.orderItemId ?? 0) - (b.orderItemId ?? 0) || a.kind.localeCompare(b.kind) || a.beneficiaryId - b.beneficiaryId);
}

export interface AdjustmentContext {
  orderId: number;
  campaignId: number;
  /** accrual: 成团; reversal: a refund (its id goes on every entry). */
  entryType: 'accrual' | 'reversal';
  refundId: number | null;
  /** pending until the order completes, available after. */
  bucket: Bucket;
}

/**
 * The entries that bring `balances` (every entry of the order so far) to `target`. Each entry's key names its
 * cause and its slot, so the same cause can never post the same slot twice (UNIQUE idempotency_key).
 */
export function adjustmentsTo(target: readonly Share[], balances: readonly Balance[], ctx: AdjustmentContext): NewEntry[] {
  const cause = ctx.entryType === 'accrual' ? `acc:o${ctx.orderId}` : `rev:r${ctx.refundId}:o${ctx.orderId}`;
  if (ctx.entryType === 'reversal' && ctx.refundId === null) throw new Error('a reversal needs its refund id');
  const out: NewEntry[] = [];
  for (const s of slots(target, balances)) {
    const delta = s.target - s.current;
    if (delta === 0) continue;
    out.push({
      orderId: ctx.orderId, orderItemId: s.orderItemId, campaignId: ctx.campaignId, kind: s.kind, beneficiaryId: s.beneficiaryId,
      bucket: ctx.bucket, entryType: ctx.entryType, amountFen: delta, refundId: ctx.refundId, idempotencyKey: `${cause}:${slotKey(s)}`,
    });
  }
  return out;
}

/**
 * Completion: every slot's pending balance moves to available — a pair of entries (pending −x, available +x),
 * so the order's total never changes. Zero balances move nothing.
 */
export function releaseOf(balances: readonly Balance[], ctx: { orderId: number; campaignId: number }): NewEntry[] {
  const pending = new Map<string, Share>();
  for (const b of balances) {
    if (b.bucket !== 'pending') continue;
    const k = slotKey(b);
    const cur = pending.get(k);
    if (cur) cur.amountFen += b.amountFen;
    else pending.set(k, { orderItemId: b.orderItemId, kind: b.kind, beneficiaryId: b.beneficiaryId, amountFen: b.amountFen });
  }
  const out: NewEntry[] = [];
  for (const [k, s] of [...pending.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (s.amountFen === 0) continue;
    const base = { orderId: ctx.orderId, orderItemId: s.orderItemId, campaignId: ctx.campaignId, kind: s.kind, beneficiaryId: s.beneficiaryId, entryType: 'release' as const, refundId: null };
    out.push({ ...base, bucket: 'pending', amountFen: -s.amountFen, idempotencyKey: `rel:o${ctx.orderId}:${k}:out` });
    out.push({ ...base, bucket: 'available', amountFen: s.amountFen, idempotencyKey: `rel:o${ctx.orderId}:${k}:in` });
  }
  return out;
}

/** Sums by beneficiary kind: what the reconciliation report shows for one order. */
export function sumByKind(shares: ReadonlyArray<Pick<Share, 'kind' | 'amountFen'>>): Record<BeneficiaryKind, number> {
  const out: Record<BeneficiaryKind, number> = { leader: 0, pickup_point: 0, supplier: 0, platform: 0 };
  for (const s of shares) out[s.kind] += s.amountFen;
  return out;
}
