import { normalizeOrderQuery, parseOrderQuery } from '../../../shared/order-query';

describe('order search text (shared/order-query.ts)', () => {
  it('reads an order number as typed: spaces, dashes, lower case and full-width characters do not matter', () => {
    expect(parseOrderQuery('L260801K3J9QA1B20001')).toEqual({ kind: 'orderNo', orderNo: 'L260801K3J9QA1B20001' });
    expect(parseOrderQuery('  l2608 01k3j-9qa1b2-0001 ')).toEqual({ kind: 'orderNo', orderNo: 'L260801K3J9QA1B20001' });
    expect(parseOrderQuery('Ｌ２６０８０１Ｋ３Ｊ９')).toEqual({ kind: 'orderNo', orderNo: 'L260801K3J9' });
    expect(normalizeOrderQuery('ａｂ　ｃ－1')).toBe('ABC1');
  });

  it('reads digits (with or without #) as an order id', () => {
    expect(parseOrderQuery('12')).toEqual({ kind: 'id', id: 12, text: '12' });
    expect(parseOrderQuery('#12')).toEqual({ kind: 'id', id: 12, text: '12' });
    expect(parseOrderQuery('＃１２')).toEqual({ kind: 'id', id: 12, text: '12' });
    expect(parseOrderQuery(' 2147483647 ')).toEqual({ kind: 'id', id: 2_147_483_647, text: '2147483647' });
  });

  it('refuses what can be neither', () => {
    for (const text of ['', '   ', '0', '#', '2147483648', 'L1', '订单12', 'L2608/01', 'DROP TABLE', 'A'.repeat(33)]) {
      expect({ text, q: parseOrderQuery(text) }).toEqual({ text, q: null });
    }
  });
});
