/**
 * Chat messages received through the bridge: one row per (channel, message id), so a relay that delivers a
 * message twice is recognised. The row is written before the command runs and its result after; a message
 * whose result is still empty (the server died in between) is run again on redelivery, which is safe because
 * every effect of a command is idempotent on the message id (the order's idempotency key, the reply's dedupe key).
 */
import type { Transaction } from 'sequelize';
import type { Database } from '../../infra/db';
import { write, writeAlone } from './write';

export interface InboundRecord { fresh: boolean; result: string | null }

export class InboundRepository {
  constructor(private readonly db: Database) {}

  async record(m: { channelId: number; messageId: string; senderId: string; text: string }, now: Date): Promise<InboundRecord> {
    const onDuplicate = this.db.dialect === 'mysql' ? 'ON DUPLICATE KEY UPDATE id = id' : 'ON CONFLICT (channel_id, message_id) DO NOTHING';
    const n = await writeAlone(this.db,
      `INSERT INTO bot_inbound_messages (channel_id, message_id, sender_id, text, result, created_at)
       VALUES (:channelId, :messageId, :senderId, :text, NULL, :now) ${onDuplicate}`,
      { ...m, text: Array.from(m.text).slice(0, 2000).join(''), now });
    if (n === 1) return { fresh: true, result: null };
    const [r] = await this.db.select<{ result: string | null }>(
      'SELECT result FROM bot_inbound_messages WHERE channel_id = :channelId AND message_id = :messageId', m);
    return { fresh: false, result: r?.result ?? null };
  }

  async setResult(tx: Transaction | undefined, channelId: number, messageId: string, result: string): Promise<void> {
    await write(this.db, 'UPDATE bot_inbound_messages SET result = :result WHERE channel_id = :channelId AND message_id = :messageId',
      { channelId, messageId, result }, tx);
  }
}
