import Taro from '@tarojs/taro';
import type { Role } from '../services/types';
import { ROLE_HOME } from './roles';

export const LOGIN_PAGE = '/pages/login/index';
export const ME_PAGE = '/pages/me/index';

/**
 * Opens a role's home as a fresh page stack: switching roles or signing in should not leave a "back" into
 * the previous role's pages.
 */
export function goHome(role: Role): void {
  void Taro.reLaunch({ url: ROLE_HOME[role] });
}

export function goLogin(): void {
  void Taro.reLaunch({ url: LOGIN_PAGE });
}

export function openMe(): void {
  void Taro.navigateTo({ url: ME_PAGE });
}
