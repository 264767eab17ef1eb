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
