import type { Role } from '../../services/types';

/**
 * The accounts of the demo data (server/seed/demo.ts), offered by the development login on the web build.
 * The server refuses the development login in production, so this list only works where it is meant to.
 */
export interface DemoAccount { username: string; displayName: string; roles: Role[]; note: string }

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'neighbour.zhang', displayName: '张阿姨', roles: ['neighbour'], note: '阳光花园' },
  { username: 'neighbour.liu', displayName: '刘叔', roles: ['neighbour'], note: '阳光花园' },
  { username: 'neighbour.zhou', displayName: '小周', roles: ['neighbour'], note: '翠苑一区' },
  { username: 'leader.wang', displayName: '王芳', roles: ['leader', 'neighbour'], note: '阳光花园团长' },
  { username: 'leader.li', displayName: '李强', roles: ['leader', 'neighbour'], note: '翠苑一区团长' },
  { username: 'store.chen', displayName: '陈老板', roles: ['pickup'], note: '陈记便利店' },
  { username: 'store.zhao', displayName: '赵姐', roles: ['pickup'], note: '赵姐生鲜' },
  { username: 'store.sun', displayName: '孙师傅', roles: ['pickup'], note: '孙家小卖部' },
  { username: 'admin', displayName: '平台运营', roles: ['admin'], note: '平台管理员' },
];
