import { Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { PK, INT, S, TIME, JSON_TEXT, initModel } from '../../infra/models/define';

/** Who did what to which record, and when: approvals, payouts, refunds decided by a person. */
export class AuditLogModel extends Model<InferAttributes<AuditLogModel>, InferCreationAttributes<AuditLogModel>> {
  declare id: CreationOptional<number>;
  declare actorUserId: number | null;
  declare action: string;
  declare entity: string;
  declare entityId: number | null;
  declare details: Record<string, unknown> | null;
  declare createdAt: Date;
}

export function initAuditModels(sequelize: Sequelize): void {
  initModel(AuditLogModel, sequelize, 'audit_logs', {
    id: PK, actorUserId: INT, action: S(64), entity: S(32), entityId: INT, details: JSON_TEXT('details'), createdAt: TIME,
  });
}
