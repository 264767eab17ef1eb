/**
 * After a campaign closes successfully: the purchase list (采购单) — what to buy from each supplier: SKU, lot,
 * total quantity and supply cost — and the sorting list (分拣单) per pickup point — which neighbour gets what,
 * with the last symbols of their pickup code to match bags to codes. Both are read models over the paid orders
 * still to be delivered (net of units already refunded), so their totals agree with each other and with the
 * orders, by construction. Each is available as JSON, CSV (UTF-8 with BOM, so spreadsheet programs read the
 * Chinese) and a printable HTML page.
 */
import { stringify } from 'csv-stringify/sync';
import type { Container } from '../container';
import { ConflictError } from '../kernel/errors';
import { formatFen } from '../../shared/money';
import type { CampaignRow } from '../modules/campaign';
import type { OrderItemRow, OrderRow } from '../modules/order';
import { pickupCodeTail } from '../modules/pickup';
import type { OrderStatus } from '../../shared/types/statuses';

/** Orders whose goods are (or were) delivered: paid, confirmed at close, not refunded in full. */
export const DELIVERABLE_STATUSES: readonly OrderStatus[] = ['confirmed', 'shipped', 'ready_for_pickup', 'picked_up', 'partially_refunded', 'completed'];
const LISTABLE_CAMPAIGNS = new Set(['closed', 'fulfilling', 'completed']);

export interface PurchaseLine {
  supplierId: number; supplierName: string; skuId: number; skuCode: string | null; title: string; spec: string; unit: string;
  lotCode: string | null; origin: string | null; quantity: number; supplyCostFen: number; totalCostFen: number;
}
export interface PurchaseList {
  campaignId: number; campaignTitle: string;
  suppliers: Array<{ supplierId: number; supplierName: string; lines: PurchaseLine[]; totalQuantity: number; totalCostFen: number }>;
  totalQuantity: number; totalCostFen: number;
}

export interface SortingEntry {
  seq: number; orderId: number; orderNo: string; neighbour: string; phoneTail: string | null; status: OrderStatus;
  items: Array<{ skuId: number; title: string; quantity: number }>; quantity: number; codeTail: string | null;
}
export interface SortingList {
  campaignId: number; campaignTitle: string; pickupPoint: { id: number; name: string; address: string };
  entries: SortingEntry[]; totals: Array<{ skuId: number; title: string; quantity: number }>; totalQuantity: number;
}

const netQuantity = (i: OrderItemRow) => i.quantity - i.refundedQuantity;

export class FulfilmentLists {
  constructor(private readonly c: Container) {}

  private async deliverable(campaignId: number, pickupPointId?: number): Promise<{ campaign: CampaignRow; orders: OrderRow[]; items: OrderItemRow[] }> {
    const campaign = await this.c.campaigns.get(campaignId);
    if (!LISTABLE_CAMPAIGNS.has(campaign.status)) {
      throw new ConflictError(`活动当前状态为「${campaign.status}」，成团结束后才有采购单和分拣单`, { status: campaign.status }, 'CAMPAIGN_NOT_OPEN');
    }
    const orders = await this.c.orders.repo.findMany(
      `o.campaign_id = :campaignId AND o.status IN (:statuses)${pickupPointId ? ' AND o.pickup_point_id = :pickupPointId' : ''}`,
      { campaignId, statuses: DELIVERABLE_STATUSES, pickupPointId: pickupPointId ?? 0 }, undefined, 'ORDER BY o.paid_at, o.id');
    const items = (await this.c.orders.repo.items(orders.map((o) => o.id))).filter((i) => netQuantity(i) > 0);
    return { campaign, orders, items };
  }

  async purchaseList(campaignId: number): Promise<PurchaseList> {
    const { campaign, items } = await this.deliverable(campaignId);
    const campaignItems = new Map((await this.c.campaigns.items(campaignId)).map((ci) => [ci.id, ci]));
    const skus = await this.c.catalogue.skus([...new Set(items.map((i) => i.skuId))]);
    const lots = await this.c.catalogue.lots([...new Set([...campaignItems.values()].map((ci) => ci.lotId).filter((x): x is number => x !== null))]);
    const suppliers = await this.c.catalogue.suppliers([...new Set([...skus.values()].map((s) => s.supplierId))]);
    const codes = await this.skuCodes([...skus.keys()]);
    const byKey = new Map<string, PurchaseLine>();
    for (const it of items) {
      const ci = campaignItems.get(it.campaignItemId);
      const sku = skus.get(it.skuId)!;
      const lot = ci?.lotId ? lots.get(ci.lotId) : undefined;
      const key = `${sku.supplierId}:${it.skuId}:${lot?.id ?? 0}`;
      const line = byKey.get(key) ?? {
        supplierId: sku.supplierId, supplierName: suppliers.get(sku.supplierId)?.name ?? '', skuId: it.skuId, skuCode: codes.get(it.skuId) ?? null,
        title: sku.title, spec: sku.spec, unit: sku.unit, lotCode: lot?.lotCode ?? null, origin: lot?.origin ?? null,
        quantity: 0, supplyCostFen: it.supplyCostFen, totalCostFen: 0,
      };
      line.quantity += netQuantity(it);
      line.totalCostFen += netQuantity(it) * it.supplyCostFen;
      byKey.set(key, line);
    }
    const groups = new Map<number, PurchaseList['suppliers'][number]>();
    for (const line of [...byKey.values()].sort((a, b) => a.supplierId - b.supplierId || a.skuId - b.skuId)) {
      const g = groups.get(line.supplierId) ?? { supplierId: line.supplierId, supplierName: line.supplierName, lines: [], totalQuantity: 0, totalCostFen: 0 };
      g.lines.push(line);
      g.totalQuantity += line.quantity;
      g.totalCostFen += line.totalCostFen;
      groups.set(line.supplierId, g);
    }
    const suppliersOut = [...groups.values()];
    return {
      campaignId, campaignTitle: campaign.title, suppliers: suppliersOut,
      totalQuantity: suppliersOut.reduce((s, g) => s + g.totalQuantity, 0), totalCostFen: suppliersOut.reduce((s, g) => s + g.totalCostFen, 0),
    };
  }

  async sortingList(campaignId: number, pickupPointId: number): Promise<SortingList> {
    const { campaign, orders, items } = await this.deliverable(campaignId, pickupPointId);
    const point = (await this.c.pickup.byIds([pickupPointId])).get(pickupPointId);
    const users = new Map(await Promise.all([...new Set(orders.map((o) => o.userId))].map(async (id) => [id, await this.c.identity.getUser(id)] as const)));
    const skus = await this.c.catalogue.skus([...new Set(items.map((i) => i.skuId))]);
    const label = (skuId: number) => { const s = skus.get(skuId); return s ? `${s.title}（${s.spec}）` : String(skuId); };
    const totals = new Map<number, { skuId: number; title: string; quantity: number }>();
    const entries: SortingEntry[] = [];
    for (const o of orders) {
      const mine = items.filter((i) => i.orderId === o.id);
      if (!mine.length) continue;
      for (const i of mine) {
        const t = totals.get(i.skuId) ?? { skuId: i.skuId, title: label(i.skuId), quantity: 0 };
        t.quantity += netQuantity(i);
        totals.set(i.skuId, t);
      }
      const user = users.get(o.userId);
      entries.push({
        seq: entries.length + 1, orderId: o.id, orderNo: o.orderNo, neighbour: user?.displayName ?? '', phoneTail: user?.phone ? user.phone.slice(-4) : null,
        status: o.status, items: mine.map((i) => ({ skuId: i.skuId, title: label(i.skuId), quantity: netQuantity(i) })),
        quantity: mine.reduce((s, i) => s + netQuantity(i), 0), codeTail: pickupCodeTail(o.pickupCode),
      });
    }
    const totalsOut = [...totals.values()].sort((a, b) => a.skuId - b.skuId);
    return {
      campaignId, campaignTitle: campaign.title,
      pickupPoint: { id: pickupPointId, name: point?.name ?? '', address: point?.address ?? '' },
      entries, totals: totalsOut, totalQuantity: totalsOut.reduce((s, t) => s + t.quantity, 0),
    };
  }

  /** SKU codes for the list (the catalogue's facts don't carry them; a read of the skus table is enough). */
  private async skuCodes(skuIds: number[]): Promise<Map<number, string>> {
    if (!skuIds.length) return new Map();
    const rows = await this.c.db.select<{ id: number; code: string }>('SELECT id, code FROM skus WHERE id IN (:skuIds)', { skuIds });
    return new Map(rows.map((r) => [Number(r.id), r.code]));
  }
}

// ── renderings ─────────────────────────────────────────────────────────────────────────────────────────────

const BOM = '\uFEFF';
const yuan = (fen: number) => formatFen(fen, '');

export function purchaseListCsv(p: PurchaseList): string {
  const rows = p.suppliers.flatMap((g) => g.lines.map((l) => [
    g.supplierName, l.skuCode ?? '', l.title, l.spec, l.unit, l.lotCode ?? '', l.origin ?? '', l.quantity, yuan(l.supplyCostFen), yuan(l.totalCostFen),
  ]));
  rows.push(['合计', '', '', '', '', '', '', p.totalQuantity, '', yuan(p.totalCostFen)]);
  return BOM + stringify(rows, { header: true, columns: ['供应商', 'SKU', '商品', '规格', '单位', '批次', '产地', '数量', '供货单价(元)', '供货金额(元)'] });
}

export function sortingListCsv(s: SortingList): string {
  const rows = s.entries.flatMap((e) => e.items.map((i) => [e.seq, e.neighbour, e.phoneTail ?? '', e.orderNo, i.title, i.quantity, e.codeTail ?? '']));
  for (const t of s.totals) rows.push(['合计', '', '', '', t.title, t.quantity, '']);
  return BOM + stringify(rows, { header: true, columns: ['序号', '邻居', '手机尾号', '订单号', '商品', '数量', '提货码尾号'] });
}

const esc = (v: unknown) => String(v ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page(title: string, subtitle: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#222}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:20px 0 6px}p.sub{color:#666;margin:0 0 12px}
table{border-collapse:collapse;width:100%;font-size:13px;margin-bottom:8px}th,td{border:1px solid #999;padding:4px 6px;text-align:left}
td.n,th.n{text-align:right}tr.total td{font-weight:bold;background:#f4f4f4}
@media print{body{margin:8mm}button{display:none}h2{break-after:avoid}table{break-inside:auto}tr{break-inside:avoid}}
</style></head><body><button onclick="window.print()">打印</button><h1>${esc(title)}</h1><p class="sub">${esc(subtitle)}</p>${body}</body></html>`;
}

export function purchaseListHtml(p: PurchaseList): string {
  const groups = p.suppliers.map((g) => `<h2>${esc(g.supplierName)}</h2><table><thead><tr><th>SKU</th><th>商品</th><th>规格</th><th>批次</th><th>产地</th><th class="n">数量</th><th class="n">供货单价</th><th class="n">金额</th></tr></thead><tbody>${
    g.lines.map((l) => `<tr><td>${esc(l.skuCode)}</td><td>${esc(l.title)}</td><td>${esc(l.spec)}</td><td>${esc(l.lotCode)}</td><td>${esc(l.origin)}</td><td class="n">${l.quantity} ${esc(l.unit)}</td><td class="n">${formatFen(l.supplyCostFen)}</td><td class="n">${formatFen(l.totalCostFen)}</td></tr>`).join('')
  }<tr class="total"><td colspan="5">小计</td><td class="n">${g.totalQuantity}</td><td></td><td class="n">${formatFen(g.totalCostFen)}</td></tr></tbody></table>`).join('');
  return page(`采购单 · ${p.campaignTitle}`, `活动 #${p.campaignId} · 共 ${p.totalQuantity} 件 · 供货金额 ${formatFen(p.totalCostFen)}`, groups);
}

export function sortingListHtml(s: SortingList): string {
  const rows = s.entries.map((e) => `<tr><td class="n">${e.seq}</td><td>${esc(e.neighbour)}${e.phoneTail ? ` (${esc(e.phoneTail)})` : ''}</td><td>${esc(e.orderNo)}</td><td>${
    e.items.map((i) => `${esc(i.title)} × ${i.quantity}`).join('<br>')}</td><td class="n">${e.quantity}</td><td>${esc(e.codeTail ?? '—')}</td><td>☐</td></tr>`).join('');
  const totals = s.totals.map((t) => `<tr class="total"><td colspan="3"></td><td>${esc(t.title)}</td><td class="n">${t.quantity}</td><td colspan="2"></td></tr>`).join('');
  return page(`分拣单 · ${s.pickupPoint.name}`, `${s.campaignTitle} · ${s.pickupPoint.address} · ${s.entries.length} 单 ${s.totalQuantity} 件`,
    `<table><thead><tr><th class="n">序号</th><th>邻居</th><th>订单号</th><th>商品</th><th class="n">件数</th><th>提货码尾号</th><th>已分拣</th></tr></thead><tbody>${rows}${totals}</tbody></table>`);
}
