/**
 * Accounts and sign-in: WeChat login (code2Session → openid), admin login (username + scrypt hash), and a
 * development login that exists only outside production. Roles are rows in user_roles, granted by approvals.
 */
import type { Transaction } from 'sequelize';
import { UserModel, UserRoleModel } from './identity.model';
import { TokenService } from './tokens';
import { hashPassword, verifyPassword } from './passwords';
import type { WechatAuthClient } from '../../infra/wechat/auth.client';
import { BusinessRuleError, ForbiddenError, NotFoundError, UnauthorizedError } from '../../kernel/errors';
import type { ServiceContext } from '../../kernel/context';
import { isUniqueViolation } from '../../infra/db';
import type { Role } from '../../../shared/types/statuses';
import type { SessionDTO, UserDTO } from '../../../shared/types/auth';

/** The user and session shapes are the API contract, defined once in shared/ for the server and the mini-program. */
export type UserRecord = UserDTO;
export type Session = SessionDTO;

export class IdentityService {
  constructor(
    private readonly tokens: TokenService,
    private readonly wechat: WechatAuthClient,
    private readonly opts: { devLogin: boolean },
  ) {}

  async getUser(userId: number, tx?: Transaction): Promise<UserRecord> {
    const user = await UserModel.findByPk(userId, { transaction: tx });
    if (!user) throw new NotFoundError('user', userId);
    return { ...toRecord(user), roles: await this.rolesOf(userId, tx) };
  }

  /** Display names of many users in one read (the 接龙 list takes them as of payment). */
  async displayNames(userIds: readonly number[], tx?: Transaction): Promise<Map<number, string>> {
    if (!userIds.length) return new Map();
    const rows = await UserModel.findAll({ where: { id: [...new Set(userIds)] }, attributes: ['id', 'displayName'], transaction: tx, raw: true });
    return new Map(rows.map((r) => [Number(r.id), r.displayName]));
  }

  /** The WeChat openid the user signed in with (needed to pay through WeChat), or null. */
  async openidOf(userId: number): Promise<string | null> {
    const user = await UserModel.findByPk(userId, { attributes: ['openid'] });
    return user?.openid ?? null;
  }

  async rolesOf(userId: number, tx?: Transaction): Promise<Role[]> {
    const rows = await UserRoleModel.findAll({ where: { userId }, attributes: ['role'], transaction: tx, raw: true });
    return rows.map((r) => r.role).sort();
  }

  /** Adds a role; granting one the user has is a no-op (unique key on user_id + role). */
  async grantRole(tx: Transaction | undefined, userId: number, role: Role, now: Date): Promise<void> {
    const existing = await UserRoleModel.findOne({ where: { userId, role }, transaction: tx });
    if (!existing) await UserRoleModel.create({ userId, role, createdAt: now }, { transaction: tx });
  }

  async revokeRole(tx: Transaction | undefined, userId: number, role: Role): Promise<void> {
    await UserRoleModel.destroy({ where: { userId, role }, transaction: tx });
  }

  async createUser(
    tx: Transaction | undefined,
    input: { displayName: string; openid?: string | null; username?: string | null; password?: string; phone?: string | null; communityId?: number | null; roles: Role[] },
    now: Date,
  ): Promise<UserRecord> {
    const user = await UserModel.create({
      displayName: input.displayName,
      openid: input.openid ?? null,
      username: input.username ?? null,
      passwordHash: input.password ? await hashPassword(input.password) : null,
      phone: input.phone ?? null,
      communityId: input.communityId ?? null,
      createdAt: now,
      updatedAt: now,
    }, { transaction: tx });
    for (const role of input.roles) await this.grantRole(tx, user.id, role, now);
    return { ...toRecord(user), roles: [...input.roles].sort() };
  }

  async updateProfile(userId: number, patch: { displayName?: string; avatarUrl?: string | null; phone?: string | null; communityId?: number | null }): Promise<UserRecord> {
    const user = await UserModel.findByPk(userId);
    if (!user) throw new NotFoundError('user', userId);
    await user.update(patch);
    return this.getUser(userId);
  }

  /** WeChat login: exchange the wx.login() code; a first-time openid becomes a new neighbour. */
  async loginWithWechat(rc: ServiceContext, code: string): Promise<Session> {
    const { openid, unionid } = await this.wechat.code2Session(code);
    let user = await UserModel.findOne({ where: { openid } });
    if (!user) {
      try {
        const created = await this.createUser(undefined, { displayName: `邻居${openid.slice(-4)}`, openid, roles: ['neighbour'] }, rc.now);
        user = await UserModel.findByPk(created.id);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        user = await UserModel.findOne({ where: { openid } }); // two logins raced: the other one created it
      }
      if (unionid) await user!.update({ unionid });
    }
    return this.sessionFor(user!.id, rc.now);
  }

  async loginAsAdmin(rc: ServiceContext, username: string, password: string): Promise<Session> {
    const user = await UserModel.findOne({ where: { username } });
    const ok = await verifyPassword(password, user?.passwordHash);
    if (!user || !ok) throw new UnauthorizedError('用户名或密码错误');
    const roles = await this.rolesOf(user.id);
    if (!roles.includes('admin')) throw new ForbiddenError('该账号不是管理员');
    return this.sessionFor(user.id, rc.now);
  }

  /** Development only: sign in as an existing user by id or username, without a password. */
  async devLogin(rc: ServiceContext, who: { userId?: number; username?: string }): Promise<Session> {
    if (!this.opts.devLogin) throw new ForbiddenError('development login is disabled');
    const user = who.userId
      ? await UserModel.findByPk(who.userId)
      : await UserModel.findOne({ where: { username: who.username ?? '' } });
    if (!user) throw new NotFoundError('user', who.userId ?? who.username);
    return this.sessionFor(user.id, rc.now);
  }

  /** A fresh token with the user's current roles (after an approval grants one). */
  async sessionFor(userId: number, now: Date): Promise<Session> {
    const user = await this.getUser(userId);
    const { token, expiresAt } = await this.tokens.issue({ userId, roles: user.roles }, now);
    return { token, expiresAt: expiresAt.toISOString(), user };
  }

  async setPassword(userId: number, password: string): Promise<void> {
    if (password.length < 8) throw new BusinessRuleError('BUSINESS_RULE', '密码至少 8 位');
    await UserModel.update({ passwordHash: await hashPassword(password) }, { where: { id: userId } });
  }
}

function toRecord(u: UserModel): Omit<UserRecord, 'roles'> {
  return {
    id: u.id, displayName: u.displayName, avatarUrl: u.avatarUrl ?? null, phone: u.phone ?? null,
    communityId: u.communityId ?? null, username: u.username ?? null,
  };
}
