/**
 * The product form's state and how it becomes a ProductRequest. Amounts are typed in yuan and sent as integer
 * fen (utils/amount-input.ts → shared/money.ts); the commission is typed in percent and sent as basis points.
 * Problems are worded for the admin, naming the SKU or lot concerned; the server checks everything again.
 */
import type { AdminProductDTO, ProductRequest } from '@shared/types/admin-catalogue';
import type { StorageKind } from '@shared/types/statuses';
import { bpsToPercentText, fenToYuanText, percentToBps, wholeNumber, yuanToFen } from '../../../utils/amount-input';

export interface SkuDraft { id?: number; code: string; spec: string; price: string; cost: string; stock: string; campaignCount: number }
export interface LotDraft { id?: number; lotCode: string; province: string; county: string; village: string; harvestedOn: string; storageNote: string; campaignCount: number }

export interface ProductDraft {
  supplierId: number | null;
  title: string;
  description: string;
  category: string;
  fresh: boolean;
  unit: string;
  weight: string;
  storage: StorageKind;
  shelfLife: string;
  images: string[];
  commission: string;
  skus: SkuDraft[];
  lots: LotDraft[];
}

export const blankSku = (): SkuDraft => ({ code: '', spec: '', price: '', cost: '', stock: '', campaignCount: 0 });
export const blankLot = (today: string): LotDraft => ({ lotCode: '', province: '', county: '', village: '', harvestedOn: today, storageNote: '', campaignCount: 0 });

export function blankProduct(today: string): ProductDraft {
  return {
    supplierId: null, title: '', description: '', category: 'fruit', fresh: true, unit: '', weight: '', storage: 'ambient', shelfLife: '',
    images: [], commission: '', skus: [blankSku()], lots: [blankLot(today)],
  };
}

export function fromProduct(p: AdminProductDTO): ProductDraft {
  return {
    supplierId: p.supplier.id, title: p.title, description: p.description ?? '', category: p.category, fresh: p.fresh, unit: p.unit,
    weight: p.weightGrams === null ? '' : String(p.weightGrams), storage: p.storage, shelfLife: p.shelfLifeDays === null ? '' : String(p.shelfLifeDays),
    images: p.images, commission: bpsToPercentText(p.leaderCommissionBps),
    skus: p.skus.map((s) => ({ id: s.id, code: s.code, spec: s.spec, price: fenToYuanText(s.listPriceFen), cost: fenToYuanText(s.supplyCostFen), stock: String(s.stock), campaignCount: s.campaignCount })),
    lots: p.lots.map((l) => ({
      id: l.id, lotCode: l.lotCode, province: l.originProvince, county: l.originCounty, village: l.originVillage ?? '', harvestedOn: l.harvestedOn,
      storageNote: l.storageNote ?? '', campaignCount: l.campaignCount,
    })),
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const optionalNumber = (text: string) => (text.trim() ? wholeNumber(text) : null);

/** The request, or the first problem in the admin's words. */
export function toRequest(f: ProductDraft): { ok: true; body: ProductRequest } | { ok: false; problem: string } {
  if (!f.supplierId) return { ok: false, problem: '请选择供应商' };
  if (f.title.trim().length < 2) return { ok: false, problem: '请填写商品名称（至少 2 个字）' };
  if (!f.unit.trim()) return { ok: false, problem: '请填写销售单位（如 箱、袋、斤）' };
  const weightGrams = optionalNumber(f.weight);
  if (f.weight.trim() && !weightGrams) return { ok: false, problem: '重量要是正整数（克）' };
  const shelfLifeDays = optionalNumber(f.shelfLife);
  if (f.shelfLife.trim() && !shelfLifeDays) return { ok: false, problem: '保质期要是正整数（天）' };
  const leaderCommissionBps = percentToBps(f.commission);
  if (leaderCommissionBps === undefined || (leaderCommissionBps ?? 0) > 5000) return { ok: false, problem: '团长佣金要是 0–50 之间的百分比，或留空按平台默认' };
  if (!f.skus.length) return { ok: false, problem: '至少要有一个规格' };

  const skus: ProductRequest['skus'] = [];
  for (const [i, s] of f.skus.entries()) {
    const name = s.spec.trim() || `第 ${i + 1} 个规格`;
    if (!s.spec.trim()) return { ok: false, problem: `请填写${name}的规格名称（如 5斤装）` };
    const listPriceFen = yuanToFen(s.price);
    if (!listPriceFen) return { ok: false, problem: `「${name}」的零售价格式不对（例如 59.9）` };
    const supplyCostFen = yuanToFen(s.cost);
    if (supplyCostFen === null) return { ok: false, problem: `「${name}」的供货价格式不对（例如 32.5）` };
    if (supplyCostFen > listPriceFen) return { ok: false, problem: `「${name}」的供货价不能高于零售价` };
    const stock = wholeNumber(s.stock);
    if (stock === null) return { ok: false, problem: `「${name}」的库存要是整数` };
    skus.push({ ...(s.id ? { id: s.id } : {}), code: s.code.trim() || null, spec: s.spec.trim(), listPriceFen, supplyCostFen, stock });
  }

  const lots: ProductRequest['lots'] = [];
  for (const [i, l] of f.lots.entries()) {
    const name = l.lotCode.trim() || `第 ${i + 1} 个批次`;
    if (!l.lotCode.trim()) return { ok: false, problem: `请填写${name}的批次号` };
    if (!l.province.trim() || !l.county.trim()) return { ok: false, problem: `批次「${name}」要写明产地省份和区县` };
    if (!DAY.test(l.harvestedOn.trim())) return { ok: false, problem: `批次「${name}」的采收/生产日期格式应为 2026-07-21` };
    lots.push({
      ...(l.id ? { id: l.id } : {}), lotCode: l.lotCode.trim(), originProvince: l.province.trim(), originCounty: l.county.trim(),
      originVillage: l.village.trim() || null, harvestedOn: l.harvestedOn.trim(), storageNote: l.storageNote.trim() || null,
    });
  }

  return {
    ok: true,
    body: {
      supplierId: f.supplierId, title: f.title.trim(), description: f.description.trim() || null, category: f.category, fresh: f.fresh,
      unit: f.unit.trim(), weightGrams, storage: f.storage, shelfLifeDays, images: f.images, leaderCommissionBps, skus, lots,
    },
  };
}
