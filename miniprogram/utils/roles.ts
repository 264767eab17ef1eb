import type { Role } from '../services/types';

export const ROLE_LABEL: Record<Role, string> = {
  neighbour: '邻居',
  leader: '团长',
  pickup: '自提点',
  admin: '管理员',
};

/** Each role's home page. leader/, store/ and admin/ are sub-packages (see app.config.ts). */
export const ROLE_HOME: Record<Role, string> = {
  neighbour: '/pages/campaigns/index',
  leader: '/leader/pages/home/index',
  pickup: '/store/pages/home/index',
  admin: '/admin/pages/home/index',
};

/**
 * Where a user with several roles lands first: the role with the most specific work. A leader is nearly always
 * a neighbour too, and came to run campaigns; they can switch to buying on the "me" page.
 */
const PRIORITY: readonly Role[] = ['admin', 'leader', 'pickup', 'neighbour'];

export function pickDefaultRole(roles: readonly Role[]): Role {
  return PRIORITY.find((r) => roles.includes(r)) ?? 'neighbour';
}

/** Roles in a stable, readable order for lists and switchers. */
export function sortRoles(roles: readonly Role[]): Role[] {
  const order: readonly Role[] = ['neighbour', 'leader', 'pickup', 'admin'];
  return order.filter((r) => roles.includes(r));
}
