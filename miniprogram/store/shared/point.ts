/**
 * Which of my pickup points the store pages work on. An owner may have several: the home page offers a picker,
 * and the choice is remembered on the device so verify and arrivals open on the same point; a `?point=` in
 * the URL wins. Only approved points can receive goods and verify codes.
 */
import Taro from '@tarojs/taro';
import type { PickupPointDTO, StoreOrderDTO } from '@shared/types/fulfilment';
import type { OrderDTO } from '@shared/types/order';
import { listMyPoints } from '../../services/pickup.api';

const KEY = 'linli.store.point';

export function rememberPoint(id: number): void {
  try { Taro.setStorageSync(KEY, id); } catch { /* storage full or blocked: the picker still works */ }
}

function remembered(): number | null {
  try {
    const v = Number(Taro.getStorageSync(KEY));
    return Number.isSafeInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

/** The point to show: the asked one, else the remembered one, else the first approved, else the first. */
export function pickPoint(points: readonly PickupPointDTO[], asked: number | null): PickupPointDTO | null {
  const byId = (id: number | null) => (id === null ? undefined : points.find((p) => p.id === id));
  return byId(asked) ?? byId(remembered()) ?? points.find((p) => p.status === 'approved') ?? points[0] ?? null;
}

export interface PointChoice { points: PickupPointDTO[]; point: PickupPointDTO }

/** My points and the one to work on; "no point" is an empty list (the page says how to register one). */
export async function loadPointChoice(asked: number | null): Promise<PointChoice | null> {
  const points = await listMyPoints();
  const point = pickPoint(points, asked);
  return point ? { points, point } : null;
}

/** "奉化水蜜桃×2、五常稻花香大米×1" — what to hand over. */
export function itemsText(order: Pick<OrderDTO, 'items'>): string {
  return order.items
    .map((i) => ({ title: i.title, n: i.quantity - i.refundedQuantity }))
    .filter((i) => i.n > 0)
    .map((i) => `${i.title}×${i.n}`)
    .join('、');
}

export function campaignTitles(orders: ReadonlyArray<Pick<OrderDTO, 'campaignId' | 'campaignTitle'>>): Map<number, string> {
  return new Map(orders.map((o) => [o.campaignId, o.campaignTitle]));
}

export function pieceCount(order: Pick<StoreOrderDTO, 'items'>): number {
  return order.items.reduce((s, i) => s + i.quantity - i.refundedQuantity, 0);
}

export const APPROVAL_LABEL: Record<PickupPointDTO['status'], string> = {
  pending: '审核中',
  approved: '营业中',
  rejected: '未通过',
  suspended: '已暂停',
};
