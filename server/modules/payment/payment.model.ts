import { Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { PK, INT, FEN, S, TIME, TEXT, initModel } from '../../infra/models/define';
import type { PaymentStatus, RefundReason, RefundStatus } from '../../../shared/types/statuses';

export class PaymentModel extends Model<InferAttributes<PaymentModel>, InferCreationAttributes<PaymentModel>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare provider: string;
  declare outTradeNo: string;
  declare amountFen: number;
  declare status: CreationOptional<PaymentStatus>;
  declare prepayId: CreationOptional<string | null>;
  declare transactionId: CreationOptional<string | null>;
  declare paidAt: CreationOptional<Date | null>;
  declare notification: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class RefundModel extends Model<InferAttributes<RefundModel>, InferCreationAttributes<RefundModel>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare paymentId: number;
  declare outRefundNo: string;
  declare amountFen: number;
  declare reasonKind: RefundReason;
  declare reason: CreationOptional<string | null>;
  declare status: CreationOptional<RefundStatus>;
  declare providerRefundId: CreationOptional<string | null>;
  declare afterSaleId: CreationOptional<number | null>;
  declare dedupeKey: string;
  declare attempts: CreationOptional<number>;
  declare lastError: CreationOptional<string | null>;
  declare requestedBy: string;
  declare succeededAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class RefundItemModel extends Model<InferAttributes<RefundItemModel>, InferCreationAttributes<RefundItemModel>> {
  declare id: CreationOptional<number>;
  declare refundId: number;
  declare orderItemId: number;
  declare quantity: number;
  declare amountFen: number;
}

export function initPaymentModels(sequelize: Sequelize): void {
  initModel(PaymentModel, sequelize, 'payments', {
    id: PK, orderId: INT, provider: S(16), outTradeNo: S(32), amountFen: FEN, status: S(16), prepayId: S(128),
    transactionId: S(64), paidAt: TIME, notification: TEXT, createdAt: TIME, updatedAt: TIME,
  }, { timestamps: true });
  initModel(RefundModel, sequelize, 'refunds', {
    id: PK, orderId: INT, paymentId: INT, outRefundNo: S(64), amountFen: FEN, reasonKind: S(24), reason: S(255), status: S(16),
    providerRefundId: S(64), afterSaleId: INT, dedupeKey: S(128), attempts: INT, lastError: TEXT, requestedBy: S(64),
    succeededAt: TIME, createdAt: TIME, updatedAt: TIME,
  }, { timestamps: true });
  initModel(RefundItemModel, sequelize, 'refund_items', { id: PK, refundId: INT, orderItemId: INT, quantity: INT, amountFen: FEN });
}
