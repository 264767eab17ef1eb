/** /api/auth (server/http/routes/auth.routes.ts). Sign-in calls are anonymous; the store keeps the result. */
import { request } from './request';
import type { Session, SessionUser } from './types';

/** WeChat: the one-time code from Taro.login(). */
export const loginWithWechat = (code: string) =>
  request<Session>({ url: '/api/auth/wechat', method: 'POST', data: { code }, anonymous: true });

/** Development and demo only: sign in as a seeded account by username. Refused in production. */
export const devLogin = (username: string) =>
  request<Session>({ url: '/api/auth/dev-login', method: 'POST', data: { username }, anonymous: true });

/** A new token carrying the user's current roles (after an approval granted one). */
export const refreshSession = () => request<Session>({ url: '/api/auth/refresh', method: 'POST', data: {} });

export const getMe = () => request<SessionUser>({ url: '/api/auth/me' });
