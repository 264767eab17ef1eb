import { Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { PK, INT, FEN, S, TIME, TEXT, initModel } from '../../infra/models/define';
import type { CampaignStatus, ThresholdKind } from '../../../shared/types/statuses';

export class CampaignModel extends Model<InferAttributes<CampaignModel>, InferCreationAttributes<CampaignModel>> {
  declare id: CreationOptional<number>;
  declare ownerKind: 'leader' | 'platform';
  declare leaderId: number | null;
  declare communityId: number | null;
  declare title: string;
  declare description: CreationOptional<string | null>;
  declare coverImage: CreationOptional<string | null>;
  declare status: CreationOptional<CampaignStatus>;
  declare thresholdKind: ThresholdKind;
  declare thresholdValue: number;
  declare startsAt: Date;
  declare deadlineAt: Date;
  declare pickupStartsAt: Date;
  declare pickupEndsAt: Date;
  declare succeededAt: CreationOptional<Date | null>;
  declare paidParticipants: CreationOptional<number>;
  declare paidQuantity: CreationOptional<number>;
  declare closedAt: CreationOptional<Date | null>;
  declare closeReason: CreationOptional<string | null>;
  declare createdBy: number;
  declare version: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class CampaignItemModel extends Model<InferAttributes<CampaignItemModel>, InferCreationAttributes<CampaignItemModel>> {
  declare id: CreationOptional<number>;
  declare campaignId: number;
  declare skuId: number;
  declare lotId: number | null;
  declare priceFen: number;
  declare stock: number;
  declare reserved: CreationOptional<number>;
  declare sold: CreationOptional<number>;
  declare perPersonLimit: number | null;
  declare leaderCommissionBps: CreationOptional<number | null>;
  declare sortOrder: CreationOptional<number>;
}

export class CampaignPriceTierModel extends Model<InferAttributes<CampaignPriceTierModel>, InferCreationAttributes<CampaignPriceTierModel>> {
  declare id: CreationOptional<number>;
  declare campaignItemId: number;
  declare minParticipants: number;
  declare priceFen: number;
}

export class CampaignPickupPointModel extends Model<InferAttributes<CampaignPickupPointModel>, InferCreationAttributes<CampaignPickupPointModel>> {
  declare id: CreationOptional<number>;
  declare campaignId: number;
  declare pickupPointId: number;
}

export class CampaignParticipantModel extends Model<InferAttributes<CampaignParticipantModel>, InferCreationAttributes<CampaignParticipantModel>> {
  declare id: CreationOptional<number>;
  declare campaignId: number;
  declare userId: number;
  declare displayName: string;
  declare paidOrders: number;
  declare paidQuantity: number;
  declare firstPaidAt: Date;
}

export class CampaignItemBuyerModel extends Model<InferAttributes<CampaignItemBuyerModel>, InferCreationAttributes<CampaignItemBuyerModel>> {
  declare id: CreationOptional<number>;
  declare campaignItemId: number;
  declare userId: number;
  declare quantity: number;
}

export class CampaignEventModel extends Model<InferAttributes<CampaignEventModel>, InferCreationAttributes<CampaignEventModel>> {
  declare id: CreationOptional<number>;
  declare campaignId: number;
  declare fromStatus: string;
  declare toStatus: string;
  declare reason: string;
  declare actor: string;
  declare createdAt: Date;
}

export function initCampaignModels(sequelize: Sequelize): void {
  initModel(CampaignModel, sequelize, 'campaigns', {
    id: PK, ownerKind: S(16), leaderId: INT, communityId: INT, title: S(120), description: TEXT, coverImage: S(512),
    status: S(16), thresholdKind: S(16), thresholdValue: INT, startsAt: TIME, deadlineAt: TIME, pickupStartsAt: TIME,
    pickupEndsAt: TIME, succeededAt: TIME, paidParticipants: INT, paidQuantity: INT, closedAt: TIME, closeReason: S(255),
    createdBy: INT, version: INT, createdAt: TIME, updatedAt: TIME,
  }, { timestamps: true });
  initModel(CampaignItemModel, sequelize, 'campaign_items', {
    id: PK, campaignId: INT, skuId: INT, lotId: INT, priceFen: FEN, stock: INT, reserved: INT, sold: INT, perPersonLimit: INT,
    leaderCommissionBps: INT, sortOrder: INT,
  });
  initModel(CampaignPriceTierModel, sequelize, 'campaign_price_tiers', { id: PK, campaignItemId: INT, minParticipants: INT, priceFen: FEN });
  initModel(CampaignPickupPointModel, sequelize, 'campaign_pickup_points', { id: PK, campaignId: INT, pickupPointId: INT });
  initModel(CampaignParticipantModel, sequelize, 'campaign_participants', {
    id: PK, campaignId: INT, userId: INT, displayName: S(64), paidOrders: INT, paidQuantity: INT, firstPaidAt: TIME,
  });
  initModel(CampaignItemBuyerModel, sequelize, 'campaign_item_buyers', { id: PK, campaignItemId: INT, userId: INT, quantity: INT });
  initModel(CampaignEventModel, sequelize, 'campaign_events', {
    id: PK, campaignId: INT, fromStatus: S(16), toStatus: S(16), reason: S(255), actor: S(64), createdAt: TIME,
  });
}
