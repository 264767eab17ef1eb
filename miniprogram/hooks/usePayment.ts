/**
 * Paying an order. The server says which provider takes the money:
 * - wechat: wx.requestPayment with the server's signed parameters; WeChat's own sheet asks the user;
 * - sandbox (development and the demo, on any target): our PaySheet asks, then the sandbox endpoint completes
 *   or fails the payment through the same path as WeChat Pay's notification.
 * After WeChat says "paid", the order is read again: the server learns of it from WeChat Pay's notification,
 * which may arrive a moment later, so a few reads are allowed before the page shows what the server knows.
 */
import Taro from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import type { OrderDTO, PayResult } from '@shared/types/order';
import { completeSandboxPayment, getOrder, payOrder } from '../services/order.api';
import { ApiError, userMessage } from '../services/api-error';

export type PayOutcome = { kind: 'paid'; order: OrderDTO } | { kind: 'failed'; message: string } | { kind: 'cancelled' };

export interface SandboxSheet { orderId: number; outTradeNo: string; amountFen: number }

export function usePayment(onDone: (outcome: PayOutcome) => void) {
  const [sheet, setSheet] = useState<SandboxSheet | null>(null);
  const [busy, setBusy] = useState(false);
  const doneRef = useRef(onDone);
  doneRef.current = onDone;

  const start = useCallback(async (orderId: number) => {
    setBusy(true);
    let pay: PayResult;
    try {
      pay = await payOrder(orderId);
    } catch (err) {
      setBusy(false);
      doneRef.current({ kind: 'failed', message: userMessage(err) });
      return;
    }
    if (pay.provider === 'sandbox') {
      setSheet({ orderId, outTradeNo: pay.outTradeNo, amountFen: pay.amountFen });
      setBusy(false);
      return;
    }
    try {
      const p = pay.clientParams;
      await Taro.requestPayment({
        timeStamp: p.timeStamp, nonceStr: p.nonceStr, package: p.package,
        signType: p.signType as 'RSA', paySign: p.paySign,
      });
    } catch (err) {
      setBusy(false);
      const msg = (err as { errMsg?: string })?.errMsg ?? '';
      doneRef.current(/cancel/i.test(msg) ? { kind: 'cancelled' } : { kind: 'failed', message: '支付未完成，请稍后重试' });
      return;
    }
    const order = await waitUntilPaid(orderId);
    setBusy(false);
    doneRef.current({ kind: 'paid', order });
  }, []);

  /** The sandbox sheet's buttons. */
  const finishSandbox = useCallback(async (result: 'success' | 'fail') => {
    if (!sheet) return;
    setBusy(true);
    try {
      const { order } = await completeSandboxPayment(sheet.outTradeNo, result);
      setSheet(null);
      doneRef.current(order.status === 'pending_payment' ? { kind: 'failed', message: '支付失败，订单仍可在有效期内重新支付' } : { kind: 'paid', order });
    } catch (err) {
      doneRef.current({ kind: 'failed', message: userMessage(err) });
    } finally {
      setBusy(false);
    }
  }, [sheet]);

  const closeSheet = useCallback(() => {
    setSheet(null);
    doneRef.current({ kind: 'cancelled' });
  }, []);

  return { start, sheet, busy, finishSandbox, closeSheet };
}

async function waitUntilPaid(orderId: number): Promise<OrderDTO> {
  let last: OrderDTO | null = null;
  for (let i = 0; i < 5; i++) {
    try {
      last = await getOrder(orderId);
      if (last.status !== 'pending_payment') return last;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
    await new Promise((r) => setTimeout(r, 800 * (i + 1)));
  }
  if (last) return last;
  return getOrder(orderId);
}
