import { applyRateBps, formatFen, parseYuanToFen, prorate, sumFen } from '../../../shared/money';

describe('shared/money', () => {
  it.each([[0, '¥0.00'], [5, '¥0.05'], [1230, '¥12.30'], [100_000_00, '¥100000.00'], [-5, '-¥0.05'], [-123456, '-¥1234.56']])(
    'formatFen(%i) = %s', (fen, text) => expect(formatFen(fen)).toBe(text));

  it('refuses a fractional fen', () => expect(() => formatFen(1.5)).toThrow(RangeError));

  it.each([['12.3', 1230], ['12', 1200], ['0.05', 5], [' 7.10 ', 710], ['0', 0]])('parseYuanToFen(%s) = %i', (text, fen) =>
    expect(parseYuanToFen(text)).toBe(fen));

  it.each(['1.234', '-1', 'abc', '', '1e3', '1,000'])('parseYuanToFen refuses %p', (text) =>
    expect(() => parseYuanToFen(text)).toThrow(RangeError));

  it('applyRateBps rounds down', () => {
    expect(applyRateBps(999, 1000)).toBe(99);
    expect(applyRateBps(6800, 1250)).toBe(850);
    expect(applyRateBps(1, 9999)).toBe(0);
    expect(() => applyRateBps(100, 10_001)).toThrow(RangeError);
  });

  it.each([
    [[1, 1, 1], 100, [34, 33, 33]],
    [[5000, 3000, 2000], 999, [499, 300, 200]],
    [[0, 0], 7, [7, 0]],
    [[3], 10, [10]],
  ])('prorate(%j, %i) keeps the total', (weights, total, expected) => {
    const parts = prorate(weights, total);
    expect(parts).toEqual(expected);
    expect(sumFen(parts)).toBe(total);
  });

  it('prorate keeps the total for random inputs', () => {
    for (let i = 0; i < 500; i++) {
      const weights = Array.from({ length: 1 + (i % 7) }, (_, k) => ((i * 7919 + k * 104729) % 1000) + 1);
      const total = (i * 15485863) % 1_000_000;
      const parts = prorate(weights, total);
      expect(sumFen(parts)).toBe(total);
      parts.forEach((p) => expect(Number.isInteger(p) && p >= 0).toBe(true));
    }
  });
});
