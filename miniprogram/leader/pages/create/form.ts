/**
 * The create form's state and how it becomes a CampaignRequest. Amounts are typed in yuan and turned into fen
 * by shared/money.ts (no floats); times are picked as "days from now at hh:00" in the leader's own time zone.
 */
import type { CatalogueEntryDTO, CampaignItemRequest, CampaignRequest } from '@shared/types/leader-campaign';
import type { ThresholdKind } from '@shared/types/statuses';
import { parseYuanToFen } from '@shared/money';

export interface TierDraft { minParticipants: string; price: string }

export interface ItemDraft {
  productId: number;
  skuId: number;
  lotId: number | null;
  price: string;
  stock: string;
  limit: string;
  tiers: TierDraft[];
}

export interface FormDraft {
  title: string;
  description: string;
  thresholdKind: ThresholdKind;
  thresholdValue: string;
  /** 0: open now; otherwise hours from now to the start. */
  startInHours: number;
  /** Days after the start, at 20:00. */
  deadlineDays: number;
  /** Days after the deadline the goods can be collected, 09:00–21:00. */
  pickupAfterDays: number;
  items: ItemDraft[];
  pickupPointIds: number[];
}

export function newItem(entry: CatalogueEntryDTO): ItemDraft {
  const sku = entry.skus[0];
  // A starting price 20 % under list, rounded down to the yuan; the leader edits it.
  const suggested = Math.floor((sku.listPriceFen * 0.8) / 100);
  return {
    productId: entry.product.id, skuId: sku.id, lotId: entry.lots[0]?.id ?? null,
    price: String(suggested), stock: String(Math.min(50, sku.stock)), limit: '5', tiers: [],
  };
}

function atHour(base: Date, daysAhead: number, hour: number): Date {
  const d = new Date(base.getFullYear(), base.getMonth(), base.getDate() + daysAhead, hour, 0, 0, 0);
  return d;
}

export function times(f: Pick<FormDraft, 'startInHours' | 'deadlineDays' | 'pickupAfterDays'>, now = new Date()) {
  // "Now" is a minute back so the server, whose clock may be a little behind, does not see a start in the future.
  const startsAt = f.startInHours === 0 ? new Date(now.getTime() - 60_000) : new Date(now.getTime() + f.startInHours * 3600_000);
  const deadlineAt = atHour(startsAt, f.deadlineDays, 20);
  const pickupStartsAt = atHour(deadlineAt, f.pickupAfterDays, 9);
  const pickupEndsAt = atHour(deadlineAt, f.pickupAfterDays + 1, 21);
  return { startsAt, deadlineAt, pickupStartsAt, pickupEndsAt };
}

const positiveInt = (s: string) => /^\d{1,7}$/.test(s.trim()) && Number(s) > 0;

/** The request, or the first problem in words a leader understands. */
export function toRequest(f: FormDraft, catalogue: CatalogueEntryDTO[], now = new Date()): { ok: true; body: CampaignRequest } | { ok: false; problem: string } {
  if (!f.items.length) return { ok: false, problem: '请至少选一件商品' };
  const items: CampaignItemRequest[] = [];
  for (const it of f.items) {
    const entry = catalogue.find((e) => e.product.id === it.productId);
    const name = entry?.product.title ?? '商品';
    let priceFen: number;
    try { priceFen = parseYuanToFen(it.price); } catch { return { ok: false, problem: `「${name}」的团购价格式不对（例如 59.9）` }; }
    if (priceFen <= 0) return { ok: false, problem: `「${name}」的团购价要大于 0` };
    if (!positiveInt(it.stock)) return { ok: false, problem: `「${name}」的库存要是正整数` };
    if (it.limit.trim() && !positiveInt(it.limit)) return { ok: false, problem: `「${name}」的限购要是正整数，或留空不限` };
    const tiers = [];
    for (const t of it.tiers) {
      if (!positiveInt(t.minParticipants) || Number(t.minParticipants) < 2) return { ok: false, problem: `「${name}」的阶梯人数至少为 2` };
      let tierFen: number;
      try { tierFen = parseYuanToFen(t.price); } catch { return { ok: false, problem: `「${name}」的阶梯价格式不对` }; }
      tiers.push({ minParticipants: Number(t.minParticipants), priceFen: tierFen });
    }
    items.push({ skuId: it.skuId, lotId: it.lotId, priceFen, stock: Number(it.stock), perPersonLimit: it.limit.trim() ? Number(it.limit) : null, tiers });
  }
  if (!positiveInt(f.thresholdValue)) return { ok: false, problem: '成团门槛要是正整数' };
  if (!f.pickupPointIds.length) return { ok: false, problem: '请至少选择一个自提点' };
  const title = f.title.trim();
  if (title.length < 2) return { ok: false, problem: '请填写团购标题（至少 2 个字）' };
  const t = times(f, now);
  return {
    ok: true,
    body: {
      title, description: f.description.trim() || null, thresholdKind: f.thresholdKind, thresholdValue: Number(f.thresholdValue),
      startsAt: t.startsAt.toISOString(), deadlineAt: t.deadlineAt.toISOString(),
      pickupStartsAt: t.pickupStartsAt.toISOString(), pickupEndsAt: t.pickupEndsAt.toISOString(),
      items, pickupPointIds: f.pickupPointIds,
    },
  };
}
