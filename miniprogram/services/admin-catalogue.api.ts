/** The admin's catalogue (server/http/routes/admin/catalogue.routes.ts): suppliers, products with SKUs and lots. */
import type { AdminProductDTO, AdminProductListDTO, ProductRequest, StockFilter, SupplierDTO, SupplierRequest } from '@shared/types/admin-catalogue';
import type { StorageKind } from '@shared/types/statuses';
import { request } from './request';

const BASE = '/api/admin/catalogue';

export interface ProductQuery { q?: string; category?: string; storage?: StorageKind; stock?: StockFilter }

export const listProducts = (query: ProductQuery) => {
  // Only the filters in use go on the URL.
  const data = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '' && v !== 'all'));
  return request<AdminProductListDTO>({ url: `${BASE}/products`, data });
};

export const getProduct = (id: number) => request<AdminProductDTO>({ url: `${BASE}/products/${id}` });

export const createProduct = (body: ProductRequest) =>
  request<AdminProductDTO>({ url: `${BASE}/products`, method: 'POST', data: { ...body } });

/** Saves the whole product: SKUs and lots left out are removed (refused while a campaign sells them). */
export const saveProduct = (id: number, body: ProductRequest) =>
  request<AdminProductDTO>({ url: `${BASE}/products/${id}`, method: 'PUT', data: { ...body } });

export const deleteProduct = (id: number) => request<{ deleted: true }>({ url: `${BASE}/products/${id}`, method: 'DELETE', data: {} });

export const listSuppliers = () => request<SupplierDTO[]>({ url: `${BASE}/suppliers` });

export const createSupplier = (body: SupplierRequest) =>
  request<SupplierDTO>({ url: `${BASE}/suppliers`, method: 'POST', data: { ...body } });

export const saveSupplier = (id: number, body: SupplierRequest) =>
  request<SupplierDTO>({ url: `${BASE}/suppliers/${id}`, method: 'PUT', data: { ...body } });
