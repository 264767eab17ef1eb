import type { Transaction } from 'sequelize';
import { AuditLogModel } from './audit.model';

/** Who did what to which record, and when. Appended in the same transaction as the change it describes. */
export class AuditService {
  async record(tx: Transaction | undefined, actorUserId: number | null, action: string, entity: string, entityId: number | null, details: Record<string, unknown>, now: Date): Promise<void> {
    await AuditLogModel.create({ actorUserId, action, entity, entityId, details, createdAt: now }, { transaction: tx });
  }

  async list(filter: { entity?: string; entityId?: number }, limit = 100): Promise<Array<{ id: number; actorUserId: number | null; action: string; entity: string; entityId: number | null; details: Record<string, unknown> | null; createdAt: string }>> {
    const where: Record<string, unknown> = {};
    if (filter.entity) where.entity = filter.entity;
    if (filter.entityId) where.entityId = filter.entityId;
    const rows = await AuditLogModel.findAll({ where, order: [['id', 'DESC']], limit });
    return rows.map((r) => ({ id: r.id, actorUserId: r.actorUserId, action: r.action, entity: r.entity, entityId: r.entityId, details: r.details, createdAt: r.createdAt.toISOString() }));
  }
}
