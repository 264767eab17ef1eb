/**
 * Every link the bot sends, in one place: the mini-program's h5 pages served under PUBLIC_BASE_URL. When the
 * mini-program moves a page, change it here and every template follows.
 */
const base = (publicBaseUrl: string) => publicBaseUrl.replace(/\/+$/, '');

/** A campaign's detail page (items, traceability, progress, 接龙); `l` is a leader code the mini-program binds on first visit. */
export function campaignLink(publicBaseUrl: string, campaignId: number, query: Record<string, string> = {}): string {
  const q = new URLSearchParams({ id: String(campaignId), ...query });
  return `${base(publicBaseUrl)}/pages/campaign/index?${q}`;
}

/** Where a neighbour pays a pending order (the order page carries the pay button). */
export function orderLink(publicBaseUrl: string, orderId: number): string {
  return `${base(publicBaseUrl)}/pages/order/index?id=${orderId}`;
}

/**
 * A personal join link for a chat member the platform does not know yet: the campaign page with a signed
 * token; once signed in, the mini-program posts the token to POST /api/bot/links, which links the member to
 * the user and places the order they asked for in the group.
 */
export function personalJoinLink(publicBaseUrl: string, campaignId: number, token: string, leaderCode?: string | null): string {
  return campaignLink(publicBaseUrl, campaignId, { ...(leaderCode ? { l: leaderCode } : {}), botLink: token });
}
