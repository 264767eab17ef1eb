export { CatalogueService, type SkuFacts, type LotFacts, type SupplierFacts } from './catalogue.service';
export { CatalogueAdmin, type ProductFilter, type ProductRecord } from './catalogue.admin';
