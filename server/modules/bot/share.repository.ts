/** WeChat updatable share messages: the activity ids created when a campaign's card is shared. */
import type { Transaction } from 'sequelize';
import { toDate, type Database } from '../../infra/db';
import { writeAlone } from './write';

export interface ShareActivityRow { id: number; campaignId: number; activityId: string; expiresAt: Date; finalStateSet: boolean }

const toRow = (r: Record<string, unknown>): ShareActivityRow => ({
  id: Number(r.id), campaignId: Number(r.campaignId), activityId: String(r.activityId), expiresAt: toDate(r.expiresAt),
  finalStateSet: Boolean(Number(r.finalStateSet)),
});

export class ShareRepository {
  constructor(private readonly db: Database) {}

  async add(campaignId: number, activityId: string, expiresAt: Date, now: Date): Promise<void> {
    const onDuplicate = this.db.dialect === 'mysql' ? 'ON DUPLICATE KEY UPDATE id = id' : 'ON CONFLICT (activity_id) DO NOTHING';
    await writeAlone(this.db,
      `INSERT INTO share_activities (campaign_id, activity_id, expires_at, final_state_set, created_at) VALUES (:campaignId, :activityId, :expiresAt, :f, :now) ${onDuplicate}`,
      { campaignId, activityId, expiresAt, f: false, now });
  }

  /** Cards of the campaign that can still be updated (not expired, final state not yet set). */
  async live(campaignId: number, now: Date, tx?: Transaction): Promise<ShareActivityRow[]> {
    const rows = await this.db.select<Record<string, unknown>>(
      `SELECT id, campaign_id AS campaignId, activity_id AS activityId, expires_at AS expiresAt, final_state_set AS finalStateSet
         FROM share_activities WHERE campaign_id = :campaignId AND expires_at > :now AND final_state_set = :f ORDER BY id`,
      { campaignId, now, f: false }, tx);
    return rows.map(toRow);
  }

  async markFinal(ids: number[]): Promise<void> {
    if (ids.length) await writeAlone(this.db, 'UPDATE share_activities SET final_state_set = :t WHERE id IN (:ids)', { ids, t: true });
  }
}
