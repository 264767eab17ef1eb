/**
 * For pages that belong to one role: returns the session when the user holds that role. Otherwise it sends
 * them away — to login when signed out (also after a 401 ended the session), or to their own home when they
 * lack the role (a deep link on the web, say) — and returns null so the page renders nothing meanwhile.
 */
import Taro, { useReady } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { setActiveRole, useSession, type SessionState } from '../stores/session';
import type { Role } from '../services/types';
import { ROLE_HOME } from '../utils/roles';
import { LOGIN_PAGE } from '../utils/nav';

export function useRoleGuard(role: Role | null): SessionState | null {
  const session = useSession();
  const allowed = session !== null && (role === null || session.user.roles.includes(role));
  // The h5 router must have finished loading this page before it can be relaunched away from: a relaunch
  // issued mid-load left this page's element in place above the new one, hiding it. And a page leaves once:
  // the launch-time session refresh changing the session again must not relaunch a second time.
  const [ready, setReady] = useState(false);
  useReady(() => setReady(true));
  const leaving = useRef(false);

  useEffect(() => {
    if (allowed) {
      // A leader who is also a neighbour may open a neighbour page directly: the "me" page should say so.
      if (role && session.activeRole !== role) setActiveRole(role);
      return;
    }
    if (!ready || leaving.current) return;
    leaving.current = true;
    void Taro.reLaunch({ url: session ? ROLE_HOME[session.activeRole] : LOGIN_PAGE });
  }, [allowed, session, ready]);

  return allowed ? session : null;
}
