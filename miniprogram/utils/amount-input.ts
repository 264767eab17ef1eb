/**
 * Amounts and rates typed into forms. Money: yuan text ↔ integer fen through shared/money.ts (no floats); rates:
 * percent text → basis points. Chinese keyboards may type full-width digits ("５９．９"): those count too.
 */
import { formatFen, parseYuanToFen } from '@shared/money';

/** Full-width digits and dot to ASCII; "¥", "￥", "%" and spaces dropped. */
export function normalizeNumberText(text: string): string {
  return text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[¥￥%％\s]/g, '');
}

/** "59.9" → 5990, "１２" → 1200; null when it is not an amount (empty, negative, letters, more than two decimals). */
export function yuanToFen(text: string): number | null {
  try {
    return parseYuanToFen(normalizeNumberText(text));
  } catch {
    return null;
  }
}

/** 5990 → "59.90", to prefill an input with a stored amount. */
export function fenToYuanText(fen: number): string {
  return formatFen(fen, '');
}

/** "8" → 800, "8.25" → 825 (basis points); null when left empty; undefined when not a percent of 0–100 with ≤ 2 decimals. */
export function percentToBps(text: string): number | null | undefined {
  const t = normalizeNumberText(text);
  if (!t) return null;
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return undefined;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bps <= 10_000 ? bps : undefined;
}

/** 800 → "8", 825 → "8.25", null → "". */
export function bpsToPercentText(bps: number | null): string {
  if (bps === null) return '';
  const whole = Math.trunc(bps / 100);
  const rest = bps % 100;
  return rest ? `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}` : String(whole);
}

/** A whole number typed into a form ("１２０" too); null when it is not one. */
export function wholeNumber(text: string): number | null {
  const t = normalizeNumberText(text);
  return /^\d{1,9}$/.test(t) ? Number(t) : null;
}
