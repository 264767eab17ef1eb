import { Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { PK, INT, S, TIME, initModel } from '../../infra/models/define';
import type { ApprovalStatus } from '../../../shared/types/statuses';

export class CommunityModel extends Model<InferAttributes<CommunityModel>, InferCreationAttributes<CommunityModel>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare city: string;
  declare district: CreationOptional<string | null>;
  declare address: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class LeaderModel extends Model<InferAttributes<LeaderModel>, InferCreationAttributes<LeaderModel>> {
  declare id: CreationOptional<number>;
  declare userId: number;
  declare code: string;
  declare name: string;
  declare phone: string;
  declare communityId: CreationOptional<number | null>;
  declare appliedCommunityName: string;
  declare appliedCity: CreationOptional<string>;
  declare appliedAddress: string;
  declare status: CreationOptional<ApprovalStatus>;
  declare rejectReason: CreationOptional<string | null>;
  declare reviewedBy: CreationOptional<number | null>;
  declare reviewedAt: CreationOptional<Date | null>;
  declare succeededCampaigns: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class LeaderBindingModel extends Model<InferAttributes<LeaderBindingModel>, InferCreationAttributes<LeaderBindingModel>> {
  declare id: CreationOptional<number>;
  declare userId: number;
  declare leaderId: number;
  declare campaignId: number | null;
  declare boundAt: Date;
  declare expiresAt: Date | null;
}

export function initCommunityModels(sequelize: Sequelize): void {
  initModel(CommunityModel, sequelize, 'communities', {
    id: PK, name: S(100), city: S(64), district: S(64), address: S(255), createdAt: TIME, updatedAt: TIME,
  }, { timestamps: true });
  initModel(LeaderModel, sequelize, 'leaders', {
    id: PK, userId: INT, code: S(16), name: S(64), phone: S(32), communityId: INT, appliedCommunityName: S(100),
    appliedCity: S(64), appliedAddress: S(255), status: S(16), rejectReason: S(255), reviewedBy: INT, reviewedAt: TIME,
    succeededCampaigns: INT, createdAt: TIME, updatedAt: TIME,
  }, { timestamps: true });
  initModel(LeaderBindingModel, sequelize, 'leader_bindings', {
    id: PK, userId: INT, leaderId: INT, campaignId: INT, boundAt: TIME, expiresAt: TIME,
  });
}
