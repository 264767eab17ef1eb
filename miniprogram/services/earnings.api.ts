/**
 * The leader's commission (/api/leader/earnings): totals by state with the latest statements, one statement,
 * and its lines page by page. Amounts are integer fen.
 */
import type { Page } from '@shared/types/api';
import type { EarningEntryDTO, EarningsDTO, StatementDTO, StatementLineDTO } from '@shared/types/commission';
import { request } from './request';

/** What GET /api/leader/earnings answers: my totals and my latest 50 statements, newest first. */
export type LeaderEarnings = EarningsDTO & { statements: StatementDTO[] };

export const getMyEarnings = () => request<LeaderEarnings>({ url: '/api/leader/earnings' });

export const getMyStatement = (id: number) => request<StatementDTO>({ url: `/api/leader/earnings/statements/${id}` });

/** One page of a statement's lines, in line order; `nextCursor` is passed back as `after` for the next page. */
export const listMyStatementLines = (id: number, after = 0, limit = 50) =>
  request<Page<StatementLineDTO>>({ url: `/api/leader/earnings/statements/${id}/lines`, data: { after, limit } });

/** My commission entries, newest first; `nextCursor` is passed back as `before` for the next page. */
export const listMyEntries = (before = 0, limit = 20) =>
  request<Page<EarningEntryDTO>>({ url: '/api/leader/earnings/entries', data: { before, limit } });
