import { z } from 'zod';
import { Api } from '../api';
import type { Container } from '../../container';

export const WechatLoginBody = z.object({ code: z.string().min(1).max(128) });
export const AdminLoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });
export const DevLoginBody = z.object({
  userId: z.number().int().positive().optional(),
  username: z.string().min(1).max(64).optional(),
}).refine((b) => b.userId !== undefined || b.username !== undefined, { message: 'give userId or username' });
export const ProfileBody = z.object({
  displayName: z.string().trim().min(1).max(32).optional(),
  avatarUrl: z.string().url().max(512).nullable().optional(),
  phone: z.string().regex(/^\+?\d{6,20}$/).nullable().optional(),
  communityId: z.number().int().positive().nullable().optional(),
});

export function authRoutes(c: Pick<Container, 'identity'>): Api {
  return new Api('/api/auth', 'auth')
    .route({ method: 'post', path: '/wechat', summary: 'Sign in with the code from wx.login()', access: 'public', body: WechatLoginBody },
      ({ body, rc }) => c.identity.loginWithWechat(rc, body.code))
    .route({ method: 'post', path: '/admin', summary: 'Admin sign-in with username and password', access: 'public', body: AdminLoginBody },
      ({ body, rc }) => c.identity.loginAsAdmin(rc, body.username, body.password))
    .route({ method: 'post', path: '/dev-login', summary: 'Development only: sign in as a demo account', access: 'public', body: DevLoginBody },
      ({ body, rc }) => c.identity.devLogin(rc, body))
    .route({ method: 'post', path: '/refresh', summary: 'A new token carrying the current roles', access: 'user' },
      ({ userId, rc }) => c.identity.sessionFor(userId, rc.now))
    .route({ method: 'get', path: '/me', summary: 'The signed-in user and their roles', access: 'user' },
      ({ userId }) => c.identity.getUser(userId))
    .route({ method: 'patch', path: '/me', summary: 'Update my display name, avatar, phone or community', access: 'user', body: ProfileBody },
      ({ userId, body }) => c.identity.updateProfile(userId, body));
}
