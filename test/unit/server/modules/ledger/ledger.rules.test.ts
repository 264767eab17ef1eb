import fc from 'fast-check';
import {
  adjustmentsTo, allocate, itemNetFen, releaseOf, resolveLeaderBps, resolvePickupFeeFen, ruleInForce, sumByKind, PLATFORM_ID,
  type Balance, type NewEntry, type OrderFacts,
} from '../../../../../server/modules/ledger/ledger.rules';

const order = (over: Partial<OrderFacts> = {}): OrderFacts => ({
  orderId: 1, campaignId: 9, leaderId: 7, pickupPointId: 3, pickupFeeFen: 100, paidFen: 27_300, refundedFen: 0,
  items: [
    { id: 11, supplierId: 5, quantity: 3, refundedQuantity: 0, unitPriceFen: 6800, refundedFen: 0, supplyCostFen: 4000, leaderBps: 1000 },
    { id: 12, supplierId: 6, quantity: 1, refundedQuantity: 0, unitPriceFen: 6900, refundedFen: 0, supplyCostFen: 4500, leaderBps: 1500 },
  ],
  ...over,
});

const toBalances = (entries: readonly NewEntry[]): Balance[] =>
  entries.map((e) => ({ orderItemId: e.orderItemId, kind: e.kind, beneficiaryId: e.beneficiaryId, bucket: e.bucket, amountFen: e.amountFen }));
const total = (xs: ReadonlyArray<{ amountFen: number }>) => xs.reduce((s, x) => s + x.amountFen, 0);

describe('commission rates', () => {
  it('leader bps: campaign item, else product, else the rule version', () => {
    expect(resolveLeaderBps(800, 1200, 1000)).toBe(800);
    expect(resolveLeaderBps(null, 1200, 1000)).toBe(1200);
    expect(resolveLeaderBps(null, null, 1000)).toBe(1000);
    expect(resolveLeaderBps(0, 1200, 1000)).toBe(0); // 0 is a rate, not "unset"
    expect(() => resolveLeaderBps(null, null, 10_001)).toThrow(RangeError);
  });

  it('pickup fee: the point, else the rule version', () => {
    expect(resolvePickupFeeFen(150, 100)).toBe(150);
    expect(resolvePickupFeeFen(null, 100)).toBe(100);
    expect(resolvePickupFeeFen(0, 100)).toBe(0);
    expect(() => resolvePickupFeeFen(-1, 100)).toThrow(RangeError);
  });

  it('the rule in force is the highest version whose time has come', () => {
    const rules = [
      { version: 1, effectiveFrom: new Date('2026-01-01T00:00:00Z') },
      { version: 2, effectiveFrom: new Date('2026-06-01T00:00:00Z') },
      { version: 3, effectiveFrom: new Date('2027-01-01T00:00:00Z') },
    ];
    expect(ruleInForce(rules, new Date('2026-03-01T00:00:00Z'))?.version).toBe(1);
    expect(ruleInForce(rules, new Date('2026-06-01T00:00:00Z'))?.version).toBe(2);
    expect(ruleInForce(rules, new Date('2025-01-01T00:00:00Z'))).toBeNull();
  });
});

describe('allocate: the split of one order', () => {
  it('splits item revenue into leader (rounded down), supplier cost and platform; the store fee is per order', () => {
    const shares = allocate(order());
    expect(shares).toEqual(expect.arrayContaining([
      { orderItemId: 11, kind: 'leader', beneficiaryId: 7, amountFen: 2040 },
      { orderItemId: 11, kind: 'supplier', beneficiaryId: 5, amountFen: 12_000 },
      { orderItemId: 11, kind: 'platform', beneficiaryId: PLATFORM_ID, amountFen: 20_400 - 2040 - 12_000 },
      { orderItemId: 12, kind: 'leader', beneficiaryId: 7, amountFen: 1035 },
      { orderItemId: 12, kind: 'supplier', beneficiaryId: 6, amountFen: 4500 },
      { orderItemId: null, kind: 'pickup_point', beneficiaryId: 3, amountFen: 100 },
      { orderItemId: null, kind: 'platform', beneficiaryId: PLATFORM_ID, amountFen: -100 },
    ]));
    expect(total(shares)).toBe(27_300);
    expect(sumByKind(shares)).toEqual({ leader: 3075, supplier: 16_500, pickup_point: 100, platform: 27_300 - 3075 - 16_500 - 100 });
  });

  it('rounds each leader share down; the remainder stays with the platform', () => {
    const o = order({ paidFen: 999, items: [{ id: 1, supplierId: 5, quantity: 1, refundedQuantity: 0, unitPriceFen: 999, refundedFen: 0, supplyCostFen: 0, leaderBps: 333 }], pickupFeeFen: 0 });
    const shares = allocate(o);
    expect(shares.find((s) => s.kind === 'leader')!.amountFen).toBe(33); // 999 × 3.33% = 33.27
    expect(shares.find((s) => s.kind === 'platform' && s.orderItemId === 1)!.amountFen).toBe(966);
  });

  it('a tier difference lowers the revenue the commission is taken on; the supplier keeps its units', () => {
    const o = order({ refundedFen: 3 * 800, items: [{ ...order().items[0], refundedFen: 3 * 800 }, order().items[1]] });
    const s = sumByKind(allocate(o));
    expect(s.leader).toBe(Math.floor(3 * 6000 * 0.1) + 1035);
    expect(s.supplier).toBe(16_500);
    expect(total(allocate(o))).toBe(27_300 - 2400);
  });

  it('a full refund leaves nothing to anyone, the store fee included', () => {
    const o = order({ refundedFen: 27_300, items: order().items.map((i) => ({ ...i, refundedQuantity: i.quantity, refundedFen: i.unitPriceFen * i.quantity })) });
    expect(allocate(o)).toEqual([]);
  });

  it('no leader: the leader share is the platform\'s', () => {
    const withLeader = sumByKind(allocate(order()));
    const without = sumByKind(allocate(order({ leaderId: null })));
    expect(without.leader).toBe(0);
    expect(without.platform).toBe(withLeader.platform + withLeader.leader);
  });

  it('an item refunded beyond its own value (a spread refund, then its units): no commission on it, the platform absorbs it', () => {
    // 20400 of peaches, 5000 of a goodwill refund spread on them, then all 3 units back: 25400 refunded on 20400.
    const o = order({ refundedFen: 25_400, items: [{ ...order().items[0], refundedQuantity: 3, refundedFen: 25_400 }, order().items[1]] });
    const shares = allocate(o);
    expect(shares.filter((s) => s.orderItemId === 11)).toEqual([{ orderItemId: 11, kind: 'platform', beneficiaryId: PLATFORM_ID, amountFen: -5000 }]);
    expect(total(shares)).toBe(27_300 - 25_400);
  });
});

describe('postings: accrual, partial refund, release', () => {
  it('a partial refund reverses exactly the part of each share it takes back, with keys naming the refund', () => {
    const accrued = adjustmentsTo(allocate(order()), [], { orderId: 1, campaignId: 9, entryType: 'accrual', refundId: null, bucket: 'pending' });
    expect(accrued.every((e) => e.entryType === 'accrual' && e.bucket === 'pending')).toBe(true);
    expect(total(accrued)).toBe(27_300);
    // Two of three peaches come back after pickup.
    const after = order({ refundedFen: 13_600, items: [{ ...order().items[0], refundedQuantity: 2, refundedFen: 13_600 }, order().items[1]] });
    const reversal = adjustmentsTo(allocate(after), toBalances(accrued), { orderId: 1, campaignId: 9, entryType: 'reversal', refundId: 42, bucket: 'pending' });
    const leader = reversal.find((e) => e.kind === 'leader' && e.orderItemId === 11)!;
    expect(leader).toMatchObject({ amountFen: -1360, refundId: 42, idempotencyKey: 'rev:r42:o1:i11:leader:7' });
    expect(reversal.find((e) => e.kind === 'supplier' && e.orderItemId === 11)!.amountFen).toBe(-8000);
    expect(reversal.some((e) => e.orderItemId === 12)).toBe(false); // the rice is untouched
    expect(total(accrued) + total(reversal)).toBe(27_300 - 13_600);
    // Nothing changes twice: recomputing at the same state posts nothing.
    expect(adjustmentsTo(allocate(after), toBalances([...accrued, ...reversal]), { orderId: 1, campaignId: 9, entryType: 'reversal', refundId: 43, bucket: 'pending' })).toEqual([]);
  });

  it('release moves every pending balance to available in pairs; the order total is unchanged', () => {
    const accrued = adjustmentsTo(allocate(order()), [], { orderId: 1, campaignId: 9, entryType: 'accrual', refundId: null, bucket: 'pending' });
    const released = releaseOf(toBalances(accrued), { orderId: 1, campaignId: 9 });
    expect(total(released)).toBe(0);
    expect(total(released.filter((e) => e.bucket === 'available'))).toBe(27_300);
    expect(new Set(released.map((e) => e.idempotencyKey)).size).toBe(released.length);
    expect(releaseOf(toBalances([...accrued, ...released]), { orderId: 1, campaignId: 9 })).toEqual([]); // a second release: nothing
  });

  it('a refund after release lands in available', () => {
    const accrued = adjustmentsTo(allocate(order()), [], { orderId: 1, campaignId: 9, entryType: 'accrual', refundId: null, bucket: 'pending' });
    const released = releaseOf(toBalances(accrued), { orderId: 1, campaignId: 9 });
    const after = order({ refundedFen: 500, items: [{ ...order().items[0], refundedFen: 500 }, order().items[1]] });
    const late = adjustmentsTo(allocate(after), toBalances([...accrued, ...released]), { orderId: 1, campaignId: 9, entryType: 'reversal', refundId: 7, bucket: 'available' });
    expect(late.find((e) => e.kind === 'leader')).toMatchObject({ bucket: 'available', amountFen: -50 });
    expect(total([...accrued, ...released, ...late])).toBe(27_300 - 500);
  });
});

describe('property: any refund sequence keeps the books equal to paid − refunded', () => {
  const item = fc.record({
    quantity: fc.integer({ min: 1, max: 9 }),
    unitPriceFen: fc.integer({ min: 1, max: 50_000 }),
    supplyCostFen: fc.integer({ min: 0, max: 40_000 }),
    leaderBps: fc.integer({ min: 0, max: 3000 }),
  });
  const refund = fc.record({ item: fc.nat(), units: fc.nat({ max: 9 }), amountShare: fc.integer({ min: 1, max: 100 }), releaseBefore: fc.boolean() });

  it('holds after every step; leader entries never go below zero; every key is unique', () => {
    fc.assert(fc.property(
      fc.array(item, { minLength: 1, maxLength: 4 }), fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }), fc.integer({ min: 0, max: 500 }),
      fc.array(refund, { maxLength: 6 }),
      (itemSpecs, leaderId, fee, refunds) => {
        const o: OrderFacts = {
          orderId: 5, campaignId: 2, leaderId, pickupPointId: 8, pickupFeeFen: fee, paidFen: 0, refundedFen: 0,
          items: itemSpecs.map((s, i) => ({ id: 100 + i, supplierId: 1 + (i % 2), refundedQuantity: 0, refundedFen: 0, ...s })),
        };
        o.paidFen = o.items.reduce((s, i) => s + itemNetFen(i), 0);
        const entries: NewEntry[] = [...adjustmentsTo(allocate(o), [], { orderId: 5, campaignId: 2, entryType: 'accrual', refundId: null, bucket: 'pending' })];
        let released = false;
        refunds.forEach((r, k) => {
          if (r.releaseBefore && !released) { entries.push(...releaseOf(toBalances(entries), { orderId: 5, campaignId: 2 })); released = true; }
          const it = o.items[r.item % o.items.length];
          const left = itemNetFen(it);
          if (left === 0) return;
          const units = Math.min(r.units, it.quantity - it.refundedQuantity);
          const amount = units > 0 ? Math.min(left, units * it.unitPriceFen) : Math.max(1, Math.floor((left * r.amountShare) / 100));
          it.refundedQuantity += units;
          it.refundedFen += amount;
          o.refundedFen += amount;
          entries.push(...adjustmentsTo(allocate(o), toBalances(entries), { orderId: 5, campaignId: 2, entryType: 'reversal', refundId: k + 1, bucket: released ? 'available' : 'pending' }));
          expect(total(entries)).toBe(o.paidFen - o.refundedFen);
          const leaderTotal = total(entries.filter((e) => e.kind === 'leader'));
          expect(leaderTotal).toBe(leaderId === null ? 0 : o.items.reduce((s, i) => s + Math.floor((itemNetFen(i) * i.leaderBps) / 10_000), 0));
        });
        expect(total(entries)).toBe(o.paidFen - o.refundedFen);
        expect(new Set(entries.map((e) => e.idempotencyKey)).size).toBe(entries.length);
        if (released) expect(total(entries.filter((e) => e.bucket === 'pending'))).toBe(0);
      },
    ), { numRuns: 500 });
  });
});
