import type { Transaction } from 'sequelize';
/** Pickup points (自提点): stores that receive the goods and hand them to neighbours. */
import { Op } from 'sequelize';
import { CommunityPickupPointModel, PickupPointModel } from './pickup.model';
import type { ApprovalStatus } from '../../../shared/types/statuses';

export interface PickupPointFacts {
  id: number; ownerUserId: number; name: string; address: string; hours: string; capacity: number; coldStorage: boolean;
  contactName: string; contactPhone: string; feeFen: number | null; status: ApprovalStatus;
}

const toFacts = (p: PickupPointModel): PickupPointFacts => ({
  id: p.id, ownerUserId: p.ownerUserId, name: p.name, address: p.address, hours: p.hours, capacity: p.capacity,
  coldStorage: Boolean(p.coldStorage), contactName: p.contactName, contactPhone: p.contactPhone, feeFen: p.feeFen ?? null, status: p.status,
});

export class PickupService {
  async byIds(ids: number[], tx?: Transaction): Promise<Map<number, PickupPointFacts>> {
    if (!ids.length) return new Map();
    const rows = await PickupPointModel.findAll({ where: { id: { [Op.in]: ids } }, transaction: tx });
    return new Map(rows.map((p) => [p.id, toFacts(p)]));
  }

  /** Approved points attached to a community. */
  async forCommunity(communityId: number): Promise<PickupPointFacts[]> {
    const links = await CommunityPickupPointModel.findAll({ where: { communityId } });
    const points = await this.byIds(links.map((l) => l.pickupPointId));
    return [...points.values()].filter((p) => p.status === 'approved');
  }

  async ownedBy(userId: number): Promise<PickupPointFacts[]> {
    return (await PickupPointModel.findAll({ where: { ownerUserId: userId }, order: [['id', 'ASC']] })).map(toFacts);
  }
}
