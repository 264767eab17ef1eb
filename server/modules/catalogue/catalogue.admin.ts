/**
 * The admin's side of the catalogue: suppliers (with certifications), products, SKUs and lots, read and
 * written. Every write runs in the caller's transaction, so a refused part (a duplicate code, a row still in use)
 * leaves nothing behind. Whether a campaign still uses a SKU or lot is the caller's question (campaigns are
 * another module); a row the database itself still sees referenced is refused here as a conflict.
 */
import { Op, type Transaction } from 'sequelize';
import { LotModel, ProductModel, SkuModel, SupplierCertificationModel, SupplierModel } from './catalogue.model';
import { ConflictError, InvalidInputError, NotFoundError } from '../../kernel/errors';
import { isUniqueViolation, type Database } from '../../infra/db';
import { LOW_STOCK_UNITS, type AdminProductListDTO, type AdminProductSummaryDTO, type CertificationDTO, type LotInput, type ProductRequest, type SkuInput, type StockFilter, type SupplierDTO, type SupplierRequest } from '../../../shared/types/admin-catalogue';
import type { StorageKind } from '../../../shared/types/statuses';

export interface ProductFilter { q?: string; category?: string; storage?: StorageKind; stock?: StockFilter; supplierId?: number }

/** A product as stored, with its SKUs and lots (no campaign counts: the caller adds those). */
export interface ProductRecord {
  id: number; supplierId: number; supplierName: string; title: string; description: string | null; category: string; fresh: boolean;
  unit: string; weightGrams: number | null; storage: StorageKind; shelfLifeDays: number | null; images: string[];
  leaderCommissionBps: number | null; updatedAt: Date;
  skus: Array<{ id: number; code: string; spec: string; listPriceFen: number; supplyCostFen: number; stock: number }>;
  lots: Array<{ id: number; lotCode: string; originProvince: string; originCounty: string; originVillage: string | null; harvestedOn: string; storageNote: string | null }>;
}

const LIST_LIMIT = 300;

/** A foreign key still pointing at the row (a campaign item, an order line): the delete must not happen. */
function isReferenced(err: unknown): boolean {
  const e = err as { name?: string; original?: { errno?: number; code?: string } };
  return e?.name === 'SequelizeForeignKeyConstraintError' || e?.original?.errno === 1451 ||
    (e?.original?.code === 'SQLITE_CONSTRAINT' && /FOREIGN KEY/i.test(String((err as Error).message)));
}

/** Runs a write; a duplicate becomes a 409 with `message`, a row still referenced a 409 saying so. */
async function guarded<T>(what: string, duplicate: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(duplicate, { what });
    if (isReferenced(err)) throw new ConflictError(`${what}仍被团购或订单使用，不能删除`, { what });
    throw err;
  }
}

/** LIKE's wildcards typed by the admin are literal; '!' escapes (a backslash means different things in MySQL and SQLite). */
const likeEscape = (s: string) => s.replace(/[!%_]/g, (ch) => `!${ch}`);

export class CatalogueAdmin {
  constructor(private readonly db: Database) {}

  // --- suppliers ------------------------------------------------------------------------------------------------

  async suppliers(): Promise<SupplierDTO[]> {
    const [rows, certs, counts] = await Promise.all([
      SupplierModel.findAll({ order: [['id', 'ASC']] }),
      SupplierCertificationModel.findAll({ order: [['id', 'ASC']] }),
      this.db.select<{ supplierId: number; n: number }>('SELECT supplier_id AS supplierId, COUNT(*) AS n FROM products GROUP BY supplier_id'),
    ]);
    const productCount = new Map(counts.map((r) => [Number(r.supplierId), Number(r.n)]));
    return rows.map((s) => ({
      id: s.id, name: s.name, region: s.region, description: s.description ?? null, contactName: s.contactName ?? null, contactPhone: s.contactPhone ?? null,
      certifications: certs.filter((c) => c.supplierId === s.id).map(certDto), productCount: productCount.get(s.id) ?? 0,
    }));
  }

  async supplier(id: number): Promise<SupplierDTO> {
    const s = (await this.suppliers()).find((x) => x.id === id);
    if (!s) throw new NotFoundError('supplier', id);
    return s;
  }

  async createSupplier(tx: Transaction, input: SupplierRequest, now: Date): Promise<number> {
    return guarded('供应商', `供应商「${input.name}」已存在`, async () => {
      const s = await SupplierModel.create({ ...supplierFields(input), createdAt: now, updatedAt: now }, { transaction: tx });
      await this.replaceCertifications(tx, s.id, input.certifications, now);
      return s.id;
    });
  }

  async updateSupplier(tx: Transaction, id: number, input: SupplierRequest, now: Date): Promise<void> {
    await guarded('供应商', `供应商「${input.name}」已存在`, async () => {
      const [n] = await SupplierModel.update({ ...supplierFields(input), updatedAt: now }, { where: { id }, transaction: tx });
      if (!n) throw new NotFoundError('supplier', id);
      await this.replaceCertifications(tx, id, input.certifications, now);
    });
  }

  /** Only a supplier with no products goes; one with products would orphan them. */
  async deleteSupplier(tx: Transaction, id: number): Promise<void> {
    const products = await ProductModel.count({ where: { supplierId: id }, transaction: tx });
    if (products) throw new ConflictError(`该供应商还有 ${products} 个商品，不能删除`);
    await guarded('供应商', '', async () => {
      await SupplierCertificationModel.destroy({ where: { supplierId: id }, transaction: tx });
      const n = await SupplierModel.destroy({ where: { id }, transaction: tx });
      if (!n) throw new NotFoundError('supplier', id);
    });
  }

  private async replaceCertifications(tx: Transaction, supplierId: number, certs: CertificationDTO[], now: Date): Promise<void> {
    await SupplierCertificationModel.destroy({ where: { supplierId }, transaction: tx });
    if (certs.length) {
      await SupplierCertificationModel.bulkCreate(certs.map((c) => ({ supplierId, name: c.name, number: c.number, issuer: c.issuer, validUntil: c.validUntil, createdAt: now })), { transaction: tx });
    }
  }

  // --- products -------------------------------------------------------------------------------------------------

  /** Products matching the filter with their SKU totals, in one grouped query; and every category in use. */
  async listProducts(f: ProductFilter): Promise<AdminProductListDTO> {
    const where: string[] = [];
    const repl: Record<string, unknown> = { low: LOW_STOCK_UNITS };
    if (f.q) { where.push(`(p.title LIKE :q ESCAPE '!' OR s.name LIKE :q ESCAPE '!')`); repl.q = `%${likeEscape(f.q)}%`; }
    if (f.category) { where.push('p.category = :category'); repl.category = f.category; }
    if (f.storage) { where.push('p.storage = :storage'); repl.storage = f.storage; }
    if (f.supplierId) { where.push('p.supplier_id = :supplierId'); repl.supplierId = f.supplierId; }
    const stock = { all: '', in_stock: 'WHERE x.totalStock > 0', low: 'WHERE x.totalStock > 0 AND x.totalStock < :low', out: 'WHERE x.totalStock = 0' }[f.stock ?? 'all'];
    const rows = await this.db.select<Record<string, unknown>>(
      `SELECT * FROM (
         SELECT p.id, p.title, p.category, p.storage, p.fresh, p.unit, p.images, p.supplier_id AS supplierId, s.name AS supplierName,
                (SELECT COUNT(*) FROM skus k WHERE k.product_id = p.id) AS skuCount,
                (SELECT COUNT(*) FROM lots l WHERE l.product_id = p.id) AS lotCount,
                (SELECT MIN(k.list_price_fen) FROM skus k WHERE k.product_id = p.id) AS minListPriceFen,
                (SELECT COALESCE(SUM(k.stock), 0) FROM skus k WHERE k.product_id = p.id) AS totalStock
           FROM products p JOIN suppliers s ON s.id = p.supplier_id
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''}) x
        ${stock}
        ORDER BY x.id DESC LIMIT ${LIST_LIMIT}`, repl);
    const categories = await this.db.select<{ category: string }>('SELECT DISTINCT category FROM products ORDER BY category');
    return {
      items: rows.map((r): AdminProductSummaryDTO => {
        const images = r.images ? (JSON.parse(String(r.images)) as string[]) : [];
        return {
          id: Number(r.id), title: String(r.title), category: String(r.category), storage: r.storage as StorageKind, fresh: Boolean(Number(r.fresh)),
          unit: String(r.unit), image: images[0] ?? null, supplier: { id: Number(r.supplierId), name: String(r.supplierName) },
          skuCount: Number(r.skuCount), lotCount: Number(r.lotCount), minListPriceFen: r.minListPriceFen === null ? null : Number(r.minListPriceFen),
          totalStock: Number(r.totalStock),
        };
      }),
      categories: categories.map((c) => c.category),
    };
  }

  async product(id: number, tx?: Transaction): Promise<ProductRecord> {
    const p = await ProductModel.findByPk(id, { transaction: tx });
    if (!p) throw new NotFoundError('product', id);
    const [supplier, skus, lots] = await Promise.all([
      SupplierModel.findByPk(p.supplierId, { transaction: tx }),
      SkuModel.findAll({ where: { productId: id }, order: [['id', 'ASC']], transaction: tx }),
      LotModel.findAll({ where: { productId: id }, order: [['id', 'ASC']], transaction: tx }),
    ]);
    return {
      id: p.id, supplierId: p.supplierId, supplierName: supplier?.name ?? '', title: p.title, description: p.description ?? null, category: p.category,
      fresh: Boolean(p.fresh), unit: p.unit, weightGrams: p.weightGrams ?? null, storage: p.storage, shelfLifeDays: p.shelfLifeDays ?? null,
      images: p.images ?? [], leaderCommissionBps: p.leaderCommissionBps ?? null, updatedAt: p.updatedAt,
      skus: skus.map((s) => ({ id: s.id, code: s.code, spec: s.spec, listPriceFen: s.listPriceFen, supplyCostFen: s.supplyCostFen, stock: s.stock })),
      lots: lots.map((l) => ({ id: l.id, lotCode: l.lotCode, originProvince: l.originProvince, originCounty: l.originCounty, originVillage: l.originVillage ?? null, harvestedOn: l.harvestedOn, storageNote: l.storageNote ?? null })),
    };
  }

  async createProduct(tx: Transaction, input: ProductRequest, now: Date): Promise<number> {
    await this.requireSupplier(tx, input.supplierId);
    const p = await ProductModel.create({ ...productFields(input), ratingSum: 0, ratingCount: 0, createdAt: now, updatedAt: now }, { transaction: tx });
    await this.saveSkus(tx, p.id, [], input.skus, now);
    await this.saveLots(tx, p.id, [], input.lots, now);
    return p.id;
  }

  /**
   * Saves the whole product: fields, then SKUs and lots (listed ones updated or added, the others removed).
   * Returns what was removed, for the audit record.
   */
  async updateProduct(tx: Transaction, id: number, input: ProductRequest, now: Date): Promise<{ removedSkus: number[]; removedLots: number[] }> {
    const before = await this.product(id, tx);
    await this.requireSupplier(tx, input.supplierId);
    await ProductModel.update({ ...productFields(input), updatedAt: now }, { where: { id }, transaction: tx });
    const removedSkus = await this.saveSkus(tx, id, before.skus.map((s) => s.id), input.skus, now);
    const removedLots = await this.saveLots(tx, id, before.lots.map((l) => l.id), input.lots, now);
    return { removedSkus, removedLots };
  }

  /** A product with its SKUs and lots; the caller has checked no campaign uses them (the database checks again). */
  async deleteProduct(tx: Transaction, id: number): Promise<void> {
    await this.product(id, tx);
    await guarded('商品', '', async () => {
      await SkuModel.destroy({ where: { productId: id }, transaction: tx });
      await LotModel.destroy({ where: { productId: id }, transaction: tx });
      await ProductModel.destroy({ where: { id }, transaction: tx });
    });
  }

  private async requireSupplier(tx: Transaction, supplierId: number): Promise<void> {
    if (!(await SupplierModel.findByPk(supplierId, { transaction: tx, attributes: ['id'] }))) {
      throw new InvalidInputError('请选择已有的供应商', { supplierId });
    }
  }

  private async saveSkus(tx: Transaction, productId: number, existing: number[], skus: SkuInput[], now: Date): Promise<number[]> {
    const unknown = skus.find((s) => s.id !== undefined && !existing.includes(s.id));
    if (unknown) throw new InvalidInputError(`规格 ${unknown.id} 不属于这个商品`, { skuId: unknown.id });
    const keep = new Set(skus.map((s) => s.id).filter((x): x is number => x !== undefined));
    const removed = existing.filter((x) => !keep.has(x));
    await guarded('规格', '规格编码已被其他商品使用', async () => {
      if (removed.length) await SkuModel.destroy({ where: { id: { [Op.in]: removed } }, transaction: tx });
      for (const [i, s] of skus.entries()) {
        const fields = { spec: s.spec, listPriceFen: s.listPriceFen, supplyCostFen: s.supplyCostFen, stock: s.stock };
        if (s.id !== undefined) {
          await SkuModel.update({ ...fields, ...(s.code ? { code: s.code } : {}), updatedAt: now }, { where: { id: s.id }, transaction: tx });
        } else {
          await SkuModel.create({ ...fields, productId, code: s.code || madeUpCode(productId, i), createdAt: now, updatedAt: now }, { transaction: tx });
        }
      }
    });
    return removed;
  }

  private async saveLots(tx: Transaction, productId: number, existing: number[], lots: LotInput[], now: Date): Promise<number[]> {
    const unknown = lots.find((l) => l.id !== undefined && !existing.includes(l.id));
    if (unknown) throw new InvalidInputError(`批次 ${unknown.id} 不属于这个商品`, { lotId: unknown.id });
    const keep = new Set(lots.map((l) => l.id).filter((x): x is number => x !== undefined));
    const removed = existing.filter((x) => !keep.has(x));
    await guarded('批次', '同一商品的批次号不能重复', async () => {
      if (removed.length) await LotModel.destroy({ where: { id: { [Op.in]: removed } }, transaction: tx });
      for (const l of lots) {
        const fields = {
          lotCode: l.lotCode, originProvince: l.originProvince, originCounty: l.originCounty, originVillage: l.originVillage ?? null,
          harvestedOn: l.harvestedOn, storageNote: l.storageNote ?? null,
        };
        if (l.id !== undefined) await LotModel.update(fields, { where: { id: l.id }, transaction: tx });
        else await LotModel.create({ ...fields, productId, createdAt: now }, { transaction: tx });
      }
    });
    return removed;
  }
}

function certDto(c: SupplierCertificationModel): CertificationDTO {
  return { name: c.name, number: c.number, issuer: c.issuer ?? null, validUntil: c.validUntil ?? null };
}

function supplierFields(input: SupplierRequest) {
  return { name: input.name, region: input.region, description: input.description ?? null, contactName: input.contactName ?? null, contactPhone: input.contactPhone ?? null };
}

function productFields(input: ProductRequest) {
  return {
    supplierId: input.supplierId, title: input.title, description: input.description ?? null, category: input.category, fresh: input.fresh,
    unit: input.unit, weightGrams: input.weightGrams ?? null, storage: input.storage, shelfLifeDays: input.shelfLifeDays ?? null,
    images: input.images ?? [], leaderCommissionBps: input.leaderCommissionBps ?? null,
  };
}

/** A SKU code when the admin gives none: unique enough (product, position, random), ≤ 32 characters. */
function madeUpCode(productId: number, index: number): string {
  return `P${productId}-${index + 1}-${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
}
