/**
 * Admins keep the catalogue: suppliers, products, SKUs and lots. Each write is one transaction with its audit
 * record. A SKU or lot a campaign sells cannot be removed (409, naming it): campaigns and their orders point at
 * it, and the traceability card a neighbour saw must stay true. Campaign reads carry catalogue facts (titles,
 * lots, suppliers), so a write drops this instance's cached campaign reads; other instances see it within
 * their cache's second.
 */
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import { ConflictError } from '../kernel/errors';
import { CatalogueAdmin, type ProductFilter, type ProductRecord } from '../modules/catalogue';
import type { AdminProductDTO, AdminProductListDTO, ProductRequest, SupplierDTO, SupplierRequest } from '../../shared/types/admin-catalogue';
import type { Transaction } from 'sequelize';

export class AdminCatalogueFlow {
  private readonly admin: CatalogueAdmin;

  constructor(private readonly c: Container) {
    this.admin = new CatalogueAdmin(c.db);
  }

  suppliers(): Promise<SupplierDTO[]> { return this.admin.suppliers(); }

  async createSupplier(rc: ServiceContext, userId: number, input: SupplierRequest): Promise<SupplierDTO> {
    const id = await this.c.db.transaction(rc, async (trc) => {
      const sid = await this.admin.createSupplier(trc.tx, input, trc.now);
      await this.c.audit.record(trc.tx, userId, 'supplier.create', 'supplier', sid, { name: input.name, certifications: input.certifications.length }, trc.now);
      return sid;
    });
    return this.admin.supplier(id);
  }

  async updateSupplier(rc: ServiceContext, userId: number, id: number, input: SupplierRequest): Promise<SupplierDTO> {
    await this.c.db.transaction(rc, async (trc) => {
      await this.admin.updateSupplier(trc.tx, id, input, trc.now);
      await this.c.audit.record(trc.tx, userId, 'supplier.update', 'supplier', id, { name: input.name, certifications: input.certifications.length }, trc.now);
    });
    this.c.views.clearCache();
    return this.admin.supplier(id);
  }

  async deleteSupplier(rc: ServiceContext, userId: number, id: number): Promise<void> {
    await this.c.db.transaction(rc, async (trc) => {
      await this.admin.deleteSupplier(trc.tx, id);
      await this.c.audit.record(trc.tx, userId, 'supplier.delete', 'supplier', id, {}, trc.now);
    });
  }

  listProducts(f: ProductFilter): Promise<AdminProductListDTO> { return this.admin.listProducts(f); }

  async product(id: number): Promise<AdminProductDTO> {
    return this.dto(await this.admin.product(id));
  }

  async createProduct(rc: ServiceContext, userId: number, input: ProductRequest): Promise<AdminProductDTO> {
    const id = await this.c.db.transaction(rc, async (trc) => {
      const pid = await this.admin.createProduct(trc.tx, input, trc.now);
      await this.c.audit.record(trc.tx, userId, 'product.create', 'product', pid, summary(input), trc.now);
      return pid;
    });
    return this.product(id);
  }

  async updateProduct(rc: ServiceContext, userId: number, id: number, input: ProductRequest): Promise<AdminProductDTO> {
    await this.c.db.transaction(rc, async (trc) => {
      const before = await this.admin.product(id, trc.tx);
      const keptSkus = new Set(input.skus.map((s) => s.id));
      const keptLots = new Set(input.lots.map((l) => l.id));
      await this.refuseIfSold(trc.tx, before, before.skus.filter((x) => !keptSkus.has(x.id)).map((x) => x.id), before.lots.filter((x) => !keptLots.has(x.id)).map((x) => x.id));
      const removed = await this.admin.updateProduct(trc.tx, id, input, trc.now);
      await this.c.audit.record(trc.tx, userId, 'product.update', 'product', id, { ...summary(input), ...removed }, trc.now);
    });
    this.c.views.clearCache();
    return this.product(id);
  }

  async deleteProduct(rc: ServiceContext, userId: number, id: number): Promise<void> {
    await this.c.db.transaction(rc, async (trc) => {
      const before = await this.admin.product(id, trc.tx);
      await this.refuseIfSold(trc.tx, before, before.skus.map((x) => x.id), before.lots.map((x) => x.id));
      await this.admin.deleteProduct(trc.tx, id);
      await this.c.audit.record(trc.tx, userId, 'product.delete', 'product', id, {}, trc.now);
    });
  }

  /** 409, naming them, when campaign items sell any of these SKUs or lots of the product. */
  private async refuseIfSold(tx: Transaction, p: ProductRecord, skuIds: number[], lotIds: number[]): Promise<void> {
    const used = await this.campaignCounts(skuIds, lotIds, tx);
    const names = [
      ...p.skus.filter((s) => used.skus.has(s.id)).map((s) => `规格「${s.spec}」`),
      ...p.lots.filter((l) => used.lots.has(l.id)).map((l) => `批次「${l.lotCode}」`),
    ];
    if (names.length) {
      throw new ConflictError(`${names.join('、')}已用于团购，不能删除（可以修改，或把库存改为 0）`, { skuIds: [...used.skus.keys()], lotIds: [...used.lots.keys()] });
    }
  }

  /** How many campaign items use each SKU and lot. */
  private async campaignCounts(skuIds: number[], lotIds: number[], tx?: Transaction): Promise<{ skus: Map<number, number>; lots: Map<number, number> }> {
    const count = async (column: 'sku_id' | 'lot_id', ids: number[]) => {
      if (!ids.length) return new Map<number, number>();
      const rows = await this.c.db.select<{ id: number; n: number }>(
        `SELECT ${column} AS id, COUNT(*) AS n FROM campaign_items WHERE ${column} IN (:ids) GROUP BY ${column}`, { ids }, tx);
      return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
    };
    return { skus: await count('sku_id', skuIds), lots: await count('lot_id', lotIds) };
  }

  private async dto(p: ProductRecord): Promise<AdminProductDTO> {
    const used = await this.campaignCounts(p.skus.map((s) => s.id), p.lots.map((l) => l.id));
    return {
      id: p.id, supplier: { id: p.supplierId, name: p.supplierName }, title: p.title, description: p.description, category: p.category, fresh: p.fresh,
      unit: p.unit, weightGrams: p.weightGrams, storage: p.storage, shelfLifeDays: p.shelfLifeDays, images: p.images,
      leaderCommissionBps: p.leaderCommissionBps, updatedAt: p.updatedAt.toISOString(),
      skus: p.skus.map((s) => ({ ...s, campaignCount: used.skus.get(s.id) ?? 0 })),
      lots: p.lots.map((l) => ({ ...l, campaignCount: used.lots.get(l.id) ?? 0 })),
    };
  }
}

/** What the audit record keeps of a product save: enough to tell what changed, not the whole body. */
function summary(input: ProductRequest): Record<string, unknown> {
  return {
    title: input.title, supplierId: input.supplierId,
    skus: input.skus.map((s) => ({ id: s.id ?? null, spec: s.spec, listPriceFen: s.listPriceFen, supplyCostFen: s.supplyCostFen, stock: s.stock })),
    lots: input.lots.map((l) => ({ id: l.id ?? null, lotCode: l.lotCode })),
  };
}
