/**
 * Domain errors carry a code and no HTTP status: the one table in http/middleware/error-handler.ts maps
 * each class to a status. Throw these from anywhere below the HTTP layer.
 */
import type { ErrorCode } from '../../shared/types/error-codes';

export class DomainError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly details?: unknown) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the request is malformed or a value is out of range. */
export class InvalidInputError extends DomainError {
  constructor(message: string, details?: unknown, code: ErrorCode = 'INVALID_INPUT') { super(code, message, details); }
}
/** 401: no valid credentials. */
export class UnauthorizedError extends DomainError {
  constructor(message = '请先登录', details?: unknown) { super('UNAUTHORIZED', message, details); }
}
/** 403: signed in, but not allowed to do this. */
export class ForbiddenError extends DomainError {
  constructor(message = '没有权限', details?: unknown) { super('FORBIDDEN', message, details); }
}
/** 404 */
export class NotFoundError extends DomainError {
  constructor(entity: string, id?: unknown) {
    super('NOT_FOUND', id === undefined ? `${entity} not found` : `${entity} ${String(id)} not found`, { entity, id });
  }
}
/** 409: the state moved under the caller, a duplicate, or a resource ran out. */
export class ConflictError extends DomainError {
  constructor(message: string, details?: unknown, code: ErrorCode = 'CONFLICT') { super(code, message, details); }
}
export class IllegalTransitionError extends ConflictError {
  constructor(entity: string, from: string, to: string, reason?: string) {
    super(`${entity} cannot go from ${from} to ${to}${reason ? `: ${reason}` : ''}`, { entity, from, to, reason }, 'ILLEGAL_TRANSITION');
  }
}
/** 422: well-formed, but a business rule refuses it (a limit, a window, a cold-chain rule). */
export class BusinessRuleError extends DomainError {
  constructor(code: ErrorCode, message: string, details?: unknown) { super(code, message, details); }
}
/** 429 */
export class RateLimitedError extends DomainError {
  constructor(message = '操作太频繁，请稍后再试', details?: unknown) { super('RATE_LIMITED', message, details); }
}
/** 502: WeChat or a chat webhook failed; the infra clients wrap their failures in this. */
export class ExternalServiceError extends DomainError {
  constructor(service: string, message: string, details?: unknown) { super('EXTERNAL_SERVICE', `${service}: ${message}`, details); }
}
