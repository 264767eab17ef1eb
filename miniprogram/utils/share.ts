/**
 * Share links. A link carries the campaign and the sharer's leader code; the neighbour who joins through it is
 * attributed to that leader. The code must look like one the server accepts, or the join would be refused.
 */
import { PAGES } from './nav';

const LEADER_CODE = /^[A-Z0-9]{4,16}$/;

/** The code from a link, if it is well-formed (case-folded: people retype links). */
export function cleanLeaderCode(raw: string | undefined | null): string | undefined {
  const code = (raw ?? '').trim().toUpperCase();
  return LEADER_CODE.test(code) ? code : undefined;
}

/** The mini-program path a share card opens. */
export function campaignSharePath(campaignId: number, leaderCode?: string | null): string {
  const code = cleanLeaderCode(leaderCode);
  return `${PAGES.campaign}?id=${campaignId}${code ? `&leaderCode=${code}` : ''}`;
}

/** The web link for the same page (h5 build: its own origin; customRoutes map /pages/campaign/index to /campaign). */
export function campaignWebLink(origin: string, campaignId: number, leaderCode?: string | null): string {
  const code = cleanLeaderCode(leaderCode);
  return `${origin.replace(/\/+$/, '')}/campaign?id=${campaignId}${code ? `&leaderCode=${code}` : ''}`;
}

/**
 * The campaign and sharer from a page's query, in every form a share arrives in: our share card
 * (`?id=12&leaderCode=WANG01`), the server's share cards and bot links (`?id=12&l=WANG01`), and a scanned
 * mini-program code, whose `scene` is "c=12&l=WANG01" (WeChat's 32-character limit).
 */
export function shareParams(params: Record<string, string | undefined>): { id: number | null; leaderCode?: string } {
  let scene = params.scene ?? '';
  try { scene = decodeURIComponent(scene); } catch { /* keep it as it came */ }
  const m = /^c=(\d{1,10})&l=([A-Za-z0-9]{4,16})$/.exec(scene);
  const rawId = m ? m[1] : params.id;
  const n = Number(rawId);
  return {
    id: Number.isSafeInteger(n) && n > 0 ? n : null,
    leaderCode: cleanLeaderCode(m ? m[2] : params.leaderCode ?? params.l),
  };
}
