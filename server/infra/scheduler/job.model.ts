import { Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { PK, INT, S, TIME, TEXT, initModel } from '../models/define';
import type { JobState } from '../../../shared/types/statuses';

export class ScheduledJobModel extends Model<InferAttributes<ScheduledJobModel>, InferCreationAttributes<ScheduledJobModel>> {
  declare id: CreationOptional<number>;
  declare kind: string;
  declare dedupeKey: string;
  declare runAt: Date;
  declare payload: string | null;
  declare state: CreationOptional<JobState>;
  declare attempts: CreationOptional<number>;
  declare maxAttempts: CreationOptional<number>;
  declare lastError: CreationOptional<string | null>;
  declare leaseOwner: CreationOptional<string | null>;
  declare leaseUntil: CreationOptional<Date | null>;
  declare finishedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initJobModels(sequelize: Sequelize): void {
  initModel(ScheduledJobModel, sequelize, 'scheduled_jobs', {
    id: PK, kind: S(48), dedupeKey: S(160), runAt: TIME, payload: TEXT, state: S(12), attempts: INT, maxAttempts: INT,
    lastError: TEXT, leaseOwner: S(64), leaseUntil: TIME, finishedAt: TIME, createdAt: TIME, updatedAt: TIME,
  }, { timestamps: true });
}
