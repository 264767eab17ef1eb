import { Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { PK, INT, S, TIME, TEXT, BOOL, initModel } from '../../infra/models/define';

export class BotChannelModel extends Model<InferAttributes<BotChannelModel>, InferCreationAttributes<BotChannelModel>> {
  declare id: CreationOptional<number>;
  declare communityId: number;
  declare leaderId: number;
  declare transport: 'wecom_webhook' | 'bridge' | 'console';
  declare name: string;
  declare webhookUrl: CreationOptional<string | null>;
  declare externalGroupId: CreationOptional<string | null>;
  declare secret: string;
  declare status: CreationOptional<'pending' | 'active' | 'unbound'>;
  declare bindingCode: CreationOptional<string | null>;
  declare bindingExpiresAt: CreationOptional<Date | null>;
  declare boundAt: CreationOptional<Date | null>;
  declare unboundAt: CreationOptional<Date | null>;
  declare leaseOwner: CreationOptional<string | null>;
  declare leaseUntil: CreationOptional<Date | null>;
  declare blockedUntil: CreationOptional<Date | null>;
  declare lastError: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class OutboxMessageModel extends Model<InferAttributes<OutboxMessageModel>, InferCreationAttributes<OutboxMessageModel>> {
  declare id: CreationOptional<number>;
  declare audience: 'group' | 'personal';
  declare channelId: number | null;
  declare userId: number | null;
  declare topic: string;
  declare campaignId: number | null;
  declare dedupeKey: string;
  declare payload: string;
  declare status: CreationOptional<'pending' | 'sent' | 'failed' | 'coalesced'>;
  declare attempts: CreationOptional<number>;
  declare availableAt: Date;
  declare leaseOwner: CreationOptional<string | null>;
  declare leaseUntil: CreationOptional<Date | null>;
  declare sentAt: CreationOptional<Date | null>;
  declare lastError: CreationOptional<string | null>;
  declare rendered: CreationOptional<string | null>;
  declare partsSent: CreationOptional<number>;
  declare createdAt: Date;
}

export class BotInboundMessageModel extends Model<InferAttributes<BotInboundMessageModel>, InferCreationAttributes<BotInboundMessageModel>> {
  declare id: CreationOptional<number>;
  declare channelId: number;
  declare messageId: string;
  declare senderId: string;
  declare text: string;
  declare result: string | null;
  declare createdAt: Date;
}

export class ShareActivityModel extends Model<InferAttributes<ShareActivityModel>, InferCreationAttributes<ShareActivityModel>> {
  declare id: CreationOptional<number>;
  declare campaignId: number;
  declare activityId: string;
  declare expiresAt: Date;
  declare finalStateSet: CreationOptional<boolean>;
  declare createdAt: Date;
}

/** A chat member known to be a platform user (linked through their personal join link). */
export class BotMemberModel extends Model<InferAttributes<BotMemberModel>, InferCreationAttributes<BotMemberModel>> {
  declare id: CreationOptional<number>;
  declare channelId: number;
  declare memberId: string;
  declare userId: number;
  declare displayName: string;
  declare linkedAt: Date;
}

export function initBotModels(sequelize: Sequelize): void {
  initModel(BotChannelModel, sequelize, 'bot_channels', {
    id: PK, communityId: INT, leaderId: INT, transport: S(16), name: S(100), webhookUrl: S(512), externalGroupId: S(128),
    secret: S(64), status: S(12), bindingCode: S(16), bindingExpiresAt: TIME, boundAt: TIME, unboundAt: TIME,
    leaseOwner: S(64), leaseUntil: TIME, blockedUntil: TIME, lastError: TEXT, createdAt: TIME, updatedAt: TIME,
  }, { timestamps: true });
  initModel(OutboxMessageModel, sequelize, 'outbox_messages', {
    id: PK, audience: S(12), channelId: INT, userId: INT, topic: S(32), campaignId: INT, dedupeKey: S(160), payload: TEXT,
    status: S(12), attempts: INT, availableAt: TIME, leaseOwner: S(64), leaseUntil: TIME, sentAt: TIME, lastError: TEXT,
    rendered: TEXT, partsSent: INT, createdAt: TIME,
  });
  initModel(BotInboundMessageModel, sequelize, 'bot_inbound_messages', {
    id: PK, channelId: INT, messageId: S(128), senderId: S(128), text: S(2000), result: TEXT, createdAt: TIME,
  });
  initModel(ShareActivityModel, sequelize, 'share_activities', {
    id: PK, campaignId: INT, activityId: S(128), expiresAt: TIME, finalStateSet: BOOL, createdAt: TIME,
  });
  initModel(BotMemberModel, sequelize, 'bot_members', {
    id: PK, channelId: INT, memberId: S(128), userId: INT, displayName: S(64), linkedAt: TIME,
  });
}
