/**
 * What an admin types to find one order: its order number ("L260801K3J9QA1B20001", as the neighbour reads it
 * out) or its id ("12", "#12", as the admin lists show "订单 12"). Read the same way by the mini-program (to
 * say what is wrong before asking) and by the server (GET /api/admin/orders?q=…). Spaces, dashes, case and
 * full-width characters typed on a Chinese keyboard don't matter.
 */

export type OrderQuery =
  /** Digits only: an order id (or, should one ever be all digits, an order number). */
  | { kind: 'id'; id: number; text: string }
  | { kind: 'orderNo'; orderNo: string };

/** Order numbers are letters and digits, at most 32 (orders.order_no); they start with their date, so have digits. */
const ORDER_NO = /^(?=[A-Z]*\d)[A-Z0-9]{6,32}$/;
const ID = /^\d{1,10}$/;

/** Full-width letters, digits and '＃' to ASCII; spaces and dashes dropped; upper case. */
export function normalizeOrderQuery(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\-_]/g, '')
    .toUpperCase();
}

/** The order asked for, or null when the text can be neither an order number nor an id. */
export function parseOrderQuery(text: string): OrderQuery | null {
  const t = normalizeOrderQuery(text).replace(/^#/, '');
  if (ID.test(t)) {
    const id = Number(t);
    return id > 0 && id <= 2_147_483_647 ? { kind: 'id', id, text: t } : null;
  }
  return ORDER_NO.test(t) ? { kind: 'orderNo', orderNo: t } : null;
}
