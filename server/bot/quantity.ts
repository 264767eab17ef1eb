/**
 * Numbers as members type them: 2, 02, 1.5, 两, 十二, 二十五, 一百. Reading never throws and never rounds:
 * 1.5 stays 1.5 and 100000000000 stays huge, so that the caller can say exactly what is wrong with it.
 */
import { MAX_QUANTITY, MIN_QUANTITY } from './command-types';

/**
 * A Chinese numeral small enough to be a quantity, or a "big" one (百/千/万) that we only need to recognise
 * in order to refuse it. Alternatives are ordered so that the longest form matches first.
 */
const CHINESE_NUMBER_SOURCE =
  '[一二两三四五六七八九]?十[一二三四五六七八九]?' +
  '|[一二两三四五六七八九]?[百千万][零〇一二两三四五六七八九十百千万]*' +
  '|[零〇一二两三四五六七八九俩仨]';

/** Source text for a regular expression matching one number, Arabic or Chinese. */
export const NUMBER_SOURCE = `\\d+(?:\\.\\d+)?|${CHINESE_NUMBER_SOURCE}`;

const CHINESE_DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 俩: 2, 三: 3, 仨: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** Lower bounds are enough for 百/千/万: any of them is already above MAX_QUANTITY. */
const CHINESE_BIG_UNITS: ReadonlyArray<readonly [string, number]> = [['万', 10_000], ['千', 1_000], ['百', 100]];

/** The value of a token matched by NUMBER_SOURCE; NaN for anything else. */
export function readNumber(token: string): number {
  if (/^\d+(?:\.\d+)?$/.test(token)) return Number(token);
  return readChineseNumber(token);
}

function readChineseNumber(token: string): number {
  for (const [unit, lowerBound] of CHINESE_BIG_UNITS) if (token.includes(unit)) return lowerBound;
  const ten = token.indexOf('十');
  if (ten === -1) return token.length === 1 ? (CHINESE_DIGITS[token] ?? Number.NaN) : Number.NaN;
  const tens = ten === 0 ? 1 : CHINESE_DIGITS[token.slice(0, ten)];
  const ones = ten === token.length - 1 ? 0 : CHINESE_DIGITS[token.slice(ten + 1)];
  return tens === undefined || ones === undefined ? Number.NaN : tens * 10 + ones;
}

export type QuantityCheck = 'ok' | 'not_whole' | 'out_of_range';

export function checkQuantity(value: number): QuantityCheck {
  if (value === Number.POSITIVE_INFINITY) return 'out_of_range'; // a 400-digit "quantity"
  if (!Number.isInteger(value)) return 'not_whole';
  return value >= MIN_QUANTITY && value <= MAX_QUANTITY ? 'ok' : 'out_of_range';
}
