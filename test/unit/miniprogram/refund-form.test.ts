// The mini-program imports shared code as '@shared/…' (a Taro/TypeScript alias jest's config does not map).
jest.mock('@shared/money', () => jest.requireActual('../../../shared/money'), { virtual: true });

import { checkRefundAmount, fullAmountText } from '../../../miniprogram/admin/pages/refunds/refund-amount';
import { fingerprint, joinKey, refundKey } from '../../../miniprogram/utils/idempotency';

describe('admin refund form (miniprogram/admin/pages/refunds/refund-amount.ts)', () => {
  it('reads the amount in yuan as integer fen, up to what is refundable', () => {
    expect(checkRefundAmount('12.5', 20_400)).toEqual({ fen: 1250, error: null });
    expect(checkRefundAmount('１２．５', 20_400)).toEqual({ fen: 1250, error: null });
    expect(checkRefundAmount('¥0.01', 20_400)).toEqual({ fen: 1, error: null });
    expect(checkRefundAmount('204', 20_400)).toEqual({ fen: 20_400, error: null });
    expect(checkRefundAmount('0.1', 10)).toEqual({ fen: 10, error: null }); // never 0.1 × 100 = 10.000000000000002
  });

  it('says what is wrong otherwise, in yuan', () => {
    expect(checkRefundAmount('', 20_400)).toEqual({ fen: null, error: '请输入退款金额' });
    expect(checkRefundAmount('  ', 20_400)).toEqual({ fen: null, error: '请输入退款金额' });
    expect(checkRefundAmount('12.345', 20_400)).toEqual({ fen: null, error: '请输入金额，如 12.5（最多两位小数）' });
    expect(checkRefundAmount('-5', 20_400)).toEqual({ fen: null, error: '请输入金额，如 12.5（最多两位小数）' });
    expect(checkRefundAmount('abc', 20_400)).toEqual({ fen: null, error: '请输入金额，如 12.5（最多两位小数）' });
    expect(checkRefundAmount('0', 20_400)).toEqual({ fen: null, error: '退款金额须大于 0' });
    expect(checkRefundAmount('204.01', 20_400)).toEqual({ fen: null, error: '超出可退金额，最多可退 ¥204.00' });
    expect(checkRefundAmount('1', 0)).toEqual({ fen: null, error: '超出可退金额，最多可退 ¥0.00' });
  });

  it('starts from everything that is left', () => {
    expect(fullAmountText(19_150)).toBe('191.50');
    expect(fullAmountText(5)).toBe('0.05');
  });
});

describe('refund Idempotency-Key (miniprogram/utils/idempotency.ts)', () => {
  it('is the same for a repeat of the same refund in one form, different for another amount or form', () => {
    const body = { orderId: 12, amountFen: 1250, reason: '桃子压坏了一个' };
    const key = refundKey('attempt1', body);
    expect(key).toBe(refundKey('attempt1', { ...body }));
    expect(key).toMatch(/^[\w.:-]{8,80}$/); // what the server accepts
    expect(refundKey('attempt1', { ...body, amountFen: 1200 })).not.toBe(key);
    expect(refundKey('attempt2', body)).not.toBe(key);
    expect(key).toBe(`mp-refund:attempt1:${fingerprint(body)}`);
    expect(joinKey('attempt1', body)).not.toBe(key);
  });
});
