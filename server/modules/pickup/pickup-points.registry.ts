/**
 * 自提点入驻: a store owner registers a point (name, address, hours, capacity, cold storage, contact); an admin
 * approves or rejects it with a reason; a rejected point may be resubmitted. Leaders attach approved points to
 * their community (unique per community and point, so attaching twice changes nothing).
 */
import type { Transaction } from 'sequelize';
import { Op } from 'sequelize';
import { assertTransition, type Transitions } from '../../kernel/fsm';
import { BusinessRuleError, ConflictError, NotFoundError } from '../../kernel/errors';
import { isUniqueViolation } from '../../infra/db';
import type { ApprovalStatus } from '../../../shared/types/statuses';
import { CommunityPickupPointModel, PickupPointModel } from './pickup.model';

export const pickupPointTransitions: Transitions<ApprovalStatus> = {
  pending: ['approved', 'rejected'],
  rejected: ['pending'],
  approved: ['suspended'],
  suspended: ['approved'],
};

export interface PickupPointInput {
  name: string; address: string; hours: string; capacity: number; coldStorage: boolean; contactName: string; contactPhone: string;
}

export interface PickupPointRecord extends PickupPointInput {
  id: number; ownerUserId: number; feeFen: number | null; status: ApprovalStatus; rejectReason: string | null;
  reviewedBy: number | null; reviewedAt: Date | null; createdAt: Date;
}

const toRecord = (p: PickupPointModel): PickupPointRecord => ({
  id: p.id, ownerUserId: p.ownerUserId, name: p.name, address: p.address, hours: p.hours, capacity: p.capacity,
  coldStorage: Boolean(p.coldStorage), contactName: p.contactName, contactPhone: p.contactPhone, feeFen: p.feeFen ?? null,
  status: p.status, rejectReason: p.rejectReason ?? null, reviewedBy: p.reviewedBy ?? null, reviewedAt: p.reviewedAt ?? null,
  createdAt: p.createdAt,
});

export class PickupPointRegistry {
  async get(id: number, tx?: Transaction, lock = false): Promise<PickupPointRecord> {
    const p = await PickupPointModel.findByPk(id, { transaction: tx, lock: lock && tx ? tx.LOCK.UPDATE : undefined });
    if (!p) throw new NotFoundError('pickup point', id);
    return toRecord(p);
  }

  async list(filter: { status?: ApprovalStatus; ownerUserId?: number }, limit = 200): Promise<PickupPointRecord[]> {
    const where: Record<string, unknown> = { id: { [Op.gt]: 0 } };
    if (filter.status) where.status = filter.status;
    if (filter.ownerUserId) where.ownerUserId = filter.ownerUserId;
    return (await PickupPointModel.findAll({ where, order: [['id', 'ASC']], limit })).map(toRecord);
  }

  async register(tx: Transaction, ownerUserId: number, input: PickupPointInput, now: Date): Promise<PickupPointRecord> {
    const row = await PickupPointModel.create({ ownerUserId, ...input, status: 'pending', createdAt: now, updatedAt: now }, { transaction: tx });
    return toRecord(row);
  }

  /** A rejected point, corrected by its owner, goes back to the admins. */
  async resubmit(tx: Transaction, id: number, input: PickupPointInput, now: Date): Promise<PickupPointRecord> {
    const current = await this.get(id, tx, true);
    assertTransition(pickupPointTransitions, 'pickup point', current.status, 'pending');
    const [n] = await PickupPointModel.update({ ...input, status: 'pending', rejectReason: null, updatedAt: now }, { where: { id, status: 'rejected' }, transaction: tx });
    if (n !== 1) throw new ConflictError('自提点状态已变化，请刷新');
    return this.get(id, tx);
  }

  /** pending → approved (optionally with its per-order fee) or rejected with a reason; compare-and-set. */
  async review(tx: Transaction, id: number, to: 'approved' | 'rejected', by: { reviewerId: number; reason?: string; feeFen?: number | null }, now: Date): Promise<PickupPointRecord> {
    const current = await this.get(id, tx, true);
    assertTransition(pickupPointTransitions, 'pickup point', current.status, to);
    const sets: Record<string, unknown> = { status: to, reviewedBy: by.reviewerId, reviewedAt: now, updatedAt: now, rejectReason: to === 'rejected' ? by.reason ?? null : null };
    if (to === 'approved' && by.feeFen !== undefined) sets.feeFen = by.feeFen;
    const [n] = await PickupPointModel.update(sets, { where: { id, status: current.status }, transaction: tx });
    if (n !== 1) throw new ConflictError('自提点状态已变化，请刷新');
    return this.get(id, tx);
  }

  /** Attaches an approved point to a community; attaching it again is a no-op. Returns whether it was new. */
  async attach(tx: Transaction, communityId: number, pickupPointId: number, now: Date): Promise<boolean> {
    const p = await this.get(pickupPointId, tx);
    if (p.status !== 'approved') throw new BusinessRuleError('PICKUP_POINT_NOT_ALLOWED', `「${p.name}」尚未通过审核，不能加入小区`, { pickupPointId, status: p.status });
    const existing = await CommunityPickupPointModel.findOne({ where: { communityId, pickupPointId }, transaction: tx });
    if (existing) return false;
    try {
      await CommunityPickupPointModel.create({ communityId, pickupPointId, createdAt: now }, { transaction: tx });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** Detaches; campaigns that already list the point keep it (their neighbours chose it). */
  async detach(tx: Transaction, communityId: number, pickupPointId: number): Promise<boolean> {
    return (await CommunityPickupPointModel.destroy({ where: { communityId, pickupPointId }, transaction: tx })) > 0;
  }

  /** Every point attached to a community, whatever its status (the leader's management view). */
  async attachedTo(communityId: number): Promise<PickupPointRecord[]> {
    const links = await CommunityPickupPointModel.findAll({ where: { communityId } });
    if (!links.length) return [];
    return (await PickupPointModel.findAll({ where: { id: { [Op.in]: links.map((l) => l.pickupPointId) } }, order: [['id', 'ASC']] })).map(toRecord);
  }
}
