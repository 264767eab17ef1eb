/**
 * A request id on every request and response (X-Request-Id: the caller's if sane, else a new UUID), a child
 * logger carrying it, one access-log line per request, and the service context handlers pass down.
 */
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../../infra/logger';
import type { Clock } from '../../kernel/clock';
import type { AppState } from '../state';

const SANE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestContext(log: Logger, clock: Clock): Middleware<AppState> {
  return async function requestContext(ctx, next) {
    const incoming = ctx.get('x-request-id');
    const requestId = SANE_ID.test(incoming) ? incoming : randomUUID();
    const started = process.hrtime.bigint();
    ctx.state.requestId = requestId;
    // The child logger is made on first use: most requests log one line at most, many none at all.
    let child: Logger | undefined;
    Object.defineProperty(ctx.state, 'log', { get: () => (child ??= log.child({ reqId: requestId })), configurable: true, enumerable: true });
    ctx.state.rc = { actor: { kind: 'system', name: 'anonymous' }, requestId, now: clock.now() };
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (log.isLevelEnabled('info')) ctx.state.log.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10 }, 'request');
    }
  };
}
