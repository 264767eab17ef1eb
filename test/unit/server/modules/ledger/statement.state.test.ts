import { canTransition } from '../../../../../server/kernel/fsm';
import { CYCLE_KEY, outBillNo, payoutAllowed, scheduledCycleKey, statementTransitions } from '../../../../../server/modules/ledger/statement.state';

describe('statement state machine', () => {
  it.each([
    ['draft', 'approved', true], ['approved', 'paid', true], ['approved', 'draft', true], ['draft', 'carried', true],
    ['draft', 'paid', false], ['paid', 'draft', false], ['paid', 'approved', false], ['carried', 'draft', false], ['approved', 'carried', false],
  ] as const)('%s → %s: %s', (from, to, ok) => {
    expect(canTransition(statementTransitions, from, to)).toBe(ok);
  });
});

describe('payoutAllowed', () => {
  it('pays only a positive total, never more than is owed now', () => {
    expect(payoutAllowed(500, 500)).toEqual({ ok: true });
    expect(payoutAllowed(500, 800)).toEqual({ ok: true });
    expect(payoutAllowed(500, 499)).toMatchObject({ ok: false, reason: 'exceeds_owed' });
    expect(payoutAllowed(0, 100)).toMatchObject({ ok: false, reason: 'nothing_to_pay' });
    expect(payoutAllowed(-300, 100)).toMatchObject({ ok: false, reason: 'nothing_to_pay' });
  });
});

describe('keys', () => {
  it('a scheduled cycle is named after its occurrence in the business time zone', () => {
    // Monday 03:00 in Shanghai is Sunday 19:00 UTC.
    expect(scheduledCycleKey(new Date('2026-11-22T19:00:00Z'), 'Asia/Shanghai')).toBe('auto-20261123-0300');
    expect(CYCLE_KEY.test('auto-20261123-0300')).toBe(true);
    expect(CYCLE_KEY.test('week 47')).toBe(false);
    expect(CYCLE_KEY.test('x'.repeat(33))).toBe(false);
  });

  it('out_bill_no is letters and digits, ≤ 32, per statement and attempt', () => {
    expect(outBillNo(123456, 2)).toBe('LLST123456A2');
    expect(/^[A-Za-z0-9]{1,32}$/.test(outBillNo(2_147_483_647, 99))).toBe(true);
  });
});
