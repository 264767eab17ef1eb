import { z } from 'zod';
import { toHttpError } from '../../../../server/http/middleware/error-handler';
import {
  BusinessRuleError, ConflictError, ForbiddenError, IllegalTransitionError, InvalidInputError, NotFoundError, RateLimitedError,
  UnauthorizedError, ExternalServiceError,
} from '../../../../server/kernel/errors';
import { checkAccess } from '../../../../server/http/middleware/auth';

describe('error mapping', () => {
  it.each([
    [new InvalidInputError('x'), 400, 'INVALID_INPUT'],
    [new UnauthorizedError(), 401, 'UNAUTHORIZED'],
    [new ForbiddenError(), 403, 'FORBIDDEN'],
    [new NotFoundError('order', 1), 404, 'NOT_FOUND'],
    [new ConflictError('x'), 409, 'CONFLICT'],
    [new IllegalTransitionError('order', 'paid', 'expired'), 409, 'ILLEGAL_TRANSITION'],
    [new BusinessRuleError('LIMIT_EXCEEDED', 'x'), 422, 'LIMIT_EXCEEDED'],
    [new RateLimitedError(), 429, 'RATE_LIMITED'],
    [new ExternalServiceError('wechat', 'down'), 502, 'EXTERNAL_SERVICE'],
  ])('%s → %i %s', (err, status, code) => {
    expect(toHttpError(err)).toMatchObject({ status, code });
  });

  it('a zod error is a 400 with the failing paths in details', () => {
    const r = z.object({ n: z.number() }).safeParse({ n: 'x' });
    const e = toHttpError(r.error);
    expect(e.status).toBe(400);
    expect(e.details).toEqual([expect.objectContaining({ path: 'n' })]);
  });

  it('an unexpected error is a generic 500 that leaks nothing', () => {
    expect(toHttpError(new TypeError('secret stack detail'))).toEqual({ status: 500, code: 'INTERNAL', message: 'internal error' });
  });

  it('role checks', () => {
    const base = { requestId: 'r', log: {} as never, rc: {} as never };
    expect(() => checkAccess(base, 'public')).not.toThrow();
    expect(() => checkAccess(base, 'user')).toThrow(UnauthorizedError);
    const neighbour = { ...base, user: { id: 1, roles: ['neighbour' as const] } };
    expect(() => checkAccess(neighbour, 'user')).not.toThrow();
    expect(() => checkAccess(neighbour, ['admin'])).toThrow(ForbiddenError);
    expect(() => checkAccess(neighbour, ['leader', 'neighbour'])).not.toThrow();
  });
});
