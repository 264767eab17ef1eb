import type { Logger } from '../infra/logger';
import type { ServiceContext } from '../kernel/context';
import type { Role } from '../../shared/types/statuses';

/** What middleware leaves on ctx.state for the handlers. */
export interface AppState {
  requestId: string;
  log: Logger;
  /** Set by the auth middleware when a valid token came with the request. */
  user?: { id: number; roles: Role[] };
  /** The service context of this request: actor, request id and one clock reading. */
  rc: ServiceContext;
}
