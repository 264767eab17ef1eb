/**
 * 团长入驻 and 自提点入驻: applications, admin decisions, roles granted on approval, and a leader attaching
 * approved pickup points to their community. Each decision is audited; each approval grants its role
 * (identity.grantRole: granting twice is a no-op) in the same transaction as the status change.
 * Approved users see their new role after POST /api/auth/refresh (roles travel in the session token).
 */
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import { ForbiddenError, InvalidInputError } from '../kernel/errors';
import { isUniqueViolation } from '../infra/db';
import type { LeaderApplication, LeaderApplicationInput } from '../modules/community';
import type { PickupPointInput, PickupPointRecord } from '../modules/pickup';

export class LeaderOnboardingFlow {
  constructor(private readonly c: Container) {}

  async apply(rc: ServiceContext, userId: number, input: LeaderApplicationInput): Promise<LeaderApplication> {
    return this.c.db.transaction(rc, async (trc) => {
      const app = await this.c.leaderApplications.apply(trc.tx, userId, input, trc.now);
      await this.c.audit.record(trc.tx, userId, 'leader.apply', 'leader', app.id, { community: input.communityName, city: input.city }, trc.now);
      return app;
    });
  }

  /**
   * Approves: the leader's community is `communityId` if given (an existing one), else the one named in the
   * application — found by (city, name) or created. The user gets the 'leader' role.
   */
  async approve(rc: ServiceContext, adminUserId: number, leaderId: number, opts: { communityId?: number } = {}): Promise<LeaderApplication> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.c.db.transaction(rc, async (trc) => {
          const app = await this.c.leaderApplications.get(leaderId, trc.tx, true);
          let communityId = opts.communityId;
          if (communityId !== undefined) {
            if (!(await this.c.leaderApplications.communityExists(communityId, trc.tx))) throw new InvalidInputError(`小区 ${communityId} 不存在`, { communityId });
          } else {
            communityId = await this.c.leaderApplications.findOrCreateCommunity(trc.tx, { name: app.appliedCommunityName, city: app.appliedCity, address: app.appliedAddress }, trc.now);
          }
          const approved = await this.c.leaderApplications.review(trc.tx, leaderId, 'approved', { reviewerId: adminUserId, communityId }, trc.now);
          await this.c.identity.grantRole(trc.tx, approved.userId, 'leader', trc.now);
          await this.c.audit.record(trc.tx, adminUserId, 'leader.approve', 'leader', leaderId, { communityId }, trc.now);
          return approved;
        });
      } catch (err) {
        // Two approvals created the same (city, name) community at once: the retry finds it.
        if (attempt < 2 && isUniqueViolation(err)) continue;
        throw err;
      }
    }
  }

  async reject(rc: ServiceContext, adminUserId: number, leaderId: number, reason: string): Promise<LeaderApplication> {
    return this.c.db.transaction(rc, async (trc) => {
      const rejected = await this.c.leaderApplications.review(trc.tx, leaderId, 'rejected', { reviewerId: adminUserId, reason }, trc.now);
      await this.c.audit.record(trc.tx, adminUserId, 'leader.reject', 'leader', leaderId, { reason }, trc.now);
      return rejected;
    });
  }

  // ── pickup points ──────────────────────────────────────────────────────────────────────────────────────────

  async registerPoint(rc: ServiceContext, ownerUserId: number, input: PickupPointInput): Promise<PickupPointRecord> {
    return this.c.db.transaction(rc, async (trc) => {
      const p = await this.c.pickupPoints.register(trc.tx, ownerUserId, input, trc.now);
      await this.c.audit.record(trc.tx, ownerUserId, 'pickup_point.register', 'pickup_point', p.id, { name: input.name }, trc.now);
      return p;
    });
  }

  async resubmitPoint(rc: ServiceContext, ownerUserId: number, pointId: number, input: PickupPointInput): Promise<PickupPointRecord> {
    return this.c.db.transaction(rc, async (trc) => {
      const current = await this.c.pickupPoints.get(pointId, trc.tx, true);
      if (current.ownerUserId !== ownerUserId) throw new ForbiddenError('只能修改自己的自提点');
      const p = await this.c.pickupPoints.resubmit(trc.tx, pointId, input, trc.now);
      await this.c.audit.record(trc.tx, ownerUserId, 'pickup_point.resubmit', 'pickup_point', p.id, {}, trc.now);
      return p;
    });
  }

  async approvePoint(rc: ServiceContext, adminUserId: number, pointId: number, opts: { feeFen?: number | null } = {}): Promise<PickupPointRecord> {
    return this.c.db.transaction(rc, async (trc) => {
      const p = await this.c.pickupPoints.review(trc.tx, pointId, 'approved', { reviewerId: adminUserId, feeFen: opts.feeFen }, trc.now);
      await this.c.identity.grantRole(trc.tx, p.ownerUserId, 'pickup', trc.now);
      await this.c.audit.record(trc.tx, adminUserId, 'pickup_point.approve', 'pickup_point', pointId, { feeFen: opts.feeFen ?? null }, trc.now);
      return p;
    });
  }

  async rejectPoint(rc: ServiceContext, adminUserId: number, pointId: number, reason: string): Promise<PickupPointRecord> {
    return this.c.db.transaction(rc, async (trc) => {
      const p = await this.c.pickupPoints.review(trc.tx, pointId, 'rejected', { reviewerId: adminUserId, reason }, trc.now);
      await this.c.audit.record(trc.tx, adminUserId, 'pickup_point.reject', 'pickup_point', pointId, { reason }, trc.now);
      return p;
    });
  }

  /** The acting leader's community (approved leaders only). */
  async leaderCommunity(userId: number): Promise<{ leaderId: number; communityId: number }> {
    const leader = await this.c.community.leaderByUser(userId);
    if (!leader || leader.status !== 'approved') throw new ForbiddenError('团长资格尚未通过审核');
    if (!leader.communityId) throw new ForbiddenError('团长还没有所属小区');
    return { leaderId: leader.id, communityId: leader.communityId };
  }

  async attachPoint(rc: ServiceContext, leaderUserId: number, pointId: number): Promise<{ attached: boolean }> {
    const { communityId } = await this.leaderCommunity(leaderUserId);
    return this.c.db.transaction(rc, async (trc) => {
      const attached = await this.c.pickupPoints.attach(trc.tx, communityId, pointId, trc.now);
      if (attached) await this.c.audit.record(trc.tx, leaderUserId, 'community.attach_point', 'community', communityId, { pickupPointId: pointId }, trc.now);
      return { attached };
    });
  }

  async detachPoint(rc: ServiceContext, leaderUserId: number, pointId: number): Promise<{ detached: boolean }> {
    const { communityId } = await this.leaderCommunity(leaderUserId);
    return this.c.db.transaction(rc, async (trc) => {
      const detached = await this.c.pickupPoints.detach(trc.tx, communityId, pointId);
      if (detached) await this.c.audit.record(trc.tx, leaderUserId, 'community.detach_point', 'community', communityId, { pickupPointId: pointId }, trc.now);
      return { detached };
    });
  }
}
