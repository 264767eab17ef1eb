import { Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { PK, INT, FEN, S, TIME, JSON_TEXT, initModel } from '../../infra/models/define';
import type { AfterSaleStatus, OrderStatus } from '../../../shared/types/statuses';

export class OrderModel extends Model<InferAttributes<OrderModel>, InferCreationAttributes<OrderModel>> {
  declare id: CreationOptional<number>;
  declare orderNo: string;
  declare campaignId: number;
  declare userId: number;
  declare pickupPointId: number;
  declare leaderId: number | null;
  declare attribution: 'share' | 'binding' | 'owner' | 'none';
  declare status: CreationOptional<OrderStatus>;
  declare source: CreationOptional<'mp' | 'bot' | 'h5'>;
  declare itemsFen: number;
  declare paidFen: CreationOptional<number>;
  declare refundedFen: CreationOptional<number>;
  declare idempotencyKey: string;
  declare requestHash: string;
  declare expiresAt: Date;
  declare paidAt: CreationOptional<Date | null>;
  declare confirmedAt: CreationOptional<Date | null>;
  declare shippedAt: CreationOptional<Date | null>;
  declare readyAt: CreationOptional<Date | null>;
  declare pickedUpAt: CreationOptional<Date | null>;
  declare completedAt: CreationOptional<Date | null>;
  declare closedAt: CreationOptional<Date | null>;
  declare pickupCode: CreationOptional<string | null>;
  declare pickupFeeFen: CreationOptional<number | null>;
  declare commissionRuleVersion: CreationOptional<number | null>;
  declare shippingUploadedAt: CreationOptional<Date | null>;
  declare note: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class OrderItemModel extends Model<InferAttributes<OrderItemModel>, InferCreationAttributes<OrderItemModel>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare campaignItemId: number;
  declare skuId: number;
  declare productId: number;
  declare title: string;
  declare quantity: number;
  declare unitPriceFen: number;
  declare finalUnitPriceFen: CreationOptional<number | null>;
  declare supplyCostFen: number;
  declare leaderBps: CreationOptional<number | null>;
  declare refundedQuantity: CreationOptional<number>;
  declare refundedFen: CreationOptional<number>;
}

export class OrderEventModel extends Model<InferAttributes<OrderEventModel>, InferCreationAttributes<OrderEventModel>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare fromStatus: string;
  declare toStatus: string;
  declare reason: string;
  declare actor: string;
  declare createdAt: Date;
}

export interface AfterSaleItem { orderItemId: number; quantity: number }

export class AfterSaleModel extends Model<InferAttributes<AfterSaleModel>, InferCreationAttributes<AfterSaleModel>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare userId: number;
  declare kind: 'full' | 'partial';
  declare amountFen: number;
  declare items: AfterSaleItem[] | null;
  declare reason: string;
  declare photos: string[] | null;
  declare status: CreationOptional<AfterSaleStatus>;
  declare decidedBy: CreationOptional<number | null>;
  declare decidedAt: CreationOptional<Date | null>;
  declare decisionNote: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ReviewModel extends Model<InferAttributes<ReviewModel>, InferCreationAttributes<ReviewModel>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare orderItemId: number;
  declare userId: number;
  declare productId: number;
  declare leaderId: number | null;
  declare rating: number;
  declare text: string | null;
  declare photos: string[] | null;
  declare createdAt: CreationOptional<Date>;
}

export function initOrderModels(sequelize: Sequelize): void {
  initModel(OrderModel, sequelize, 'orders', {
    id: PK, orderNo: S(32), campaignId: INT, userId: INT, pickupPointId: INT, leaderId: INT, attribution: S(16), status: S(20),
    source: S(8), itemsFen: FEN, paidFen: FEN, refundedFen: FEN, idempotencyKey: S(80), requestHash: S(64), expiresAt: TIME,
    paidAt: TIME, confirmedAt: TIME, shippedAt: TIME, readyAt: TIME, pickedUpAt: TIME, completedAt: TIME, closedAt: TIME,
    pickupCode: S(16), pickupFeeFen: FEN, commissionRuleVersion: INT, shippingUploadedAt: TIME, note: S(255),
    createdAt: TIME, updatedAt: TIME,
  }, { timestamps: true });
  initModel(OrderItemModel, sequelize, 'order_items', {
    id: PK, orderId: INT, campaignItemId: INT, skuId: INT, productId: INT, title: S(160), quantity: INT, unitPriceFen: FEN,
    finalUnitPriceFen: FEN, supplyCostFen: FEN, leaderBps: INT, refundedQuantity: INT, refundedFen: FEN,
  });
  initModel(OrderEventModel, sequelize, 'order_events', {
    id: PK, orderId: INT, fromStatus: S(20), toStatus: S(20), reason: S(255), actor: S(64), createdAt: TIME,
  });
  initModel(AfterSaleModel, sequelize, 'after_sales', {
    id: PK, orderId: INT, userId: INT, kind: S(8), amountFen: FEN, items: JSON_TEXT('items'), reason: S(500),
    photos: JSON_TEXT('photos'), status: S(16), decidedBy: INT, decidedAt: TIME, decisionNote: S(255), createdAt: TIME, updatedAt: TIME,
  }, { timestamps: true });
  initModel(ReviewModel, sequelize, 'reviews', {
    id: PK, orderId: INT, orderItemId: INT, userId: INT, productId: INT, leaderId: INT, rating: INT, text: S(1000),
    photos: JSON_TEXT('photos'), createdAt: TIME,
  }, { createdOnly: true });
}
