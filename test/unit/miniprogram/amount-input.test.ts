// The mini-program imports shared code as '@shared/…' (a Taro/TypeScript alias jest's config does not map).
jest.mock('@shared/money', () => jest.requireActual('../../../shared/money'), { virtual: true });

import { bpsToPercentText, fenToYuanText, normalizeNumberText, percentToBps, wholeNumber, yuanToFen } from '../../../miniprogram/utils/amount-input';

describe('amount inputs (miniprogram/utils/amount-input.ts)', () => {
  it('reads yuan as integer fen, full-width digits too, and refuses what is not an amount', () => {
    expect(yuanToFen('59.9')).toBe(5990);
    expect(yuanToFen(' 12 ')).toBe(1200);
    expect(yuanToFen('0.05')).toBe(5);
    expect(yuanToFen('５９．９')).toBe(5990);
    expect(yuanToFen('¥19.99')).toBe(1999);
    expect(yuanToFen('0.1')).toBe(10); // never 0.1 * 100 = 10.000000000000002
    expect(yuanToFen('1.005')).toBeNull();
    expect(yuanToFen('-3')).toBeNull();
    expect(yuanToFen('12a')).toBeNull();
    expect(yuanToFen('')).toBeNull();
    expect(yuanToFen('1e3')).toBeNull();
  });

  it('writes fen back as yuan text for an input', () => {
    expect(fenToYuanText(5990)).toBe('59.90');
    expect(fenToYuanText(5)).toBe('0.05');
    expect(yuanToFen(fenToYuanText(123_456))).toBe(123_456);
  });

  it('reads percent as basis points; empty means none', () => {
    expect(percentToBps('8')).toBe(800);
    expect(percentToBps('8.25')).toBe(825);
    expect(percentToBps('８%')).toBe(800);
    expect(percentToBps('100')).toBe(10_000);
    expect(percentToBps('')).toBeNull();
    expect(percentToBps('100.5')).toBeUndefined();
    expect(percentToBps('8.125')).toBeUndefined();
    expect(percentToBps('abc')).toBeUndefined();
    expect(bpsToPercentText(800)).toBe('8');
    expect(bpsToPercentText(825)).toBe('8.25');
    expect(bpsToPercentText(850)).toBe('8.5');
    expect(bpsToPercentText(5)).toBe('0.05');
    expect(bpsToPercentText(null)).toBe('');
  });

  it('reads whole numbers', () => {
    expect(wholeNumber('１２０')).toBe(120);
    expect(wholeNumber('0')).toBe(0);
    expect(wholeNumber('1.5')).toBeNull();
    expect(wholeNumber('')).toBeNull();
    expect(normalizeNumberText(' ５ ．０ ')).toBe('5.0');
  });
});
