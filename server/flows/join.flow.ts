/**
 * 参团下单 — joining a campaign creates a pending order with its stock reserved, atomically.
 *
 * Requests for one campaign go through a KeyedBatcher: while one batch transaction holds the campaign's rows,
 * the requests arriving meanwhile queue up and are reserved together in the next transaction (group commit on
 * the hot row). Each request is still decided on its own, in arrival order, and answered individually.
 * Correctness does not depend on the batcher: every batch locks the campaign row and its item rows, so several
 * server instances on one database serialise on the database's locks (SQLite: its single writer).
 *
 * Idempotency: (user, Idempotency-Key) is a unique key on orders. The same key and body replays the order;
 * the same key with another body is a 409. Two instances racing on one key: the loser's insert violates the
 * unique key, the batch is retried, and the retry replays the winner's order.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import { KeyedBatcher, type BatchResult } from '../kernel/batcher';
import { BusinessRuleError, ConflictError, DomainError, InvalidInputError, NotFoundError } from '../kernel/errors';
import { isUniqueViolation, type TxContext } from '../infra/db';
import { planReservations, tierPrice, unpaidOrderExpiry, type CampaignItemRow } from '../modules/campaign';
import type { NewOrder, OrderItemRow, OrderRow } from '../modules/order';
import type { CampaignRow, TierRow } from '../modules/campaign';
import type { PickupPointFacts } from '../modules/pickup';
import type { JoinRequest } from '../../shared/types/order';

export const ORDER_EXPIRY_JOB = 'orders.expire';

export interface JoinInput extends JoinRequest {
  campaignId: number;
  userId: number;
  idempotencyKey: string;
  source: 'mp' | 'bot' | 'h5';
}

export interface JoinOutcome {
  order: OrderRow;
  replayed: boolean;
  /** A new order's lines and what the answer shows with it, so the route needs no further reads. */
  created?: { items: OrderItemRow[]; campaign: CampaignRow; pickupPoint: PickupPointFacts };
}

interface Prepared extends JoinInput {
  requestHash: string;
}

/** What a batch needs of a campaign besides its locked rows; fixed while it is open (cached per version). */
interface CampaignStatics { tiers: TierRow[]; allowedPoints: Set<number>; points: Map<number, PickupPointFacts> }
const STATICS_TTL_MS = 5000;

/** A canonical hash of what was asked, so a replay with another body is recognised. */
export function joinRequestHash(input: Pick<JoinInput, 'campaignId' | 'items' | 'pickupPointId' | 'leaderCode'>): string {
  const canonical = {
    c: input.campaignId,
    i: [...input.items].sort((a, b) => a.campaignItemId - b.campaignItemId).map((l) => [l.campaignItemId, l.quantity]),
    p: input.pickupPointId,
    l: input.leaderCode ?? null,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

let orderSeq = 0;
const instanceTag = randomBytes(2).toString('hex').toUpperCase();
/** Order numbers: time, this process's tag and a counter — unique without a round trip. */
function newOrderNo(now: Date): string {
  orderSeq = (orderSeq + 1) % 1_000_000;
  return `L${now.toISOString().slice(2, 10).replace(/-/g, '')}${now.getTime().toString(36).slice(-5).toUpperCase()}${instanceTag}${orderSeq.toString(36).toUpperCase().padStart(4, '0')}`;
}

export class JoinFlow {
  private readonly batcher: KeyedBatcher<number, { rc: ServiceContext; input: Prepared }, JoinOutcome>;

  private readonly statics = new Map<string, { at: number; value: CampaignStatics }>();

  constructor(private readonly c: Container) {
    this.batcher = new KeyedBatcher((campaignId, batch) => this.flush(campaignId, batch), 256);
  }

  /** A campaign was created, edited or moved: its statics are read again. */
  forgetCampaign(campaignId: number): void {
    for (const k of this.statics.keys()) if (k.startsWith(`${campaignId}:`)) this.statics.delete(k);
  }

  /**
   * Tiers, allowed pickup points and their facts: they cannot change while a campaign is open (not editable),
   * so they are read once per campaign version; a point suspended meanwhile is seen within a few seconds.
   */
  private async campaignStatics(trc: TxContext, campaign: CampaignRow, itemIds: number[]): Promise<CampaignStatics> {
    const key = `${campaign.id}:${campaign.version}`;
    const hit = this.statics.get(key);
    if (hit && performance.now() - hit.at < STATICS_TTL_MS) return hit.value;
    const tiers = await this.c.campaigns.repo.tiers(itemIds, trc.tx);
    const allowed = await this.c.campaigns.repo.pickupPointIds(campaign.id, trc.tx);
    const value = { tiers, allowedPoints: new Set(allowed), points: await this.c.pickup.byIds(allowed, trc.tx) };
    if (this.statics.size > 500) this.statics.clear();
    this.statics.set(key, { at: performance.now(), value });
    return value;
  }

  async join(rc: ServiceContext, input: JoinInput): Promise<JoinOutcome> {
    const lines = new Set(input.items.map((l) => l.campaignItemId));
    if (lines.size !== input.items.length) throw new InvalidInputError('同一商品请合并为一行');
    const outcome = await this.batcher.submit(input.campaignId, { rc, input: { ...input, requestHash: joinRequestHash(input) } });
    // First-touch binding (issue 5): a neighbour arriving unbound through a leader's link is bound to that leader.
    if (!outcome.replayed && outcome.order.attribution === 'share' && outcome.order.leaderId) {
      // Best effort: the order exists and is already attributed; a failed binding must not fail the join.
      await this.c.flows.share.bindOnJoin(rc, input.userId, outcome.order.leaderId, input.campaignId)
        .catch((err) => this.c.log.warn({ err: (err as Error).message, userId: input.userId }, 'first-touch binding at join failed'));
    }
    return outcome;
  }

  private async flush(campaignId: number, batch: Array<{ rc: ServiceContext; input: Prepared }>): Promise<Array<BatchResult<JoinOutcome>>> {
    const rc = batch[batch.length - 1].rc; // the latest clock reading in the batch
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.c.db.transaction(rc, (trc) => this.reserveBatch(trc, campaignId, batch.map((b) => b.input)));
      } catch (err) {
        // A concurrent instance inserted one of these idempotency keys first: retry, and the retry replays it.
        if (attempt < 3 && isUniqueViolation(err)) continue;
        throw err;
      }
    }
  }

  private async reserveBatch(trc: TxContext, campaignId: number, inputs: Prepared[]): Promise<Array<BatchResult<JoinOutcome>>> {
    const results: Array<BatchResult<JoinOutcome> | undefined> = new Array(inputs.length);
    const fail = (i: number, error: unknown) => { results[i] = { ok: false, error }; };

    // 1. Idempotency: replays and reused keys are answered before anything is reserved.
    const existing = await this.c.orders.repo.findByIdempotencyKeys(inputs.map((i) => ({ userId: i.userId, key: i.idempotencyKey })), trc.tx);
    const byKey = new Map(existing.map((o) => [`${o.userId}:${o.idempotencyKey}`, o]));
    const firstInBatch = new Map<string, number>();
    const todo: number[] = [];
    inputs.forEach((input, i) => {
      const key = `${input.userId}:${input.idempotencyKey}`;
      const prior = byKey.get(key);
      if (prior) {
        if (prior.requestHash === input.requestHash && prior.campaignId === campaignId) results[i] = { ok: true, value: { order: prior, replayed: true } };
        else fail(i, new ConflictError('这个 Idempotency-Key 已用于另一个不同的下单请求', { idempotencyKey: input.idempotencyKey }, 'IDEMPOTENCY_KEY_REUSED'));
        return;
      }
      if (firstInBatch.has(key)) return; // a duplicate inside this batch: answered from the first one below
      firstInBatch.set(key, i);
      todo.push(i);
    });

    // 2. The campaign row, then its item rows, locked: the order every writer on this campaign uses.
    const campaign = await this.c.campaigns.lock(trc, campaignId);
    const notOpen = campaign.status !== 'open' ? `活动当前状态为「${campaign.status}」，不能参团`
      : trc.now < campaign.startsAt ? '活动尚未开始'
      : trc.now >= campaign.deadlineAt ? '活动已截止' : null;
    const items = await this.c.campaigns.items(campaignId, trc.tx, true);
    const itemById = new Map(items.map((i) => [i.id, i]));
    const { tiers, allowedPoints, points } = await this.campaignStatics(trc, campaign, items.map((i) => i.id));

    const candidates: number[] = [];
    for (const i of todo) {
      const input = inputs[i];
      if (notOpen) { fail(i, new ConflictError(notOpen, { status: campaign.status }, 'CAMPAIGN_NOT_OPEN')); continue; }
      const problem = this.lineProblem(input, itemById, allowedPoints, points);
      if (problem) { fail(i, problem); continue; }
      candidates.push(i);
    }

    // 3. Reserve in arrival order, each request all-or-nothing. Holdings matter only for items with a limit.
    const limited = items.filter((i) => i.perPersonLimit !== null).map((i) => i.id);
    const holdings = await this.c.campaigns.repo.buyerHoldings(limited, [...new Set(candidates.map((i) => inputs[i].userId))], trc.tx);
    const plan = planReservations(items, holdings, candidates.map((i) => ({
      userId: inputs[i].userId, lines: inputs[i].items.map((l) => ({ itemId: l.campaignItemId, quantity: l.quantity })),
    })));
    const granted: number[] = [];
    plan.decisions.forEach((d, k) => {
      const i = candidates[k];
      if (d.ok) granted.push(i);
      else fail(i, d.code === 'SOLD_OUT' ? new ConflictError(d.message, d.details, 'SOLD_OUT') : d.code === 'LIMIT_EXCEEDED' ? new BusinessRuleError('LIMIT_EXCEEDED', d.message, d.details) : new InvalidInputError(d.message, d.details));
    });

    // 4. Write: counters, holdings, orders and their items — a few statements for the whole batch.
    if (granted.length) {
      for (const [itemId, delta] of plan.reservedDelta) await this.c.campaigns.repo.bumpItem(itemId, { reserved: delta }, trc.tx);
      await this.c.campaigns.repo.saveBuyerHoldings(plan.holdings.filter((h) => limited.includes(h.itemId)), trc.tx);
      const attributions = await this.c.community.attributeMany(trc.tx, granted.map((i) => ({ userId: inputs[i].userId, shareCode: inputs[i].leaderCode })), campaign.leaderId, trc.now);
      const priceOf = (item: CampaignItemRow) => tierPrice(item.priceFen, tiers.filter((t) => t.campaignItemId === item.id), campaign.paidParticipants);
      const expiresAt = unpaidOrderExpiry(trc.now, this.c.config.orders.unpaidExpiryMinutes, campaign.deadlineAt);
      const newOrders: NewOrder[] = granted.map((i, k) => {
        const input = inputs[i];
        const lines = input.items.map((l) => {
          const item = itemById.get(l.campaignItemId)!;
          return {
            campaignItemId: item.id, skuId: item.skuId, productId: item.productId, title: `${item.title}（${item.spec}）`,
            quantity: l.quantity, unitPriceFen: priceOf(item), supplyCostFen: item.supplyCostFen,
          };
        });
        return {
          orderNo: newOrderNo(trc.now), campaignId, userId: input.userId, pickupPointId: input.pickupPointId,
          leaderId: attributions[k].leaderId, attribution: attributions[k].source, source: input.source,
          itemsFen: lines.reduce((s, l) => s + l.unitPriceFen * l.quantity, 0), idempotencyKey: input.idempotencyKey,
          requestHash: input.requestHash, expiresAt, items: lines,
        };
      });
      const { orders: created, items: createdItems } = await this.c.orders.repo.insertPending(newOrders, trc.now, trc.tx);
      granted.forEach((i, k) => {
        const order = created[k];
        results[i] = {
          ok: true,
          value: { order, replayed: false, created: { items: createdItems.filter((it) => it.orderId === order.id), campaign, pickupPoint: points.get(order.pickupPointId)! } },
        };
      });
      await this.scheduleExpirySweep(trc, expiresAt);
    }

    // Duplicates inside the batch get the first request's answer (or a 409 if their body differs).
    inputs.forEach((input, i) => {
      if (results[i]) return;
      const first = firstInBatch.get(`${input.userId}:${input.idempotencyKey}`)!;
      const r = results[first]!;
      if (inputs[first].requestHash !== input.requestHash) fail(i, new ConflictError('这个 Idempotency-Key 已用于另一个不同的下单请求', { idempotencyKey: input.idempotencyKey }, 'IDEMPOTENCY_KEY_REUSED'));
      else results[i] = r.ok ? { ok: true, value: { order: r.value.order, replayed: true } } : r;
    });
    return results as Array<BatchResult<JoinOutcome>>;
  }

  private lineProblem(input: Prepared, itemById: Map<number, CampaignItemRow>, allowedPoints: Set<number>, points: Map<number, { coldStorage: boolean; status: string }>): DomainError | null {
    if (!allowedPoints.has(input.pickupPointId)) return new BusinessRuleError('PICKUP_POINT_NOT_ALLOWED', '该自提点不在本次团购的可选范围内', { pickupPointId: input.pickupPointId });
    const point = points.get(input.pickupPointId);
    if (!point || point.status !== 'approved') return new BusinessRuleError('PICKUP_POINT_NOT_ALLOWED', '该自提点暂不可用', { pickupPointId: input.pickupPointId });
    for (const l of input.items) {
      const item = itemById.get(l.campaignItemId);
      if (!item) return new NotFoundError('campaign item', l.campaignItemId);
      if (item.storage !== 'ambient' && !point.coldStorage) {
        return new BusinessRuleError('COLD_CHAIN_REQUIRED', `「${item.title}」需要冷藏，请选择有冷柜的自提点`, { campaignItemId: item.id, storage: item.storage });
      }
    }
    return null;
  }

  /** One sweep job per minute bucket expires the unpaid orders that lapsed in it (dedupe key per bucket). */
  private async scheduleExpirySweep(trc: TxContext, expiresAt: Date): Promise<void> {
    const bucket = new Date(Math.ceil(expiresAt.getTime() / 60_000) * 60_000);
    // One insert-or-ignore per batch: the dedupe key makes the bucket's job exist once.
    await this.c.jobs.enqueue(trc.tx, { kind: ORDER_EXPIRY_JOB, runAt: bucket, dedupeKey: `${ORDER_EXPIRY_JOB}@${bucket.toISOString()}`, payload: {} });
  }
}
