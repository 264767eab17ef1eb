/**
 * 0003 — what the commission ledger and settlement need beyond 0001:
 *  - statements.carried_into_id: a draft statement whose balance moved into a newer statement (a negative
 *    balance carried forward, or an unpaid draft consolidated) points at it; the chain is how a carried amount
 *    is traced and why it can never be paid twice;
 *  - statements.line_count: filled by the run with its lines, so lists need no count per statement;
 *  - statement_payouts: each attempt to pay a statement (manual reference or WeChat Pay transfer).
 *    `live_statement_id` is the statement id while the attempt is pending or succeeded and NULL once it failed:
 *    a UNIQUE key on it means one statement has at most one live payout, so it is never paid twice;
 *  - ledger_locks: one row per named lock; a settlement run updates its row first, which serialises runs
 *    across server instances (row lock on MySQL/MariaDB; SQLite has a single writer anyway);
 *  - an index to find a beneficiary's entries by bucket quickly, and one to walk entries by refund.
 * Frozen once released: change the schema with a new file.
 */
import { DataTypes, type QueryInterface } from 'sequelize';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('statements', 'carried_into_id', {
    type: DataTypes.INTEGER, allowNull: true, references: { model: 'statements', key: 'id' }, onDelete: 'RESTRICT', onUpdate: 'CASCADE',
  });
  await qi.addColumn('statements', 'line_count', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
  await qi.addIndex('statements', ['carried_into_id'], { name: 'ix_statements_carried_into_id' });
  await qi.addIndex('statements', ['status', 'beneficiary_kind', 'beneficiary_id'], { name: 'ix_statements_status_beneficiary' });

  await qi.createTable('statement_payouts', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    statement_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'statements', key: 'id' }, onDelete: 'RESTRICT', onUpdate: 'CASCADE' },
    live_statement_id: { type: DataTypes.INTEGER, allowNull: true },
    method: { type: DataTypes.STRING(16), allowNull: false },
    /** WeChat's out_bill_no (letters and digits, ≤ 32); for a manual payout, a key of ours. */
    out_bill_no: { type: DataTypes.STRING(32), allowNull: false },
    amount_fen: { type: DataTypes.BIGINT, allowNull: false },
    state: { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'pending' },
    provider_state: { type: DataTypes.STRING(24), allowNull: true },
    provider_ref: { type: DataTypes.STRING(64), allowNull: true },
    /** WeChat's package_info while the payee has to confirm the transfer in the mini-program. */
    package_info: { type: DataTypes.TEXT, allowNull: true },
    last_error: { type: DataTypes.TEXT, allowNull: true },
    requested_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'users', key: 'id' }, onDelete: 'SET NULL', onUpdate: 'CASCADE' },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }, { charset: 'utf8mb4' } as never);
  await qi.addIndex('statement_payouts', ['out_bill_no'], { unique: true, name: 'uq_statement_payouts_out_bill_no' });
  await qi.addIndex('statement_payouts', ['live_statement_id'], { unique: true, name: 'uq_statement_payouts_live_statement_id' });
  await qi.addIndex('statement_payouts', ['statement_id'], { name: 'ix_statement_payouts_statement_id' });
  await qi.addIndex('statement_payouts', ['state'], { name: 'ix_statement_payouts_state' });

  await qi.createTable('ledger_locks', {
    name: { type: DataTypes.STRING(32), primaryKey: true, allowNull: false },
    held_at: { type: DataTypes.DATE(3), allowNull: true },
  }, { charset: 'utf8mb4' } as never);

  await qi.addIndex('ledger_entries', ['beneficiary_kind', 'beneficiary_id', 'bucket'], { name: 'ix_ledger_entries_beneficiary_bucket' });
  await qi.addIndex('ledger_entries', ['refund_id'], { name: 'ix_ledger_entries_refund_id' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('ledger_entries', 'ix_ledger_entries_refund_id');
  await qi.removeIndex('ledger_entries', 'ix_ledger_entries_beneficiary_bucket');
  await qi.dropTable('ledger_locks');
  await qi.dropTable('statement_payouts');
  await qi.removeIndex('statements', 'ix_statements_status_beneficiary');
  await qi.removeIndex('statements', 'ix_statements_carried_into_id');
  await qi.removeColumn('statements', 'line_count');
  await qi.removeColumn('statements', 'carried_into_id');
}
