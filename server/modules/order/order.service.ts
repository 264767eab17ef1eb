/** Order use cases inside the order module; the one rule for order status changes lives here. */
import type { Transaction } from 'sequelize';
import type { Database, TxContext } from '../../infra/db';
import { assertTransition } from '../../kernel/fsm';
import { ForbiddenError, NotFoundError } from '../../kernel/errors';
import type { OrderStatus } from '../../../shared/types/statuses';
import { OrderRepository, type OrderRow } from './order.repository';
import { orderTransitions } from './order.state';

export class OrderService {
  readonly repo: OrderRepository;
  constructor(db: Database) {
    this.repo = new OrderRepository(db);
  }

  async get(id: number, tx?: Transaction, lock = false): Promise<OrderRow> {
    const o = await this.repo.find(id, tx, lock);
    if (!o) throw new NotFoundError('order', id);
    return o;
  }

  /** A neighbour's own order; anyone else's is reported as not found (no probing of order ids). */
  async getOwned(id: number, userId: number, tx?: Transaction, lock = false): Promise<OrderRow> {
    const o = await this.repo.find(id, tx, lock);
    if (!o || o.userId !== userId) throw new NotFoundError('order', id);
    return o;
  }

  /**
   * The only way an order changes status: check the table, compare-and-set, record the event. Returns false
   * when the order was no longer in `from` (someone else moved it first: the caller decides if that is fine).
   */
  async transition(trc: TxContext, order: Pick<OrderRow, 'id' | 'status'>, to: OrderStatus, reason: string, actor: string, sets: Record<string, unknown> = {}): Promise<boolean> {
    assertTransition(orderTransitions, 'order', order.status, to);
    const moved = await this.repo.casStatus(trc.tx, order.id, order.status, to, trc.now, sets);
    if (moved) await this.repo.recordEvents(trc.tx, [{ orderId: order.id, from: order.status, to, reason, actor }], trc.now);
    return moved;
  }

  /** The same rule for many orders at once (campaign close): each one CAS-moved, events recorded together. */
  async transitionMany(trc: TxContext, orders: ReadonlyArray<Pick<OrderRow, 'id' | 'status'>>, to: OrderStatus, reason: string, actor: string, sets: Record<string, unknown> = {}): Promise<number[]> {
    const moved: number[] = [];
    for (const o of orders) {
      assertTransition(orderTransitions, 'order', o.status, to);
      if (await this.repo.casStatus(trc.tx, o.id, o.status, to, trc.now, sets)) moved.push(o.id);
    }
    await this.repo.recordEvents(trc.tx, moved.map((id) => ({ orderId: id, from: orders.find((o) => o.id === id)!.status, to, reason, actor })), trc.now);
    return moved;
  }

  assertOwner(order: OrderRow, userId: number): void {
    if (order.userId !== userId) throw new ForbiddenError('这不是您的订单');
  }
}
