/** Communities (小区), leaders (团长) and the first-touch binding of neighbours to the leader who brought them. */
import type { Transaction } from 'sequelize';
import { CommunityModel, LeaderBindingModel, LeaderModel } from './community.model';
import type { ApprovalStatus } from '../../../shared/types/statuses';

export interface LeaderFacts {
  id: number; userId: number; code: string; name: string; phone: string; communityId: number | null; status: ApprovalStatus; succeededCampaigns: number;
}
const toFacts = (l: LeaderModel): LeaderFacts => ({
  id: l.id, userId: l.userId, code: l.code, name: l.name, phone: l.phone, communityId: l.communityId ?? null, status: l.status, succeededCampaigns: l.succeededCampaigns,
});

export type Attribution = { leaderId: number | null; source: 'share' | 'binding' | 'owner' | 'none' };

export class CommunityService {
  async leaderByUser(userId: number, tx?: Transaction): Promise<LeaderFacts | null> {
    const l = await LeaderModel.findOne({ where: { userId }, transaction: tx });
    return l ? toFacts(l) : null;
  }

  async leaderByCode(code: string): Promise<LeaderFacts | null> {
    const l = await LeaderModel.findOne({ where: { code } });
    return l ? toFacts(l) : null;
  }

  async leadersByIds(ids: number[]): Promise<Map<number, LeaderFacts>> {
    if (!ids.length) return new Map();
    const rows = await LeaderModel.findAll({ where: { id: ids } });
    return new Map(rows.map((l) => [l.id, toFacts(l)]));
  }

  async community(id: number): Promise<{ id: number; name: string; city: string; district: string | null; address: string | null } | null> {
    const c = await CommunityModel.findByPk(id);
    return c ? { id: c.id, name: c.name, city: c.city, district: c.district ?? null, address: c.address ?? null } : null;
  }

  async listCommunities(): Promise<Array<{ id: number; name: string; city: string }>> {
    return (await CommunityModel.findAll({ order: [['id', 'ASC']] })).map((c) => ({ id: c.id, name: c.name, city: c.city }));
  }

  /**
   * Which one leader each order is attributed to: the approved sharer of the link it came through, else the
   * neighbour's bound leader (binding not expired), else the campaign's owner (none for a platform campaign
   * nobody shared). For a whole batch of joins in two queries, inside the caller's transaction.
   */
  async attributeMany(
    tx: Transaction | undefined, requests: ReadonlyArray<{ userId: number; shareCode?: string }>, campaignOwnerLeaderId: number | null, now: Date,
  ): Promise<Attribution[]> {
    const codes = [...new Set(requests.map((r) => r.shareCode).filter((c): c is string => !!c))];
    const sharers = new Map<string, number>();
    if (codes.length) {
      const rows = await LeaderModel.findAll({ where: { code: codes, status: 'approved' }, attributes: ['id', 'code'], transaction: tx, raw: true });
      for (const r of rows) sharers.set(r.code, r.id);
    }
    const bindings = await LeaderBindingModel.findAll({ where: { userId: [...new Set(requests.map((r) => r.userId))] }, attributes: ['userId', 'leaderId', 'expiresAt'], transaction: tx, raw: true });
    const boundTo = new Map(bindings.filter((b) => !b.expiresAt || new Date(b.expiresAt) > now).map((b) => [b.userId, b.leaderId]));
    return requests.map((r): Attribution => {
      const sharer = r.shareCode ? sharers.get(r.shareCode) : undefined;
      if (sharer) return { leaderId: sharer, source: 'share' };
      const bound = boundTo.get(r.userId);
      if (bound) return { leaderId: bound, source: 'binding' };
      if (campaignOwnerLeaderId) return { leaderId: campaignOwnerLeaderId, source: 'owner' };
      return { leaderId: null, source: 'none' };
    });
  }

  async incrementSucceeded(tx: Transaction, leaderId: number): Promise<void> {
    await LeaderModel.increment('succeededCampaigns', { by: 1, where: { id: leaderId }, transaction: tx });
  }
}
