/**
 * Reads `Authorization: Bearer <jwt>`; a valid token sets ctx.state.user and makes the request's actor that
 * user. Role checks happen per route (see http/api.ts), so public routes stay public.
 */
import type { Middleware } from 'koa';
import type { TokenService } from '../../modules/identity';
import { ForbiddenError, UnauthorizedError } from '../../kernel/errors';
import type { Role } from '../../../shared/types/statuses';
import type { AppState } from '../state';

export function authenticate(tokens: TokenService): Middleware<AppState> {
  return async function authenticate(ctx, next) {
    const header = ctx.get('authorization');
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw new UnauthorizedError('Authorization 头格式应为 Bearer <token>');
      const claims = await tokens.verify(m[1], ctx.state.rc.now);
      ctx.state.user = { id: claims.userId, roles: claims.roles };
      ctx.state.rc = { ...ctx.state.rc, actor: { kind: 'user', userId: claims.userId, roles: claims.roles } };
    }
    await next();
  };
}

/** 'public': anyone; 'user': any signed-in user; a role list: a user holding at least one of them. */
export type Access = 'public' | 'user' | readonly Role[];

export function checkAccess(state: AppState, access: Access): void {
  if (access === 'public') return;
  if (!state.user) throw new UnauthorizedError();
  if (access === 'user') return;
  if (!access.some((r) => state.user!.roles.includes(r))) {
    throw new ForbiddenError(`需要以下角色之一: ${access.join(', ')}`, { required: access });
  }
}
