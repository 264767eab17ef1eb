/**
 * Campaign use cases inside the campaign module: authoring (create/edit), the single transition function, and
 * the counters that payments and refunds move. Callers (flows) have already checked who may do what and
 * validated catalogue facts; this module guards its own invariants (states, times, tiers, editable fields).
 */
import type { Transaction } from 'sequelize';
import type { Database, TxContext } from '../../infra/db';
import type { JobQueue } from '../../infra/scheduler/types';
import { assertTransition, nextStates } from '../../kernel/fsm';
import { BusinessRuleError, ConflictError, IllegalTransitionError, InvalidInputError, NotFoundError } from '../../kernel/errors';
import type { CampaignStatus, ThresholdKind } from '../../../shared/types/statuses';
import { CampaignItemModel, CampaignModel, CampaignPickupPointModel, CampaignPriceTierModel } from './campaign.model';
import { CampaignRepository, type CampaignItemRow, type CampaignRow } from './campaign.repository';
import { EDITABLE_FIELDS, campaignGuard, campaignTransitions, type CampaignActorRole } from './campaign.state';
import { isThresholdReached, validateTiers, validateTimes, type Tier } from './campaign.rules';

export interface CampaignItemInput {
  skuId: number;
  lotId: number | null;
  priceFen: number;
  stock: number;
  perPersonLimit: number | null;
  leaderCommissionBps?: number | null;
  tiers: Tier[];
}

export interface CampaignInput {
  title: string;
  description?: string | null;
  coverImage?: string | null;
  thresholdKind: ThresholdKind;
  thresholdValue: number;
  startsAt: Date;
  deadlineAt: Date;
  pickupStartsAt: Date;
  pickupEndsAt: Date;
  items: CampaignItemInput[];
  pickupPointIds: number[];
}

export type CampaignOwner = { kind: 'leader'; leaderId: number; communityId: number } | { kind: 'platform' };

export interface Actor { role: CampaignActorRole; name: string }

/** Job kinds this module schedules; their handlers live in flows (they cross modules). */
export const CAMPAIGN_JOBS = { start: 'campaign.start', deadline: 'campaign.deadline' } as const;
export const campaignJobKey = (kind: string, campaignId: number) => `${kind}:${campaignId}`;

export class CampaignService {
  readonly repo: CampaignRepository;
  /**
   * Told after commit about every campaign a transaction locked (every write to a campaign locks it first), so
   * read caches drop what changed. Set by the composition root.
   */
  onChanged: (campaignId: number) => void = () => undefined;
  /** Told after commit when a campaign's definition (items, tiers, points, times, state) changed; not on joins. */
  onDefinitionChanged: (campaignId: number) => void = () => undefined;

  constructor(private readonly db: Database, private readonly jobs: JobQueue) {
    this.repo = new CampaignRepository(db);
  }

  async get(id: number, tx?: Transaction): Promise<CampaignRow> {
    const c = await this.repo.find(id, tx);
    if (!c) throw new NotFoundError('campaign', id);
    return c;
  }

  async lock(trc: TxContext, id: number): Promise<CampaignRow> {
    const c = await this.repo.lock(id, trc.tx);
    if (!c) throw new NotFoundError('campaign', id);
    trc.tx.afterCommit(() => this.onChanged(id));
    return c;
  }

  items(campaignId: number, tx?: Transaction, lock = false): Promise<CampaignItemRow[]> {
    return this.repo.items([campaignId], tx, lock);
  }

  async create(trc: TxContext, owner: CampaignOwner, createdBy: number, input: CampaignInput): Promise<number> {
    validateInput(input);
    const now = trc.now;
    const c = await CampaignModel.create({
      ownerKind: owner.kind,
      leaderId: owner.kind === 'leader' ? owner.leaderId : null,
      communityId: owner.kind === 'leader' ? owner.communityId : null,
      title: input.title, description: input.description ?? null, coverImage: input.coverImage ?? null,
      status: 'draft', thresholdKind: input.thresholdKind, thresholdValue: input.thresholdValue,
      startsAt: input.startsAt, deadlineAt: input.deadlineAt, pickupStartsAt: input.pickupStartsAt, pickupEndsAt: input.pickupEndsAt,
      createdBy, createdAt: now, updatedAt: now,
    }, { transaction: trc.tx });
    await this.writeItems(trc.tx, c.id, input.items);
    await this.writePickupPoints(trc.tx, c.id, input.pickupPointIds);
    trc.tx.afterCommit(() => { this.onChanged(c.id); this.onDefinitionChanged(c.id); });
    return c.id;
  }

  /** Applies the fields that may change in the campaign's current state; anything else is a 409 naming them. */
  async update(trc: TxContext, id: number, patch: Partial<CampaignInput>): Promise<void> {
    const c = await this.lock(trc, id);
    const allowed = EDITABLE_FIELDS[c.status];
    const refused = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined && !allowed.includes(k));
    if (refused.length) {
      throw new ConflictError(`活动处于「${c.status}」状态，不能修改: ${refused.join(', ')}`, { status: c.status, refused, allowed }, 'ILLEGAL_TRANSITION');
    }
    const merged = { ...c, ...patch };
    const timeProblem = validateTimes(merged);
    if (timeProblem) throw new InvalidInputError(timeProblem);
    if (c.status === 'open' && patch.deadlineAt && patch.deadlineAt < c.deadlineAt) throw new BusinessRuleError('BUSINESS_RULE', '进行中的活动只能延后截止时间');
    if (patch.thresholdValue !== undefined && patch.thresholdValue < 1) throw new InvalidInputError('成团门槛至少为 1');
    if (patch.items) validateInput({ ...(merged as unknown as CampaignInput), items: patch.items });

    const fields: Record<string, unknown> = {};
    for (const k of ['title', 'description', 'coverImage', 'thresholdKind', 'thresholdValue', 'startsAt', 'deadlineAt', 'pickupStartsAt', 'pickupEndsAt'] as const) {
      if (patch[k] !== undefined) fields[k] = patch[k];
    }
    await CampaignModel.update({ ...fields, updatedAt: trc.now }, { where: { id }, transaction: trc.tx });
    await CampaignModel.increment('version', { where: { id }, transaction: trc.tx });
    trc.tx.afterCommit(() => this.onDefinitionChanged(id));
    if (patch.items) {
      await CampaignPriceTierModel.destroy({ where: { campaignItemId: (await CampaignItemModel.findAll({ where: { campaignId: id }, transaction: trc.tx })).map((i) => i.id) }, transaction: trc.tx });
      await CampaignItemModel.destroy({ where: { campaignId: id }, transaction: trc.tx });
      await this.writeItems(trc.tx, id, patch.items);
    }
    if (patch.pickupPointIds) {
      await CampaignPickupPointModel.destroy({ where: { campaignId: id }, transaction: trc.tx });
      await this.writePickupPoints(trc.tx, id, patch.pickupPointIds);
    }
    if (patch.startsAt && c.status === 'scheduled') await this.jobs.reschedule(trc.tx, campaignJobKey(CAMPAIGN_JOBS.start, id), patch.startsAt);
    if (patch.deadlineAt && (c.status === 'scheduled' || c.status === 'open')) {
      await this.jobs.reschedule(trc.tx, campaignJobKey(CAMPAIGN_JOBS.deadline, id), patch.deadlineAt);
    }
  }

  /**
   * The only way a campaign changes state: table check, business guard (with its reason), compare-and-set,
   * an event row, and the jobs that follow from the new state. Returns the row as it now is.
   */
  async transition(trc: TxContext, id: number, to: CampaignStatus, reason: string, actor: Actor): Promise<CampaignRow> {
    const c = await this.lock(trc, id);
    assertTransition(campaignTransitions, 'campaign', c.status, to);
    const items = await this.repo.items([id], trc.tx);
    const pickupPointIds = await this.repo.pickupPointIds(id, trc.tx);
    const refusal = campaignGuard({
      ...c, itemCount: items.length, pickupPointCount: pickupPointIds.length,
      allSoldOut: items.length > 0 && items.every((i) => i.sold >= i.stock),
    }, to, actor.role, trc.now);
    if (refusal) throw new IllegalTransitionError('campaign', c.status, to, refusal);
    const ending = to === 'closed' || to === 'failed' || to === 'cancelled';
    const moved = await this.repo.casStatus(trc.tx, id, c.status, to, trc.now, ending ? { closedAt: trc.now, closeReason: reason } : {});
    if (!moved) throw new ConflictError('活动状态已被其他操作更新，请刷新后重试');
    await this.repo.recordEvent(trc.tx, id, c.status, to, reason, `${actor.role}:${actor.name}`, trc.now);
    trc.tx.afterCommit(() => this.onDefinitionChanged(id));

    const startKey = campaignJobKey(CAMPAIGN_JOBS.start, id);
    const deadlineKey = campaignJobKey(CAMPAIGN_JOBS.deadline, id);
    if (to === 'scheduled') {
      await this.jobs.enqueue(trc.tx, { kind: CAMPAIGN_JOBS.start, runAt: c.startsAt, dedupeKey: startKey, payload: { campaignId: id } });
      await this.jobs.enqueue(trc.tx, { kind: CAMPAIGN_JOBS.deadline, runAt: c.deadlineAt, dedupeKey: deadlineKey, payload: { campaignId: id } });
    } else if (to === 'open') {
      await this.jobs.cancel(trc.tx, startKey);
      await this.jobs.enqueue(trc.tx, { kind: CAMPAIGN_JOBS.deadline, runAt: c.deadlineAt, dedupeKey: deadlineKey, payload: { campaignId: id } });
    } else if (to === 'draft' || ending) {
      await this.jobs.cancel(trc.tx, startKey);
      if (to !== 'closed' && to !== 'failed') await this.jobs.cancel(trc.tx, deadlineKey);
    }
    return { ...c, status: to };
  }

  nextStatuses(status: CampaignStatus): readonly CampaignStatus[] {
    return nextStates(campaignTransitions, status).filter((s) => s !== 'closed' && s !== 'failed' && s !== 'fulfilling' && s !== 'completed');
  }

  /**
   * After paid counters moved: marks 成团 when the threshold is reached while open, or clears the mark if a
   * cancellation dropped it below again (the close re-checks the real counts either way). Returns the change.
   */
  async refreshSucceededMark(trc: TxContext, c: CampaignRow, counters: { paidParticipants: number; paidQuantity: number }): Promise<'reached' | 'lost' | null> {
    const reached = isThresholdReached(c.thresholdKind, c.thresholdValue, counters.paidParticipants, counters.paidQuantity);
    if (reached && !c.succeededAt) {
      await this.repo.setSucceededAt(trc.tx, c.id, trc.now);
      await this.repo.recordEvent(trc.tx, c.id, c.status, c.status, '达到成团条件（成团）', 'system', trc.now);
      return 'reached';
    }
    if (!reached && c.succeededAt) {
      await this.repo.setSucceededAt(trc.tx, c.id, null);
      await this.repo.recordEvent(trc.tx, c.id, c.status, c.status, '取消订单后低于成团条件', 'system', trc.now);
      return 'lost';
    }
    return null;
  }

  /**
   * Units an order held go back: reserved (and sold, if it was paid) stock, the neighbour's per-person
   * holding, and — for a paid order — the participant counters and the 成团 mark. The caller holds the lock.
   */
  async releaseUnits(
    trc: TxContext, campaign: CampaignRow, userId: number, lines: ReadonlyArray<{ campaignItemId: number; quantity: number }>,
    paid: { displayName: string } | null,
  ): Promise<void> {
    for (const l of lines) {
      if (l.quantity <= 0) continue;
      await this.repo.bumpItem(l.campaignItemId, { reserved: -l.quantity, sold: paid ? -l.quantity : 0 }, trc.tx);
      await this.repo.bumpBuyer(l.campaignItemId, userId, -l.quantity, trc.tx);
    }
    if (paid) {
      const quantity = lines.reduce((s, l) => s + l.quantity, 0);
      const counters = await this.repo.applyPaidDelta(trc.tx, campaign.id, [{ userId, displayName: paid.displayName, quantity }], -1, trc.now);
      if (campaign.status === 'open') await this.refreshSucceededMark(trc, campaign, counters);
    }
  }

  private async writeItems(tx: Transaction, campaignId: number, items: CampaignItemInput[]): Promise<void> {
    for (const [i, it] of items.entries()) {
      const item = await CampaignItemModel.create({
        campaignId, skuId: it.skuId, lotId: it.lotId, priceFen: it.priceFen, stock: it.stock, perPersonLimit: it.perPersonLimit,
        leaderCommissionBps: it.leaderCommissionBps ?? null, sortOrder: i,
      }, { transaction: tx });
      for (const t of it.tiers) await CampaignPriceTierModel.create({ campaignItemId: item.id, minParticipants: t.minParticipants, priceFen: t.priceFen }, { transaction: tx });
    }
  }

  private async writePickupPoints(tx: Transaction, campaignId: number, ids: number[]): Promise<void> {
    for (const pickupPointId of [...new Set(ids)]) await CampaignPickupPointModel.create({ campaignId, pickupPointId }, { transaction: tx });
  }
}

function validateInput(input: CampaignInput): void {
  const timeProblem = validateTimes(input);
  if (timeProblem) throw new InvalidInputError(timeProblem);
  if (input.items.length === 0) throw new InvalidInputError('活动至少需要一个商品');
  const skuIds = input.items.map((i) => i.skuId);
  if (new Set(skuIds).size !== skuIds.length) throw new InvalidInputError('同一规格在活动中只能出现一次');
  for (const it of input.items) {
    const tierProblem = validateTiers(it.priceFen, it.tiers);
    if (tierProblem) throw new InvalidInputError(tierProblem, { skuId: it.skuId });
    if (it.perPersonLimit !== null && it.perPersonLimit > it.stock) throw new InvalidInputError('每人限购不能超过库存', { skuId: it.skuId });
  }
}
