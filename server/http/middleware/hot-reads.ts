/**
 * The reads a whole chat group makes in the same minute — the campaign detail behind a share link and the
 * community's campaign list — answered straight from the read cache when it holds a fresh answer, before body
 * parsing, route matching and validation, which cost more than the answer itself. It sits after authentication,
 * so a bad token is still a 401 here as everywhere. Anything else, and every miss, goes on to the routes (which
 * fill the cache): the routed handlers stay the one definition of these answers, this is only their shortcut.
 */
import type { Middleware } from 'koa';
import type { Views } from '../../flows/views';
import type { RawJson } from '../../kernel/read-cache';
import { sendRawJson } from '../api';
import type { AppState } from '../state';

// Only the canonical forms: anything else ("007", extra parameters) is left to the routes and their validation.
const DETAIL_PATH = /^\/api\/campaigns\/([1-9]\d{0,9})$/;
const LIST_QUERY = /^communityId=([1-9]\d{0,9})$/;

function cached(views: Views, path: string, querystring: string): RawJson | undefined {
  if (path === '/api/campaigns') {
    const q = LIST_QUERY.exec(querystring);
    return q ? views.cachedCampaignList(Number(q[1])) : undefined;
  }
  const d = querystring === '' ? DETAIL_PATH.exec(path) : null;
  return d ? views.cachedCampaignDetail(Number(d[1])) : undefined;
}

export function hotReads(views: Views): Middleware<AppState> {
  return async function hotReads(ctx, next) {
    const hit = ctx.method === 'GET' ? cached(views, ctx.path, ctx.querystring) : undefined;
    if (!hit) return next();
    ctx.status = 200;
    sendRawJson(ctx, hit);
  };
}
