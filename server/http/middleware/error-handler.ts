/**
 * The one place errors become HTTP responses, always in the common shape
 * `{ "error": { "code", "message", "details" } }`. Domain errors carry no status: this table maps them.
 * Unexpected errors answer 500 with a generic message and are logged with the request id.
 */
import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import {
  BusinessRuleError, ConflictError, DomainError, ExternalServiceError, ForbiddenError, InvalidInputError, NotFoundError,
  RateLimitedError, UnauthorizedError,
} from '../../kernel/errors';
import type { ErrorCode } from '../../../shared/types/error-codes';
import type { AppState } from '../state';

type ErrorClass = abstract new (...args: never[]) => DomainError;

const STATUS_BY_ERROR: ReadonlyArray<[ErrorClass, number]> = [
  [InvalidInputError, 400], [UnauthorizedError, 401], [ForbiddenError, 403], [NotFoundError, 404],
  [ConflictError, 409], [BusinessRuleError, 422], [RateLimitedError, 429], [ExternalServiceError, 502],
];

/** Errors thrown by Koa, the router and the body parser carry `status` and `expose`. */
const CODE_BY_HTTP_STATUS: Record<number, ErrorCode> = {
  400: 'INVALID_INPUT', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT', 413: 'PAYLOAD_TOO_LARGE', 415: 'INVALID_INPUT', 422: 'BUSINESS_RULE', 429: 'RATE_LIMITED',
  501: 'METHOD_NOT_ALLOWED', 503: 'NOT_READY',
};

export interface HttpError { status: number; code: ErrorCode; message: string; details?: unknown }

export function toHttpError(err: unknown): HttpError {
  if (err instanceof DomainError) {
    const status = STATUS_BY_ERROR.find(([cls]) => err instanceof cls)?.[1] ?? 500;
    return { status, code: err.code, message: err.message, details: err.details };
  }
  if (err instanceof ZodError) {
    return {
      status: 400,
      code: 'INVALID_INPUT',
      message: err.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).slice(0, 3).join('; '),
      details: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code })),
    };
  }
  const e = err as { status?: number; statusCode?: number; expose?: boolean; type?: string; message?: string };
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (e.type === 'entity.parse.failed' || (status === 400 && err instanceof SyntaxError)) return { status: 400, code: 'INVALID_JSON', message: 'request body is not valid JSON' };
    if (e.type === 'entity.too.large') return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'request body is too large' };
    return { status, code: CODE_BY_HTTP_STATUS[status] ?? 'INVALID_INPUT', message: e.expose && e.message ? e.message : 'bad request' };
  }
  return { status: 500, code: 'INTERNAL', message: 'internal error' };
}

export function errorHandler(): Middleware<AppState> {
  return async function errorHandler(ctx, next) {
    try {
      await next();
    } catch (err) {
      const httpError = toHttpError(err);
      ctx.status = httpError.status;
      ctx.body = {
        error: { code: httpError.code, message: httpError.message, details: httpError.details ?? null, requestId: ctx.state.requestId },
      };
      if (httpError.status >= 500) ctx.state.log?.error({ err }, 'request failed');
      else ctx.state.log?.debug({ code: httpError.code, status: httpError.status }, httpError.message);
    }
  };
}

/** Unknown routes: after every router, anything still unanswered is a 404 in the common shape. */
export function notFound(): Middleware<AppState> {
  return async function notFound(ctx, next) {
    await next();
    if (ctx.body === undefined && ctx.status === 404) throw new NotFoundError('route', `${ctx.method} ${ctx.path}`);
  };
}
