import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import { Day, Id, IdParams } from '../../schemas';
import { AdminCatalogueFlow } from '../../../flows/admin-catalogue.flow';
import { STORAGE_KINDS } from '../../../../shared/types/statuses';
import { STOCK_FILTERS } from '../../../../shared/types/admin-catalogue';

const ADMIN = ['admin'] as const;

/** Messages are Chinese: the admin's page shows the first problem as the server words it. */
const text = (label: string, min: number, max: number) =>
  z.string().trim().min(min, `${label}不能为空`).max(max, `${label}最多 ${max} 个字`);
const optionalText = (label: string, max: number) =>
  z.string().trim().max(max, `${label}最多 ${max} 个字`).nullable().optional().transform((v) => (v ? v : null));
/** Money in fen, as integers: 0 allowed for a supply cost, never for a list price. */
const FenAmount = (label: string, min: number) => z.number({ error: `${label}要是整数（分）` }).int(`${label}要是整数（分）`).min(min, `${label}${min ? '要大于 0' : '不能为负'}`).max(100_000_000, `${label}过大`);
const Count = (label: string, max: number) => z.number({ error: `${label}要是整数` }).int(`${label}要是整数`).min(0, `${label}不能为负`).max(max, `${label}过大`);

const Certification = z.object({
  name: text('证书名称', 1, 100),
  number: text('证书编号', 1, 64),
  issuer: optionalText('发证机构', 100),
  validUntil: Day.nullable().optional().transform((v) => v ?? null),
});

const SupplierBody = z.object({
  name: text('供应商名称', 1, 100),
  region: text('产地区域', 1, 100),
  description: optionalText('介绍', 2000),
  contactName: optionalText('联系人', 64),
  contactPhone: z.string().trim().regex(/^\+?[\d-]{6,20}$/, '联系电话格式不对').nullable().optional().or(z.literal('').transform(() => null)),
  certifications: z.array(Certification).max(20, '证书最多 20 个').default([]),
}).refine((b) => new Set(b.certifications.map((c) => c.number)).size === b.certifications.length, { message: '证书编号不能重复', path: ['certifications'] });

const SkuBody = z.object({
  id: Id.optional(),
  code: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,32}$/, '规格编码只能用字母、数字和 - _ .，最多 32 位').nullable().optional().or(z.literal('').transform(() => null)),
  spec: text('规格', 1, 100),
  listPriceFen: FenAmount('零售价', 1),
  supplyCostFen: FenAmount('供货价', 0),
  stock: Count('库存', 10_000_000),
}).refine((s) => s.supplyCostFen <= s.listPriceFen, { message: '供货价不能高于零售价', path: ['supplyCostFen'] });

const LotBody = z.object({
  id: Id.optional(),
  lotCode: text('批次号', 1, 64),
  originProvince: text('产地省份', 1, 32),
  originCounty: text('产地区县', 1, 32),
  originVillage: optionalText('产地乡村', 64),
  harvestedOn: Day,
  storageNote: optionalText('储存说明', 255),
});

const ImageUrl = z.string().max(512).regex(/^(\/(uploads|static)\/|https:\/\/)/, '图片地址无效');

const ProductBody = z.object({
  supplierId: Id,
  title: text('商品名称', 2, 120),
  description: optionalText('商品介绍', 2000),
  category: text('品类', 1, 32),
  fresh: z.boolean(),
  unit: text('单位', 1, 16),
  weightGrams: z.number().int('重量要是整数（克）').min(1, '重量要大于 0').max(1_000_000, '重量过大').nullable().optional(),
  storage: z.enum(STORAGE_KINDS, { error: '储存方式只能是常温、冷藏或冷冻' }),
  shelfLifeDays: z.number().int('保质期要是整数（天）').min(1, '保质期至少 1 天').max(3650, '保质期过长').nullable().optional(),
  images: z.array(ImageUrl).max(9, '图片最多 9 张').default([]),
  leaderCommissionBps: z.number().int().min(0, '佣金不能为负').max(5000, '团长佣金最多 50%').nullable().optional(),
  skus: z.array(SkuBody).min(1, '至少要有一个规格').max(20, '规格最多 20 个'),
  lots: z.array(LotBody).max(50, '批次最多 50 个').default([]),
})
  .refine((b) => new Set(b.skus.map((s) => s.spec)).size === b.skus.length, { message: '规格名称不能重复', path: ['skus'] })
  .refine((b) => new Set(b.skus.filter((s) => s.code).map((s) => s.code)).size === b.skus.filter((s) => s.code).length, { message: '规格编码不能重复', path: ['skus'] })
  .refine((b) => new Set(b.lots.map((l) => l.lotCode)).size === b.lots.length, { message: '批次号不能重复', path: ['lots'] })
  .refine((b) => new Set(b.skus.filter((s) => s.id).map((s) => s.id)).size === b.skus.filter((s) => s.id).length, { message: '同一规格出现了两次', path: ['skus'] })
  .refine((b) => new Set(b.lots.filter((l) => l.id).map((l) => l.id)).size === b.lots.filter((l) => l.id).length, { message: '同一批次出现了两次', path: ['lots'] });

const ProductQuery = z.object({
  q: z.string().trim().max(60).optional(),
  category: z.string().trim().max(32).optional(),
  storage: z.enum(STORAGE_KINDS).optional(),
  stock: z.enum(STOCK_FILTERS).default('all'),
  supplierId: Id.optional(),
});

/** Admins keep the catalogue (suppliers, products with SKUs and lots); every write is audited. */
export function adminCatalogueRoutes(c: Container): Api {
  const flow = new AdminCatalogueFlow(c);
  return new Api('/api/admin/catalogue', 'admin')
    .route({ method: 'get', path: '/suppliers', summary: 'Suppliers with certifications and product counts', access: ADMIN },
      () => flow.suppliers())
    .route({ method: 'post', path: '/suppliers', summary: 'Add a supplier (name unique) with its certifications', access: ADMIN, body: SupplierBody, status: 201 },
      ({ body, userId, rc }) => flow.createSupplier(rc, userId, body))
    .route({ method: 'put', path: '/suppliers/:id', summary: 'Save a supplier: fields and the whole certification list', access: ADMIN, params: IdParams, body: SupplierBody },
      ({ params, body, userId, rc }) => flow.updateSupplier(rc, userId, params.id, body))
    .route({ method: 'delete', path: '/suppliers/:id', summary: 'Remove a supplier without products (409 otherwise)', access: ADMIN, params: IdParams },
      async ({ params, userId, rc }) => { await flow.deleteSupplier(rc, userId, params.id); return { deleted: true }; })
    .route({ method: 'get', path: '/products', summary: 'Products by title/supplier search, category, storage and stock, with SKU totals', access: ADMIN, query: ProductQuery },
      ({ query }) => flow.listProducts(query))
    .route({ method: 'post', path: '/products', summary: 'Add a product with its SKUs and lots', access: ADMIN, body: ProductBody, status: 201 },
      ({ body, userId, rc }) => flow.createProduct(rc, userId, body))
    .route({ method: 'get', path: '/products/:id', summary: 'A product with its SKUs and lots, and how many campaign items use each', access: ADMIN, params: IdParams },
      ({ params }) => flow.product(params.id))
    .route({ method: 'put', path: '/products/:id', summary: 'Save a product: SKUs and lots listed are updated or added, the rest removed (409 while a campaign uses one)', access: ADMIN, params: IdParams, body: ProductBody },
      ({ params, body, userId, rc }) => flow.updateProduct(rc, userId, params.id, body))
    .route({ method: 'delete', path: '/products/:id', summary: 'Remove a product no campaign uses (409 otherwise)', access: ADMIN, params: IdParams },
      async ({ params, userId, rc }) => { await flow.deleteProduct(rc, userId, params.id); return { deleted: true }; });
}
