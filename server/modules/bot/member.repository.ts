/** Chat members the platform knows: (channel, member id) → user. Made once, by the member's personal join link. */
import type { Transaction } from 'sequelize';
import { isUniqueViolation, type Database } from '../../infra/db';
import { writeAlone } from './write';

export interface MemberRow { channelId: number; memberId: string; userId: number; displayName: string }

export class MemberRepository {
  constructor(private readonly db: Database) {}

  async find(channelId: number, memberId: string, tx?: Transaction): Promise<MemberRow | null> {
    const [r] = await this.db.select<Record<string, unknown>>(
      `SELECT channel_id AS channelId, member_id AS memberId, user_id AS userId, display_name AS displayName FROM bot_members
        WHERE channel_id = :channelId AND member_id = :memberId`, { channelId, memberId }, tx);
    return r ? { channelId: Number(r.channelId), memberId: String(r.memberId), userId: Number(r.userId), displayName: String(r.displayName) } : null;
  }

  /**
   * Links the member to the user. First link wins: a member id already linked to someone else stays theirs
   * (returns the existing link), so a link opened by the wrong person cannot take over a member.
   */
  async link(m: MemberRow, now: Date): Promise<MemberRow> {
    try {
      await writeAlone(this.db,
        `INSERT INTO bot_members (channel_id, member_id, user_id, display_name, linked_at) VALUES (:channelId, :memberId, :userId, :displayName, :now)`,
        { ...m, displayName: Array.from(m.displayName).slice(0, 64).join(''), now });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    return (await this.find(m.channelId, m.memberId))!;
  }
}
