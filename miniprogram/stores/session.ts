/**
 * The session: token, user and the role the user is acting as. Kept apart from UI state, persisted with
 * Taro storage (localStorage on h5, wx storage in WeChat) so a relaunch stays signed in. Pages read it through
 * useSession(); services read it through getSession() for the Bearer token.
 */
import Taro from '@tarojs/taro';
import { useSyncExternalStore } from 'react';
import type { Role, Session } from '../services/types';
import { pickDefaultRole } from '../utils/roles';

export interface SessionState extends Session {
  /** Which of the user's roles the UI is showing; one of user.roles. */
  activeRole: Role;
}

const STORAGE_KEY = 'linli.session.v1';

type Listener = () => void;
const listeners = new Set<Listener>();
let current: SessionState | null = load();

function load(): SessionState | null {
  try {
    const raw: unknown = Taro.getStorageSync(STORAGE_KEY);
    if (!raw || typeof raw !== 'object') return null;
    const s = raw as Partial<SessionState>;
    if (typeof s.token !== 'string' || !s.user || !Array.isArray(s.user.roles)) return null;
    // No expiry check here: the device clock may be wrong. The server decides; its 401 ends the session.
    const activeRole = s.activeRole && s.user.roles.includes(s.activeRole) ? s.activeRole : pickDefaultRole(s.user.roles);
    return { ...(s as Session), activeRole };
  } catch {
    return null; // unreadable storage must not break the launch
  }
}

function commit(next: SessionState | null): void {
  current = next;
  try {
    if (next) Taro.setStorageSync(STORAGE_KEY, next);
    else Taro.removeStorageSync(STORAGE_KEY);
  } catch {
    // Storage full or unavailable (private mode): the session still works for this visit.
  }
  listeners.forEach((l) => l());
}

export function getSession(): SessionState | null {
  return current;
}

/**
 * Stores a fresh session from the API. Keeps the active role when the user still holds it (a token refresh),
 * otherwise picks the default one for their roles.
 */
export function setSession(session: Session): SessionState {
  const roles = session.user.roles;
  const keep = current && current.user.id === session.user.id && roles.includes(current.activeRole);
  const next: SessionState = { ...session, activeRole: keep && current ? current.activeRole : pickDefaultRole(roles) };
  commit(next);
  return next;
}

export function setActiveRole(role: Role): void {
  if (!current || !current.user.roles.includes(role)) return;
  commit({ ...current, activeRole: role });
}

export function clearSession(): void {
  if (current) commit(null);
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The session, re-rendering the component when it changes (login, role switch, logout, 401). */
export function useSession(): SessionState | null {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}
