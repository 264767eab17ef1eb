/**
 * A neighbour opened a share link: the server binds them to its leader if they are bound to nobody (first
 * touch). Best effort — the join carries the code anyway, so a failure here changes no order's attribution.
 */
import { request } from './request';

export const recordShareVisit = (campaignId: number, leaderCode: string) =>
  request<unknown>({ url: '/api/share/visit', method: 'POST', data: { campaignId, leaderCode } });
