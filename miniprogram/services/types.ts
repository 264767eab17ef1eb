/**
 * Shapes the mini-program reads from the API. Roles and statuses come from the repo's shared/ types; the
 * user and session mirror what /api/auth answers (server/modules/identity). Campaign/order DTOs will move
 * to shared/types as those APIs land — until then each api file declares only the fields it renders.
 */
import type { Role } from '@shared/types/statuses';

export type { Role };

export interface SessionUser {
  id: number;
  displayName: string;
  avatarUrl: string | null;
  phone: string | null;
  communityId: number | null;
  username: string | null;
  roles: Role[];
}

/** POST /api/auth/wechat | dev-login | admin | refresh → `{ data: Session }`. */
export interface Session {
  token: string;
  /** ISO 8601. */
  expiresAt: string;
  user: SessionUser;
}
