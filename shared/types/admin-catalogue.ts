/**
 * The admin's catalogue (server/http/routes/admin/catalogue.routes.ts): suppliers with certifications, products
 * with their SKUs and traceable lots. Money is integer fen; days are "YYYY-MM-DD" as the supplier writes them.
 */
import type { StorageKind } from './statuses';

/** A product whose SKUs hold fewer units than this in total counts as "low stock" in the catalogue's filter. */
export const LOW_STOCK_UNITS = 20;

export const STOCK_FILTERS = ['all', 'in_stock', 'low', 'out'] as const;
export type StockFilter = (typeof STOCK_FILTERS)[number];

export interface CertificationDTO { name: string; number: string; issuer: string | null; validUntil: string | null }

export interface SupplierDTO {
  id: number;
  name: string;
  region: string;
  description: string | null;
  contactName: string | null;
  contactPhone: string | null;
  certifications: CertificationDTO[];
  productCount: number;
}

/** POST /api/admin/catalogue/suppliers; PUT …/suppliers/:id replaces every field and the certification list. */
export interface SupplierRequest {
  name: string;
  region: string;
  description?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  certifications: CertificationDTO[];
}

/** One row of the admin's product list. */
export interface AdminProductSummaryDTO {
  id: number;
  title: string;
  category: string;
  storage: StorageKind;
  fresh: boolean;
  unit: string;
  image: string | null;
  supplier: { id: number; name: string };
  skuCount: number;
  lotCount: number;
  /** The cheapest SKU's list price; null without SKUs. */
  minListPriceFen: number | null;
  /** Units over all SKUs. */
  totalStock: number;
}

/** GET /api/admin/catalogue/products: the rows matching the filter, and every category in use (for the chips). */
export interface AdminProductListDTO { items: AdminProductSummaryDTO[]; categories: string[] }

export interface AdminSkuDTO {
  id: number;
  code: string;
  spec: string;
  listPriceFen: number;
  supplyCostFen: number;
  stock: number;
  /** Campaign items selling this SKU: while any does, it cannot be removed. */
  campaignCount: number;
}

export interface AdminLotDTO {
  id: number;
  lotCode: string;
  originProvince: string;
  originCounty: string;
  originVillage: string | null;
  harvestedOn: string;
  storageNote: string | null;
  campaignCount: number;
}

export interface AdminProductDTO {
  id: number;
  supplier: { id: number; name: string };
  title: string;
  description: string | null;
  category: string;
  /** Fresh goods have the short after-sales window. */
  fresh: boolean;
  unit: string;
  weightGrams: number | null;
  storage: StorageKind;
  shelfLifeDays: number | null;
  images: string[];
  /** The product's own leader commission (basis points); null: the global rule applies. */
  leaderCommissionBps: number | null;
  skus: AdminSkuDTO[];
  lots: AdminLotDTO[];
  updatedAt: string;
}

/** A SKU in a product request: with `id` it updates that SKU, without it adds one. No code: one is made up. */
export interface SkuInput { id?: number; code?: string | null; spec: string; listPriceFen: number; supplyCostFen: number; stock: number }

export interface LotInput {
  id?: number;
  lotCode: string;
  originProvince: string;
  originCounty: string;
  originVillage?: string | null;
  harvestedOn: string;
  storageNote?: string | null;
}

/**
 * POST /api/admin/catalogue/products creates a product with its SKUs and lots; PUT …/products/:id saves the whole
 * product: SKUs and lots listed are updated or added, those left out are removed (refused while a campaign uses
 * them). All or nothing.
 */
export interface ProductRequest {
  supplierId: number;
  title: string;
  description?: string | null;
  category: string;
  fresh: boolean;
  unit: string;
  weightGrams?: number | null;
  storage: StorageKind;
  shelfLifeDays?: number | null;
  images?: string[];
  leaderCommissionBps?: number | null;
  skus: SkuInput[];
  lots: LotInput[];
}
