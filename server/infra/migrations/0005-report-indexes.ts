/**
 * 0005 — indexes for the admin reports (flows/admin-reports.ts), which read a date range of paid orders,
 * succeeded refunds and closed campaigns: without them each report scans the whole table.
 */
import type { QueryInterface } from 'sequelize';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addIndex('orders', ['paid_at'], { name: 'ix_orders_paid_at' });
  await qi.addIndex('refunds', ['succeeded_at'], { name: 'ix_refunds_succeeded_at' });
  await qi.addIndex('campaigns', ['closed_at'], { name: 'ix_campaigns_closed_at' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('campaigns', 'ix_campaigns_closed_at');
  await qi.removeIndex('refunds', 'ix_refunds_succeeded_at');
  await qi.removeIndex('orders', 'ix_orders_paid_at');
}
