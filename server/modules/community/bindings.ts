/**
 * First-touch binding (绑定团长): a neighbour who arrives through a leader's share link while bound to nobody (or
 * whose binding has expired) is bound to that leader for `expiryDays`. The first touch wins: a later link of
 * another leader does not move a live binding. One row per user (unique user_id): two racing visits bind once.
 */
import type { Transaction } from 'sequelize';
import { isUniqueViolation } from '../../infra/db';
import { LeaderBindingModel } from './community.model';

export interface Binding { userId: number; leaderId: number; campaignId: number | null; boundAt: Date; expiresAt: Date | null }

export type BindOutcome = { bound: true; binding: Binding } | { bound: false; binding: Binding | null };

const toBinding = (b: LeaderBindingModel): Binding => ({ userId: b.userId, leaderId: b.leaderId, campaignId: b.campaignId ?? null, boundAt: b.boundAt, expiresAt: b.expiresAt ?? null });

export class LeaderBindings {
  async of(userId: number, tx?: Transaction): Promise<Binding | null> {
    const b = await LeaderBindingModel.findOne({ where: { userId }, transaction: tx });
    return b ? toBinding(b) : null;
  }

  /** Binds unless a live binding exists. `bound` says whether this call made (or renewed an expired) binding. */
  async bindFirstTouch(tx: Transaction | undefined, input: { userId: number; leaderId: number; campaignId: number | null; now: Date; expiresAt: Date }): Promise<BindOutcome> {
    const existing = await LeaderBindingModel.findOne({ where: { userId: input.userId }, transaction: tx });
    if (existing) {
      const live = !existing.expiresAt || existing.expiresAt > input.now;
      if (live) return { bound: false, binding: toBinding(existing) };
      // Expired: the next touch binds afresh. Compare-and-set on the old expiry so two visits renew once.
      const [n] = await LeaderBindingModel.update(
        { leaderId: input.leaderId, campaignId: input.campaignId, boundAt: input.now, expiresAt: input.expiresAt },
        { where: { id: existing.id, expiresAt: existing.expiresAt }, transaction: tx });
      const after = await this.of(input.userId, tx);
      return n === 1 && after ? { bound: true, binding: after } : { bound: false, binding: after };
    }
    try {
      const row = await LeaderBindingModel.create({ userId: input.userId, leaderId: input.leaderId, campaignId: input.campaignId, boundAt: input.now, expiresAt: input.expiresAt }, { transaction: tx });
      return { bound: true, binding: toBinding(row) };
    } catch (err) {
      if (!isUniqueViolation(err) || tx) throw err; // inside a transaction the caller's retry sees the winner
      return { bound: false, binding: await this.of(input.userId) };
    }
  }
}
