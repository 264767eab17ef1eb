/**
 * The leader's fulfilment of a closed campaign: the shipments per pickup point, prepare (pickup codes and
 * shipments), the purchase list, each point's sorting list, and shipping to a point. The printable lists are
 * HTML pages behind the Bearer token: `printableListUrl` gives their path for `openPrintable`.
 */
import type { FulfilmentOverviewDTO, PurchaseListDTO, ShipmentDTO, SortingListDTO } from '@shared/types/fulfilment';
import { API_BASE, request } from './request';
import { ApiError } from './api-error';
import { getSession } from '../stores/session';

const base = (campaignId: number) => `/api/leader/fulfilment/campaigns/${campaignId}`;

export const getFulfilment = (campaignId: number) => request<FulfilmentOverviewDTO>({ url: base(campaignId) });

/** Idempotent: a second call changes nothing and returns the same shipments. */
export const prepareFulfilment = (campaignId: number) =>
  request<ShipmentDTO[]>({ url: `${base(campaignId)}/prepare`, method: 'POST', data: {} });

export const getPurchaseList = (campaignId: number) => request<PurchaseListDTO>({ url: `${base(campaignId)}/purchase-list` });

export const getSortingList = (campaignId: number, pointId: number) =>
  request<SortingListDTO>({ url: `${base(campaignId)}/sorting-lists/${pointId}` });

/** Marks one point's goods shipped (a repeat changes nothing); the first moves the campaign to 履约中. */
export const shipToPoint = (campaignId: number, pointId: number) =>
  request<ShipmentDTO>({ url: `${base(campaignId)}/shipments/${pointId}/ship`, method: 'POST', data: {} });

/** Paths of the printable pages (HTML). */
export const printableListUrl = {
  purchase: (campaignId: number) => `${base(campaignId)}/purchase-list.html`,
  sorting: (campaignId: number, pointId: number) => `${base(campaignId)}/sorting-lists/${pointId}/html`,
};

/**
 * Web only: opens a printable list in a new tab. The page needs the Bearer token, which a plain link cannot
 * send, so it is fetched and shown from a Blob URL. The tab is opened first, inside the tap, so that popup
 * blockers let it through; a failure closes it and rejects with the server's message.
 */
export async function openPrintable(path: string): Promise<void> {
  const tab = window.open('', '_blank');
  try {
    const token = getSession()?.token;
    const res = await fetch(API_BASE + path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    const text = await res.text();
    if (!res.ok) {
      let message = '打印页打开失败，请稍后再试';
      try {
        const m = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? '';
        if (/[\u4e00-\u9fff]/.test(m)) message = m;
      } catch { /* not JSON: keep the generic message */ }
      throw new ApiError(res.status === 401 ? 'UNAUTHORIZED' : 'INVALID_INPUT', message, res.status);
    }
    const url = URL.createObjectURL(new Blob([text], { type: 'text/html;charset=utf-8' }));
    if (tab) tab.location.href = url;
    else window.location.href = url; // the browser refused a new tab: show it here (back returns)
  } catch (err) {
    tab?.close();
    throw err instanceof ApiError ? err : new ApiError('NETWORK_ERROR', '网络不太给力，请检查网络后重试', 0, err);
  }
}
