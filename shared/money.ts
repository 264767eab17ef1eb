/**
 * Money is integer fen (分) everywhere: 1 yuan = 100 fen. No floating point touches an amount;
 * rates are basis points (1% = 100 bps). These helpers are shared by the server and the mini-program.
 */

export type Fen = number;

/** Throws unless `value` is a safe integer number of fen. */
export function assertFen(value: number, name = 'amount'): asserts value is Fen {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer number of fen, got ${value}`);
}

/** 1230 → "¥12.30"; -5 → "-¥0.05". Pure integer arithmetic, so no rounding surprises. */
export function formatFen(fen: Fen, symbol = '¥'): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${symbol}${yuan}.${cents}`;
}

/** "12.3" → 1230, "12" → 1200, "0.05" → 5. Refuses more than two decimals, signs and garbage. */
export function parseYuanToFen(text: string): Fen {
  const m = /^\s*(\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) throw new RangeError(`not an amount in yuan: "${text}"`);
  const cents = (m[2] ?? '').padEnd(2, '0');
  return Number(m[1]) * 100 + Number(cents);
}

/** Share of an amount at a rate in basis points, rounded DOWN: the platform never overpays. */
export function applyRateBps(amountFen: Fen, rateBps: number): Fen {
  assertFen(amountFen);
  if (!Number.isInteger(rateBps) || rateBps < 0 || rateBps > 10_000) throw new RangeError(`bad rate ${rateBps} bps`);
  // amountFen * rateBps stays far below 2^53 for any real order (≤ 9e11 fen × 1e4).
  return Math.floor((amountFen * rateBps) / 10_000);
}

export function sumFen(values: readonly Fen[]): Fen {
  let total = 0;
  for (const v of values) {
    assertFen(v);
    total += v;
  }
  assertFen(total, 'sum');
  return total;
}

/**
 * Splits `totalFen` in proportion to `weights` by the largest-remainder method: the parts are integers,
 * they add up to exactly `totalFen`, and ties go to the earlier weight.
 */
export function prorate(weights: readonly number[], totalFen: Fen): Fen[] {
  assertFen(totalFen);
  const weightSum = weights.reduce((s, w) => s + w, 0);
  if (weights.length === 0) return [];
  if (weightSum <= 0) {
    const parts = weights.map(() => 0);
    parts[0] = totalFen;
    return parts;
  }
  const raw = weights.map((w) => (w * totalFen) / weightSum);
  const parts = raw.map((r) => Math.floor(r));
  let left = totalFen - parts.reduce((s, p) => s + p, 0);
  const order = raw
    .map((r, i) => ({ i, rem: r - Math.floor(r) }))
    .sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k].i] += 1;
  return parts;
}
