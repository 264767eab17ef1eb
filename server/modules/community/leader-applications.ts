/**
 * 团长申请: a user applies (name, phone, community, address); an admin approves — the leader gets a community,
 * found by (city, name) or created — or rejects with a reason; a rejected applicant may apply again. Every move is
 * a compare-and-set on the status, checked against `leaderTransitions`.
 */
import { randomInt } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { Op } from 'sequelize';
import { assertTransition, type Transitions } from '../../kernel/fsm';
import { ConflictError, NotFoundError } from '../../kernel/errors';
import { isUniqueViolation } from '../../infra/db';
import type { ApprovalStatus } from '../../../shared/types/statuses';
import { CommunityModel, LeaderModel } from './community.model';

/** suspended is reserved for a later "pause a leader" action; nothing moves there yet. */
export const leaderTransitions: Transitions<ApprovalStatus> = {
  pending: ['approved', 'rejected'],
  rejected: ['pending'],
  approved: ['suspended'],
  suspended: ['approved'],
};

export interface LeaderApplicationInput { name: string; phone: string; communityName: string; city: string; address: string }

export interface LeaderApplication {
  id: number; userId: number; code: string; name: string; phone: string; status: ApprovalStatus;
  appliedCommunityName: string; appliedCity: string; appliedAddress: string; communityId: number | null;
  rejectReason: string | null; reviewedBy: number | null; reviewedAt: Date | null; createdAt: Date;
}

const toApplication = (l: LeaderModel): LeaderApplication => ({
  id: l.id, userId: l.userId, code: l.code, name: l.name, phone: l.phone, status: l.status,
  appliedCommunityName: l.appliedCommunityName, appliedCity: l.appliedCity, appliedAddress: l.appliedAddress,
  communityId: l.communityId ?? null, rejectReason: l.rejectReason ?? null, reviewedBy: l.reviewedBy ?? null,
  reviewedAt: l.reviewedAt ?? null, createdAt: l.createdAt,
});

/** No 0/O or 1/I: a leader reads their code out loud and neighbours type it. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function newLeaderCode(length = 6): string {
  let s = '';
  for (let i = 0; i < length; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

/** Which unique key a duplicate hit: the driver's message names it on both databases. */
function mentionsUserId(err: unknown): boolean {
  const e = err as { fields?: unknown; parent?: { message?: string }; message?: string };
  return /user_id/.test(`${JSON.stringify(e.fields ?? {})} ${e.parent?.message ?? ''} ${e.message ?? ''}`);
}

export class LeaderApplications {
  async get(id: number, tx?: Transaction, lock = false): Promise<LeaderApplication> {
    const l = await LeaderModel.findByPk(id, { transaction: tx, lock: lock && tx ? tx.LOCK.UPDATE : undefined });
    if (!l) throw new NotFoundError('leader application', id);
    return toApplication(l);
  }

  async ofUser(userId: number, tx?: Transaction): Promise<LeaderApplication | null> {
    const l = await LeaderModel.findOne({ where: { userId }, transaction: tx });
    return l ? toApplication(l) : null;
  }

  async list(status: ApprovalStatus | undefined, limit = 200): Promise<LeaderApplication[]> {
    const rows = await LeaderModel.findAll({ where: status ? { status } : { id: { [Op.gt]: 0 } }, order: [['id', 'ASC']], limit });
    return rows.map(toApplication);
  }

  /**
   * A first application creates the leader row (pending) with a fresh share code; a rejected applicant's row goes
   * back to pending with the new details. Pending or approved already: 409. One row per user (unique user_id), so
   * two racing submissions leave one application.
   */
  async apply(tx: Transaction, userId: number, input: LeaderApplicationInput, now: Date): Promise<LeaderApplication> {
    const existing = await LeaderModel.findOne({ where: { userId }, transaction: tx, lock: tx.LOCK.UPDATE });
    const details = {
      name: input.name, phone: input.phone, appliedCommunityName: input.communityName, appliedCity: input.city, appliedAddress: input.address,
    };
    if (existing) {
      if (existing.status !== 'rejected') {
        throw new ConflictError(existing.status === 'pending' ? '申请正在审核中' : '您已经是团长', { status: existing.status });
      }
      assertTransition(leaderTransitions, 'leader', existing.status, 'pending');
      const [n] = await LeaderModel.update({ ...details, status: 'pending', rejectReason: null, updatedAt: now }, { where: { id: existing.id, status: 'rejected' }, transaction: tx });
      if (n !== 1) throw new ConflictError('申请状态已变化，请刷新');
      return this.get(existing.id, tx);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const row = await LeaderModel.create({ userId, code: newLeaderCode(), ...details, status: 'pending', createdAt: now, updatedAt: now }, { transaction: tx });
        return toApplication(row);
      } catch (err) {
        // A code collision (1 in ~10⁹ per pair) takes another code; a second application by the same user is a 409.
        if (!isUniqueViolation(err)) throw err;
        if (mentionsUserId(err) || attempt >= 3) throw new ConflictError('申请已提交', { userId });
      }
    }
  }

  /** pending → approved (with its community) or rejected (with a reason); compare-and-set on the status. */
  async review(tx: Transaction, id: number, to: 'approved' | 'rejected', by: { reviewerId: number; reason?: string; communityId?: number }, now: Date): Promise<LeaderApplication> {
    const current = await this.get(id, tx, true);
    assertTransition(leaderTransitions, 'leader', current.status, to);
    const sets = to === 'approved'
      ? { status: to, communityId: by.communityId!, rejectReason: null, reviewedBy: by.reviewerId, reviewedAt: now, updatedAt: now }
      : { status: to, rejectReason: by.reason ?? null, reviewedBy: by.reviewerId, reviewedAt: now, updatedAt: now };
    const [n] = await LeaderModel.update(sets, { where: { id, status: current.status }, transaction: tx });
    if (n !== 1) throw new ConflictError('申请状态已变化，请刷新');
    return this.get(id, tx);
  }

  /** The community named in an application: the existing one with that (city, name), else a new one. */
  async findOrCreateCommunity(tx: Transaction, input: { name: string; city: string; address: string | null }, now: Date): Promise<number> {
    const found = await CommunityModel.findOne({ where: { city: input.city, name: input.name }, transaction: tx });
    if (found) return found.id;
    // (city, name) is unique: inside this transaction a racing creator makes this insert fail, and the retry of
    // the whole transaction (db.transaction) or the caller's next attempt finds the row.
    const created = await CommunityModel.create({ name: input.name, city: input.city, address: input.address, createdAt: now, updatedAt: now }, { transaction: tx });
    return created.id;
  }

  async communityExists(id: number, tx?: Transaction): Promise<boolean> {
    return (await CommunityModel.count({ where: { id }, transaction: tx })) > 0;
  }
}
