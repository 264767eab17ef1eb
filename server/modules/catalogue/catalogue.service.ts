/** The catalogue (data owned by admins): suppliers with certifications, products, SKUs and traceable lots. */
import { Op, type Transaction } from 'sequelize';
import { LotModel, ProductModel, SkuModel, SupplierCertificationModel, SupplierModel } from './catalogue.model';
import { NotFoundError } from '../../kernel/errors';
import type { StorageKind } from '../../../shared/types/statuses';

export interface SkuFacts {
  skuId: number; productId: number; supplierId: number; title: string; spec: string; unit: string; storage: StorageKind;
  fresh: boolean; listPriceFen: number; supplyCostFen: number; stock: number; images: string[];
  shelfLifeDays: number | null; ratingSum: number; ratingCount: number; leaderCommissionBps: number | null;
}
export interface LotFacts { id: number; productId: number; lotCode: string; origin: string; harvestedOn: string; storageNote: string | null }
export interface SupplierFacts {
  id: number; name: string; region: string; description: string | null;
  certifications: Array<{ name: string; number: string; issuer: string | null; validUntil: string | null }>;
}

export class CatalogueService {
  async skus(skuIds: number[]): Promise<Map<number, SkuFacts>> {
    if (!skuIds.length) return new Map();
    const skus = await SkuModel.findAll({ where: { id: { [Op.in]: skuIds } } });
    const products = await ProductModel.findAll({ where: { id: { [Op.in]: [...new Set(skus.map((s) => s.productId))] } } });
    const byProduct = new Map(products.map((p) => [p.id, p]));
    return new Map(skus.map((s) => {
      const p = byProduct.get(s.productId)!;
      return [s.id, {
        skuId: s.id, productId: p.id, supplierId: p.supplierId, title: p.title, spec: s.spec, unit: p.unit, storage: p.storage,
        fresh: Boolean(p.fresh), listPriceFen: s.listPriceFen, supplyCostFen: s.supplyCostFen, stock: s.stock, images: p.images ?? [],
        shelfLifeDays: p.shelfLifeDays ?? null, ratingSum: p.ratingSum, ratingCount: p.ratingCount, leaderCommissionBps: p.leaderCommissionBps ?? null,
      }];
    }));
  }

  async lots(lotIds: number[]): Promise<Map<number, LotFacts>> {
    if (!lotIds.length) return new Map();
    const lots = await LotModel.findAll({ where: { id: { [Op.in]: lotIds } } });
    return new Map(lots.map((l) => [l.id, {
      id: l.id, productId: l.productId, lotCode: l.lotCode,
      origin: [l.originProvince, l.originCounty, l.originVillage].filter(Boolean).join(' '),
      harvestedOn: l.harvestedOn, storageNote: l.storageNote ?? null,
    }]));
  }

  async suppliers(supplierIds: number[]): Promise<Map<number, SupplierFacts>> {
    if (!supplierIds.length) return new Map();
    const [suppliers, certs] = await Promise.all([
      SupplierModel.findAll({ where: { id: { [Op.in]: supplierIds } } }),
      SupplierCertificationModel.findAll({ where: { supplierId: { [Op.in]: supplierIds } }, order: [['id', 'ASC']] }),
    ]);
    return new Map(suppliers.map((s) => [s.id, {
      id: s.id, name: s.name, region: s.region, description: s.description ?? null,
      certifications: certs.filter((c) => c.supplierId === s.id).map((c) => ({ name: c.name, number: c.number, issuer: c.issuer ?? null, validUntil: c.validUntil ?? null })),
    }]));
  }

  /** The catalogue a leader opens a campaign from: every product with its SKUs, lots and supplier. */
  async browse(): Promise<Array<{ product: { id: number; title: string; category: string; unit: string; storage: StorageKind; fresh: boolean; images: string[]; description: string | null }; supplier: SupplierFacts; skus: Array<{ id: number; code: string; spec: string; listPriceFen: number; supplyCostFen: number; stock: number }>; lots: LotFacts[] }>> {
    const [products, skus, lots] = await Promise.all([
      ProductModel.findAll({ order: [['id', 'ASC']] }), SkuModel.findAll({ order: [['id', 'ASC']] }), LotModel.findAll({ order: [['id', 'DESC']] }),
    ]);
    const suppliers = await this.suppliers([...new Set(products.map((p) => p.supplierId))]);
    const lotFacts = await this.lots(lots.map((l) => l.id));
    return products.map((p) => ({
      product: { id: p.id, title: p.title, category: p.category, unit: p.unit, storage: p.storage, fresh: Boolean(p.fresh), images: p.images ?? [], description: p.description ?? null },
      supplier: suppliers.get(p.supplierId)!,
      skus: skus.filter((s) => s.productId === p.id).map((s) => ({ id: s.id, code: s.code, spec: s.spec, listPriceFen: s.listPriceFen, supplyCostFen: s.supplyCostFen, stock: s.stock })),
      lots: lots.filter((l) => l.productId === p.id).map((l) => lotFacts.get(l.id)!),
    }));
  }

  /** Adds one review's stars to the product's running totals (in the review's transaction). */
  async addRating(tx: Transaction, productId: number, rating: number): Promise<void> {
    await ProductModel.increment({ ratingSum: rating, ratingCount: 1 }, { where: { id: productId }, transaction: tx });
  }

  /** The product's average rating (one decimal) and how many reviews it has; null when the product does not exist. */
  async rating(productId: number): Promise<{ average: number | null; count: number } | null> {
    const p = await ProductModel.findByPk(productId, { attributes: ['id', 'ratingSum', 'ratingCount'] });
    if (!p) return null;
    return { average: p.ratingCount ? Math.round((p.ratingSum / p.ratingCount) * 10) / 10 : null, count: p.ratingCount };
  }

  async getSku(skuId: number): Promise<SkuFacts> {
    const s = (await this.skus([skuId])).get(skuId);
    if (!s) throw new NotFoundError('sku', skuId);
    return s;
  }
}
