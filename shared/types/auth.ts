import type { Role } from './statuses';

/** The signed-in user, as GET /api/auth/me and every login answer show it. */
export interface UserDTO {
  id: number;
  displayName: string;
  avatarUrl: string | null;
  phone: string | null;
  communityId: number | null;
  username: string | null;
  roles: Role[];
}

/** POST /api/auth/wechat | dev-login | admin | refresh → `{ data: SessionDTO }`. */
export interface SessionDTO {
  token: string;
  /** ISO 8601. */
  expiresAt: string;
  user: UserDTO;
}
