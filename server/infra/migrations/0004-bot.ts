/**
 * 0004 — what the chat-group bot needs beyond 0001:
 *  - bot_channels: a lease (one dispatcher per channel at a time, so a group gets its messages in order even
 *    with several instances), a gate (`blocked_until`: retry backoff or the robot's rate limit holds the whole
 *    channel, never one message, so order is kept) and the last delivery error for the leader to see;
 *  - outbox_messages: the rendered text frozen at the first attempt (`rendered`, JSON list of parts) and how
 *    many parts went out (`parts_sent`), so a retry resumes where it stopped and never repeats a part;
 *  - bot_members: which platform user a chat member is, per channel (made when the member opens their
 *    personal join link); unique per (channel, member).
 */
import { DataTypes, type QueryInterface } from 'sequelize';

const time = () => ({ type: DataTypes.DATE(3), allowNull: true });

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('bot_channels', 'lease_owner', { type: DataTypes.STRING(64), allowNull: true });
  await qi.addColumn('bot_channels', 'lease_until', time());
  await qi.addColumn('bot_channels', 'blocked_until', time());
  await qi.addColumn('bot_channels', 'last_error', { type: DataTypes.TEXT, allowNull: true });

  await qi.addColumn('outbox_messages', 'rendered', { type: DataTypes.TEXT, allowNull: true });
  await qi.addColumn('outbox_messages', 'parts_sent', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
  // The rate window (parts sent to a channel in the last minute) and the per-campaign coalescing look-ups.
  await qi.addIndex('outbox_messages', ['channel_id', 'sent_at'], { name: 'ix_outbox_messages_channel_id_sent_at' });
  await qi.addIndex('outbox_messages', ['campaign_id', 'topic', 'status'], { name: 'ix_outbox_messages_campaign_id_topic_status' });

  await qi.createTable('bot_members', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    channel_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'bot_channels', key: 'id' }, onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    member_id: { type: DataTypes.STRING(128), allowNull: false },
    user_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    display_name: { type: DataTypes.STRING(64), allowNull: false },
    linked_at: { type: DataTypes.DATE(3), allowNull: false },
  }, { charset: 'utf8mb4' } as never);
  await qi.addIndex('bot_members', ['channel_id', 'member_id'], { unique: true, name: 'uq_bot_members_channel_id_member_id' });
  await qi.addIndex('bot_members', ['user_id'], { name: 'ix_bot_members_user_id' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('bot_members');
  await qi.removeIndex('outbox_messages', 'ix_outbox_messages_campaign_id_topic_status');
  await qi.removeIndex('outbox_messages', 'ix_outbox_messages_channel_id_sent_at');
  await qi.removeColumn('outbox_messages', 'parts_sent');
  await qi.removeColumn('outbox_messages', 'rendered');
  for (const col of ['last_error', 'blocked_until', 'lease_until', 'lease_owner']) await qi.removeColumn('bot_channels', col);
}
