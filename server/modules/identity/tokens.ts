/** Session tokens: HS256 JWTs (jose) carrying the user id and roles. */
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { UnauthorizedError } from '../../kernel/errors';
import { ROLES, type Role } from '../../../shared/types/statuses';

export interface SessionClaims { userId: number; roles: Role[] }

export class TokenService {
  private readonly key: Uint8Array;
  constructor(secret: string, private readonly ttlSeconds: number) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(claims: SessionClaims, now: Date): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({ roles: claims.roles })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(claims.userId))
      .setIssuer('linli')
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  async verify(token: string, now: Date): Promise<SessionClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: 'linli', algorithms: ['HS256'], currentDate: now });
      const userId = Number(payload.sub);
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)) : [];
      if (!Number.isSafeInteger(userId) || userId <= 0) throw new UnauthorizedError('登录凭证无效');
      return { userId, roles };
    } catch (err) {
      if (err instanceof UnauthorizedError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new UnauthorizedError('登录已过期，请重新登录');
      throw new UnauthorizedError('登录凭证无效');
    }
  }
}
