/**
 * Shapes the mini-program reads from the API, from the repo's shared/ types (never copied here).
 */
import type { Role } from '@shared/types/statuses';
import type { SessionDTO, UserDTO } from '@shared/types/auth';

export type { Role };
export type SessionUser = UserDTO;
export type Session = SessionDTO;
