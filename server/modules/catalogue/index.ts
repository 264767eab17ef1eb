export { CatalogueService, type SkuFacts, type LotFacts, type SupplierFacts } from './catalogue.service';
