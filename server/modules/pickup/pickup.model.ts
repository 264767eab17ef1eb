import { Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { PK, INT, FEN, BOOL, S, TIME, initModel } from '../../infra/models/define';
import type { ApprovalStatus, ShipmentStatus } from '../../../shared/types/statuses';

export class PickupPointModel extends Model<InferAttributes<PickupPointModel>, InferCreationAttributes<PickupPointModel>> {
  declare id: CreationOptional<number>;
  declare ownerUserId: number;
  declare name: string;
  declare address: string;
  declare hours: string;
  declare capacity: number;
  declare coldStorage: boolean;
  declare contactName: string;
  declare contactPhone: string;
  declare feeFen: CreationOptional<number | null>;
  declare status: CreationOptional<ApprovalStatus>;
  declare rejectReason: CreationOptional<string | null>;
  declare reviewedBy: CreationOptional<number | null>;
  declare reviewedAt: CreationOptional<Date | null>;
  declare verifyFailStreak: CreationOptional<number>;
  declare verifyLockedUntil: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class CommunityPickupPointModel extends Model<InferAttributes<CommunityPickupPointModel>, InferCreationAttributes<CommunityPickupPointModel>> {
  declare id: CreationOptional<number>;
  declare communityId: number;
  declare pickupPointId: number;
  declare createdAt: CreationOptional<Date>;
}

export class ShipmentModel extends Model<InferAttributes<ShipmentModel>, InferCreationAttributes<ShipmentModel>> {
  declare id: CreationOptional<number>;
  declare campaignId: number;
  declare pickupPointId: number;
  declare status: CreationOptional<ShipmentStatus>;
  declare expectedOrders: CreationOptional<number>;
  declare arrivedOrders: CreationOptional<number>;
  declare missingNote: CreationOptional<string | null>;
  declare shippedAt: CreationOptional<Date | null>;
  declare arrivedAt: CreationOptional<Date | null>;
  declare confirmedBy: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initPickupModels(sequelize: Sequelize): void {
  initModel(PickupPointModel, sequelize, 'pickup_points', {
    id: PK, ownerUserId: INT, name: S(100), address: S(255), hours: S(100), capacity: INT, coldStorage: BOOL,
    contactName: S(64), contactPhone: S(32), feeFen: FEN, status: S(16), rejectReason: S(255), reviewedBy: INT,
    reviewedAt: TIME, verifyFailStreak: INT, verifyLockedUntil: TIME, createdAt: TIME, updatedAt: TIME,
  }, { timestamps: true });
  initModel(CommunityPickupPointModel, sequelize, 'community_pickup_points', {
    id: PK, communityId: INT, pickupPointId: INT, createdAt: TIME,
  }, { createdOnly: true });
  initModel(ShipmentModel, sequelize, 'shipments', {
    id: PK, campaignId: INT, pickupPointId: INT, status: S(20), expectedOrders: INT, arrivedOrders: INT,
    missingNote: S(500), shippedAt: TIME, arrivedAt: TIME, confirmedBy: INT, createdAt: TIME, updatedAt: TIME,
  }, { timestamps: true });
}
