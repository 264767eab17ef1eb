import { Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { PK, INT, S, TIME, initModel } from '../../infra/models/define';
import type { Role } from '../../../shared/types/statuses';

export class UserModel extends Model<InferAttributes<UserModel>, InferCreationAttributes<UserModel>> {
  declare id: CreationOptional<number>;
  declare openid: string | null;
  declare unionid: CreationOptional<string | null>;
  declare username: CreationOptional<string | null>;
  declare passwordHash: CreationOptional<string | null>;
  declare displayName: string;
  declare avatarUrl: CreationOptional<string | null>;
  declare phone: CreationOptional<string | null>;
  declare communityId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class UserRoleModel extends Model<InferAttributes<UserRoleModel>, InferCreationAttributes<UserRoleModel>> {
  declare id: CreationOptional<number>;
  declare userId: number;
  declare role: Role;
  declare createdAt: CreationOptional<Date>;
}

export function initIdentityModels(sequelize: Sequelize): void {
  initModel(UserModel, sequelize, 'users', {
    id: PK, openid: S(64), unionid: S(64), username: S(64), passwordHash: S(255), displayName: { ...S(64), allowNull: false },
    avatarUrl: S(512), phone: S(32), communityId: INT, createdAt: TIME, updatedAt: TIME,
  }, { timestamps: true });
  initModel(UserRoleModel, sequelize, 'user_roles', { id: PK, userId: INT, role: S(16), createdAt: TIME }, { createdOnly: true });
}
