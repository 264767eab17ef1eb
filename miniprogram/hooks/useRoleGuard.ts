/**
 * For pages that belong to one role: returns the session when the user holds that role. Otherwise it sends
 * them away — to login when signed out (also after a 401 ended the session), or to their own home when they
 * lack the role (a deep link on the web, say) — and returns null so the page renders nothing meanwhile.
 */
import Taro from '@tarojs/taro';
import { useEffect } from 'react';
import { setActiveRole, useSession, type SessionState } from '../stores/session';
import type { Role } from '../services/types';
import { ROLE_HOME } from '../utils/roles';
import { LOGIN_PAGE } from '../utils/nav';

export function useRoleGuard(role: Role | null): SessionState | null {
  const session = useSession();
  const allowed = session !== null && (role === null || session.user.roles.includes(role));

  useEffect(() => {
    if (allowed) {
      // A leader who is also a neighbour may open a neighbour page directly: the "me" page should say so.
      if (role && session.activeRole !== role) setActiveRole(role);
      return;
    }
    const url = session ? ROLE_HOME[session.activeRole] : LOGIN_PAGE;
    void Taro.reLaunch({ url });
  }, [allowed, session]);

  return allowed ? session : null;
}
