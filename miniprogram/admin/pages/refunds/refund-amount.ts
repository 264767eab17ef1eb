/**
 * The amount typed into the admin's refund form, in yuan, read as integer fen (utils/amount-input.ts: no floats,
 * full-width digits too) and checked against what the order may still give back, with the message to show.
 */
import { formatFen } from '@shared/money';
import { fenToYuanText, yuanToFen } from '../../../utils/amount-input';

export type RefundAmountCheck = { fen: number; error: null } | { fen: null; error: string };

export function checkRefundAmount(text: string, refundableFen: number): RefundAmountCheck {
  if (!text.trim()) return { fen: null, error: '请输入退款金额' };
  const fen = yuanToFen(text);
  if (fen === null) return { fen: null, error: '请输入金额，如 12.5（最多两位小数）' };
  if (fen <= 0) return { fen: null, error: '退款金额须大于 0' };
  if (fen > refundableFen) return { fen: null, error: `超出可退金额，最多可退 ${formatFen(refundableFen)}` };
  return { fen, error: null };
}

/** The form's starting amount: everything that is left, as "191.50". */
export function fullAmountText(refundableFen: number): string {
  return fenToYuanText(refundableFen);
}
