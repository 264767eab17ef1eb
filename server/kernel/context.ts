import type { Role } from '../../shared/types/statuses';

/** Who is acting: a signed-in user with their roles, or the system (jobs, payment callbacks, the bot). */
export type Actor =
  | { kind: 'user'; userId: number; roles: readonly Role[] }
  | { kind: 'system'; name: string };

/** Passed first to every service call: who, which request, and one clock reading for the whole operation. */
export interface ServiceContext {
  readonly actor: Actor;
  readonly requestId: string;
  readonly now: Date;
}

export const systemContext = (name: string, now: Date, requestId = `sys-${name}`): ServiceContext => ({
  actor: { kind: 'system', name },
  requestId,
  now,
});

export function actorUserId(actor: Actor): number | null {
  return actor.kind === 'user' ? actor.userId : null;
}
