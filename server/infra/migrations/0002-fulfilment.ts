/**
 * 0002 — fulfilment (issue 5). Additions only; 0001 already holds leaders, bindings, pickup points, shipments and
 * the order columns for pickup codes and shipping uploads.
 *  - orders.pickup_hold_until: an admin chose to keep an uncollected order for the neighbour until then (it leaves
 *    the "pickup window over" decision list meanwhile);
 *  - orders (pickup_point_id, status): the store's pending-pickups list and the sorting list read by it;
 *  - wechat_access_tokens: WeChat's access token is one per app, shared by every server instance (a second
 *    instance fetching its own would invalidate the first one's after five minutes).
 */
import { DataTypes, type QueryInterface } from 'sequelize';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('orders', 'pickup_hold_until', { type: DataTypes.DATE(3), allowNull: true });
  await qi.addIndex('orders', ['pickup_point_id', 'status'], { name: 'ix_orders_pickup_point_id_status' });
  await qi.createTable('wechat_access_tokens', {
    app_id: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    token: { type: DataTypes.STRING(512), allowNull: false },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }, { charset: 'utf8mb4' } as never);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('wechat_access_tokens');
  await qi.removeIndex('orders', 'ix_orders_pickup_point_id_status');
  await qi.removeColumn('orders', 'pickup_hold_until');
}
