import fc from 'fast-check';
import { planReservations, type ItemStock, type ReservationRequest } from '../../../../../server/modules/campaign/reservation';

describe('planReservations', () => {
  const items: ItemStock[] = [{ id: 1, stock: 5, reserved: 3, perPersonLimit: 2 }, { id: 2, stock: 10, reserved: 0, perPersonLimit: null }];

  it('grants in arrival order until stock runs out; the last unit goes to exactly one buyer', () => {
    const plan = planReservations(items, new Map(), [
      { userId: 1, lines: [{ itemId: 1, quantity: 1 }] },
      { userId: 2, lines: [{ itemId: 1, quantity: 1 }] },
      { userId: 3, lines: [{ itemId: 1, quantity: 1 }] },
    ]);
    expect(plan.decisions.map((d) => d.ok)).toEqual([true, true, false]);
    expect(plan.decisions[2]).toMatchObject({ code: 'SOLD_OUT' });
    expect(plan.reservedDelta.get(1)).toBe(2);
  });

  it('counts what a neighbour already holds and what they got earlier in the same batch against the limit', () => {
    const plan = planReservations(items, new Map([['1:7', 1]]), [
      { userId: 7, lines: [{ itemId: 1, quantity: 1 }] },
      { userId: 7, lines: [{ itemId: 1, quantity: 1 }] },
    ]);
    expect(plan.decisions[0].ok).toBe(true);
    expect(plan.decisions[1]).toMatchObject({ ok: false, code: 'LIMIT_EXCEEDED' });
    expect(plan.holdings).toEqual([{ itemId: 1, userId: 7, quantity: 2, existed: true }]);
  });

  it('is all-or-nothing per request', () => {
    const plan = planReservations(items, new Map(), [{ userId: 1, lines: [{ itemId: 2, quantity: 3 }, { itemId: 1, quantity: 3 }] }]);
    expect(plan.decisions[0]).toMatchObject({ ok: false, code: 'SOLD_OUT' });
    expect(plan.reservedDelta.size).toBe(0);
    expect(plan.holdings).toEqual([]);
  });

  it('refuses an item that is not in the campaign', () => {
    expect(planReservations(items, new Map(), [{ userId: 1, lines: [{ itemId: 99, quantity: 1 }] }]).decisions[0]).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('never oversells nor exceeds a limit, for any batch', () => {
    const req = fc.record({
      userId: fc.integer({ min: 1, max: 6 }),
      lines: fc.uniqueArray(fc.record({ itemId: fc.integer({ min: 1, max: 3 }), quantity: fc.integer({ min: 1, max: 4 }) }), { selector: (l) => l.itemId, minLength: 1, maxLength: 3 }),
    });
    const item = (id: number) => fc.record({ id: fc.constant(id), stock: fc.integer({ min: 0, max: 20 }), reserved: fc.constant(0), perPersonLimit: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }) });
    fc.assert(fc.property(fc.tuple(item(1), item(2), item(3)), fc.array(req, { maxLength: 40 }), (its, reqs: ReservationRequest[]) => {
      const plan = planReservations(its, new Map(), reqs);
      for (const it of its) {
        const granted = reqs.filter((_, i) => plan.decisions[i].ok).flatMap((r) => r.lines).filter((l) => l.itemId === it.id).reduce((s, l) => s + l.quantity, 0);
        expect(granted).toBe(plan.reservedDelta.get(it.id) ?? 0);
        expect(granted).toBeLessThanOrEqual(it.stock);
        if (it.perPersonLimit !== null) {
          for (const h of plan.holdings.filter((x) => x.itemId === it.id)) expect(h.quantity).toBeLessThanOrEqual(it.perPersonLimit);
        }
      }
    }), { numRuns: 500 });
  });
});
