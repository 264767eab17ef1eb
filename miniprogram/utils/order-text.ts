/** How an order reads: one line for its items, a sentence for its state, a tone for its tag. */
import type { OrderDTO } from '@shared/types/order';
import type { OrderStatus } from '@shared/types/statuses';

export function itemsLine(o: OrderDTO): string {
  return o.items.map((i) => `${shortTitle(i.title)}×${i.quantity}`).join('，');
}

function shortTitle(title: string): string {
  const i = title.indexOf('（');
  return i > 0 ? title.slice(0, i) : title;
}

export const ORDER_STATUS_NOTE: Record<OrderStatus, string> = {
  pending_payment: '请在有效期内完成支付，超时订单自动取消',
  paid: '已付款，等待成团；团购进行中可随时取消并全额退款',
  confirmed: '已成团，商家正在备货',
  shipped: '商品已发出，到店后会通知你取货',
  ready_for_pickup: '已到自提点，请凭取货码取货',
  picked_up: '已取货，有问题可在售后期内申请售后',
  completed: '订单已完成，感谢支持邻里团购',
  expired: '超时未支付，订单已取消',
  cancelled: '订单已取消',
  refunding: '退款处理中，将原路退回',
  refunded: '已全额退款，原路退回',
  partially_refunded: '已部分退款，原路退回',
};

export function statusTone(s: OrderStatus): 'green' | 'orange' | 'grey' {
  if (s === 'pending_payment' || s === 'ready_for_pickup' || s === 'refunding') return 'orange';
  if (s === 'expired' || s === 'cancelled' || s === 'refunded') return 'grey';
  return 'green';
}

export const ORDER_FILTERS: Array<{ key: string; label: string; statuses: OrderStatus[] | null }> = [
  { key: 'all', label: '全部', statuses: null },
  { key: 'unpaid', label: '待付款', statuses: ['pending_payment'] },
  { key: 'active', label: '拼团中', statuses: ['paid', 'confirmed', 'shipped'] },
  { key: 'pickup', label: '待取货', statuses: ['ready_for_pickup'] },
  { key: 'refund', label: '退款/售后', statuses: ['refunding', 'refunded', 'partially_refunded'] },
];
