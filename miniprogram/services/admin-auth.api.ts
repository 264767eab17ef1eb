/** Admin sign-in with a username and password (POST /api/auth/admin): the web build's way in for the platform team. */
import type { Session } from './types';
import { request } from './request';

export const loginAsAdmin = (username: string, password: string) =>
  request<Session>({ url: '/api/auth/admin', method: 'POST', data: { username, password }, anonymous: true });
