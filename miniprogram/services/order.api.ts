/** A neighbour's own orders (/api/orders): read, pay, cancel, after-sales, reviews. Others' orders are 404. */
import type { AfterSaleDTO, OrderDTO, PayResult } from '@shared/types/order';
import type { ReviewDTO, ReviewRequest } from '@shared/types/review';
import { request } from './request';

export const listMyOrders = () => request<OrderDTO[]>({ url: '/api/orders' });

export const getOrder = (id: number) => request<OrderDTO>({ url: `/api/orders/${id}` });

/** Starts a payment: WeChat Pay parameters for wx.requestPayment, or the sandbox's URL in the demo. */
export const payOrder = (id: number) => request<PayResult>({ url: `/api/orders/${id}/pay`, method: 'POST', data: {} });

/** The demo's sandbox provider: completes (or fails) the payment the way WeChat Pay's notification would. */
export const completeSandboxPayment = (outTradeNo: string, result: 'success' | 'fail') =>
  request<{ outcome: string; order: OrderDTO }>({ url: `/api/payments/sandbox/${encodeURIComponent(outTradeNo)}`, method: 'POST', data: { result } });

export const cancelOrder = (id: number) => request<OrderDTO>({ url: `/api/orders/${id}/cancel`, method: 'POST', data: {} });

export interface AfterSaleRequest {
  kind: 'full' | 'partial';
  items?: Array<{ orderItemId: number; quantity: number }>;
  reason: string;
  photos: string[];
}

export const requestAfterSale = (orderId: number, body: AfterSaleRequest) =>
  request<AfterSaleDTO>({ url: `/api/orders/${orderId}/after-sales`, method: 'POST', data: { ...body } });

export const listAfterSales = (orderId: number) => request<AfterSaleDTO[]>({ url: `/api/orders/${orderId}/after-sales` });

export const listMyReviews = (orderId: number) => request<ReviewDTO[]>({ url: `/api/orders/${orderId}/reviews` });

export const createReview = (orderId: number, body: ReviewRequest) =>
  request<ReviewDTO>({ url: `/api/orders/${orderId}/reviews`, method: 'POST', data: { ...body } });
