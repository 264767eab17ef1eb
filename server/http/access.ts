/**
 * Who may see what, checked in the routes (the ports) before a flow runs:
 *  - a store (pickup role) sees and verifies only the orders of its own pickup points;
 *  - a leader sees only orders attributed to them or placed in their own campaigns;
 *  - a neighbour only their own orders (OrderService.getOwned, answered 404 so ids cannot be probed).
 * Someone else's store or order is a 403 for stores and leaders: they know the ids from their own lists.
 */
import type { Container } from '../container';
import { ForbiddenError } from '../kernel/errors';
import type { LeaderFacts } from '../modules/community';
import type { OrderRow } from '../modules/order';
import type { PickupPointRecord } from '../modules/pickup';
import type { CampaignRow } from '../modules/campaign';

/** The store's own pickup point, or 404 / 403. */
export async function ensureOwnPoint(c: Container, userId: number, pickupPointId: number): Promise<PickupPointRecord> {
  const point = await c.pickupPoints.get(pickupPointId);
  if (point.ownerUserId !== userId) throw new ForbiddenError('只能查看和核销自己门店的订单');
  return point;
}

/** An order at one of the store's own points, or 404 / 403. */
export async function ensureStoreOrder(c: Container, userId: number, orderId: number): Promise<OrderRow> {
  const order = await c.orders.get(orderId);
  await ensureOwnPoint(c, userId, order.pickupPointId);
  return order;
}

/** The signed-in approved leader, or 403. */
export async function ensureLeader(c: Container, userId: number): Promise<LeaderFacts> {
  const leader = await c.community.leaderByUser(userId);
  if (!leader || leader.status !== 'approved') throw new ForbiddenError('团长资格尚未通过审核');
  return leader;
}

/** A leader sees an order attributed to them, or one in a campaign they own. */
export async function ensureLeaderOrder(c: Container, leader: LeaderFacts, orderId: number): Promise<OrderRow> {
  const order = await c.orders.get(orderId);
  if (order.leaderId === leader.id) return order;
  const campaign = await c.campaigns.get(order.campaignId);
  if (campaign.leaderId !== leader.id) throw new ForbiddenError('只能查看归属于您或您活动中的订单');
  return order;
}

/** Fulfilment of a campaign: an admin any, a leader only their own campaigns. */
export async function ensureCampaignManager(c: Container, who: { admin: true } | { admin: false; userId: number }, campaignId: number): Promise<CampaignRow> {
  const campaign = await c.campaigns.get(campaignId);
  if (who.admin) return campaign;
  const leader = await ensureLeader(c, who.userId);
  if (campaign.leaderId !== leader.id) throw new ForbiddenError('只能管理自己活动的履约');
  return campaign;
}
