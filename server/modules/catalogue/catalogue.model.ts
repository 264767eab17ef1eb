import { Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { PK, INT, FEN, BOOL, S, TIME, DAY, TEXT, JSON_TEXT, initModel } from '../../infra/models/define';
import type { StorageKind } from '../../../shared/types/statuses';

export class SupplierModel extends Model<InferAttributes<SupplierModel>, InferCreationAttributes<SupplierModel>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare region: string;
  declare description: CreationOptional<string | null>;
  declare contactName: CreationOptional<string | null>;
  declare contactPhone: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class SupplierCertificationModel extends Model<InferAttributes<SupplierCertificationModel>, InferCreationAttributes<SupplierCertificationModel>> {
  declare id: CreationOptional<number>;
  declare supplierId: number;
  declare name: string;
  declare number: string;
  declare issuer: CreationOptional<string | null>;
  declare validUntil: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
}

export class ProductModel extends Model<InferAttributes<ProductModel>, InferCreationAttributes<ProductModel>> {
  declare id: CreationOptional<number>;
  declare supplierId: number;
  declare title: string;
  declare description: CreationOptional<string | null>;
  declare category: string;
  declare fresh: boolean;
  declare unit: string;
  declare weightGrams: CreationOptional<number | null>;
  declare storage: StorageKind;
  declare shelfLifeDays: CreationOptional<number | null>;
  declare images: CreationOptional<string[] | null>;
  declare leaderCommissionBps: CreationOptional<number | null>;
  declare ratingSum: CreationOptional<number>;
  declare ratingCount: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class SkuModel extends Model<InferAttributes<SkuModel>, InferCreationAttributes<SkuModel>> {
  declare id: CreationOptional<number>;
  declare productId: number;
  declare code: string;
  declare spec: string;
  declare listPriceFen: number;
  declare supplyCostFen: number;
  declare stock: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class LotModel extends Model<InferAttributes<LotModel>, InferCreationAttributes<LotModel>> {
  declare id: CreationOptional<number>;
  declare productId: number;
  declare lotCode: string;
  declare originProvince: string;
  declare originCounty: string;
  declare originVillage: CreationOptional<string | null>;
  declare harvestedOn: string;
  declare storageNote: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
}

export function initCatalogueModels(sequelize: Sequelize): void {
  initModel(SupplierModel, sequelize, 'suppliers', {
    id: PK, name: S(100), region: S(100), description: TEXT, contactName: S(64), contactPhone: S(32), createdAt: TIME, updatedAt: TIME,
  }, { timestamps: true });
  initModel(SupplierCertificationModel, sequelize, 'supplier_certifications', {
    id: PK, supplierId: INT, name: S(100), number: S(64), issuer: S(100), validUntil: DAY, createdAt: TIME,
  }, { createdOnly: true });
  initModel(ProductModel, sequelize, 'products', {
    id: PK, supplierId: INT, title: S(120), description: TEXT, category: S(32), fresh: BOOL, unit: S(16), weightGrams: INT,
    storage: S(8), shelfLifeDays: INT, images: JSON_TEXT('images'), leaderCommissionBps: INT, ratingSum: INT, ratingCount: INT,
    createdAt: TIME, updatedAt: TIME,
  }, { timestamps: true });
  initModel(SkuModel, sequelize, 'skus', {
    id: PK, productId: INT, code: S(32), spec: S(100), listPriceFen: FEN, supplyCostFen: FEN, stock: INT, createdAt: TIME, updatedAt: TIME,
  }, { timestamps: true });
  initModel(LotModel, sequelize, 'lots', {
    id: PK, productId: INT, lotCode: S(64), originProvince: S(32), originCounty: S(32), originVillage: S(64), harvestedOn: DAY,
    storageNote: S(255), createdAt: TIME,
  }, { createdOnly: true });
}
