/**
 * One of my orders: its state in words, the pickup code (text and QR) once the goods are at the store, items
 * and money (refunds included), after-sales requests, and what I can do now — pay (with the time left), cancel,
 * ask for after-sales, review — exactly the actions the server lists for this order.
 */
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { useCallback, useRef, useState } from 'react';
import type { AfterSaleDTO, OrderDTO } from '@shared/types/order';
import { StateView } from '../../components/StateView';
import { Card } from '../../components/Card';
import { Tag } from '../../components/Tag';
import { StickyBar } from '../../components/StickyBar';
import { AppButton } from '../../components/AppButton';
import { PaySheet } from '../../components/PaySheet';
import { useRoleGuard } from '../../hooks/useRoleGuard';
import { useRemote } from '../../hooks/useRemote';
import { usePullRefresh } from '../../hooks/usePullRefresh';
import { usePayment } from '../../hooks/usePayment';
import { secondsUntil, useCountdown } from '../../hooks/useCountdown';
import { cancelOrder, getOrder, listAfterSales } from '../../services/order.api';
import { userMessage } from '../../services/api-error';
import { assetUrl } from '../../services/assets';
import { formatCountdown, formatDateTime, formatMoney } from '../../utils/format';
import { AFTER_SALE_STATUS_LABEL, ORDER_STATUS_LABEL } from '../../utils/labels';
import { ORDER_STATUS_NOTE, statusTone } from '../../utils/order-text';
import { idParam, openPage } from '../../utils/nav';
import { PickupCodeCard } from './components/PickupCodeCard';
import { MoneyLines } from './components/MoneyLines';
import './index.scss';

interface Loaded { order: OrderDTO; afterSales: AfterSaleDTO[] }

export default function OrderPage() {
  const session = useRoleGuard(null);
  const id = idParam(useRouter().params.id);
  const load = useCallback(async (): Promise<Loaded> => {
    const order = await getOrder(id ?? 0);
    // After-sales exist only after pickup; skip the request before.
    const afterSales = order.actions.includes('after_sale') || order.refunds.some((r) => r.reasonKind === 'after_sale') || order.status === 'completed'
      ? await listAfterSales(order.id).catch(() => [])
      : [];
    return { order, afterSales };
  }, [id]);
  const state = useRemote(load, { enabled: session !== null && id !== null });
  usePullRefresh(state.reload);
  const seen = useRef(false);
  useDidShow(() => {
    if (seen.current) void state.reload(); // back from after-sales or review
    seen.current = true;
  });

  const [busy, setBusy] = useState(false);
  const payment = usePayment((outcome) => {
    if (outcome.kind === 'paid') void Taro.showToast({ title: '支付成功', icon: 'success' });
    if (outcome.kind === 'failed') void Taro.showToast({ title: outcome.message, icon: 'none', duration: 2500 });
    void state.reload();
  });
  const o = state.status === 'ready' ? state.data.order : null;
  const left = useCountdown(o?.status === 'pending_payment' ? secondsUntil(o.expiresAt) : null);

  if (!session) return null;
  if (id === null) return <View className='page'><StateView kind='empty' title='链接不完整' description='请从我的订单进入' /></View>;
  if (state.status === 'loading') return <View className='page order-page'><StateView kind='loading' rows={2} /></View>;
  if (state.status !== 'ready' || !o) {
    return <View className='page order-page'><StateView kind='error' message={state.status === 'error' ? state.error.message : '加载失败'} onRetry={state.reload} /></View>;
  }
  const { afterSales } = state.data;

  const cancel = async () => {
    const paid = o.status !== 'pending_payment';
    const { confirm } = await Taro.showModal({
      title: '取消订单',
      content: paid ? `取消后 ${formatMoney(o.paidFen - o.refundedFen)} 将原路全额退回，确定取消吗？` : '确定取消这个订单吗？',
      confirmText: '确定取消', cancelText: '再想想', confirmColor: '#e5484d',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await cancelOrder(o.id);
      void Taro.showToast({ title: paid ? '已取消，退款处理中' : '已取消', icon: 'none' });
      await state.reload();
    } catch (err) {
      void Taro.showToast({ title: userMessage(err), icon: 'none', duration: 2500 });
    } finally {
      setBusy(false);
    }
  };

  const can = (a: OrderDTO['actions'][number]) => o.actions.includes(a);
  const hasActions = o.actions.length > 0;
  return (
    <View className={`page order-page order-page--ready order-page--${o.status}`}>
      <View className={`order-status order-status--${statusTone(o.status)}`}>
        <Text className='order-status__label' id='order-status'>{ORDER_STATUS_LABEL[o.status]}</Text>
        <Text className='order-status__note'>{ORDER_STATUS_NOTE[o.status]}</Text>
        {left !== null && left > 0 ? <Text className='order-status__countdown'>剩余支付时间 {formatCountdown(left)}</Text> : null}
      </View>

      {o.pickupCode ? <PickupCodeCard code={o.pickupCode} pointName={o.pickupPoint.name} address={o.pickupPoint.address} /> : (
        <Card title='自提点'>
          <Text className='order-point__name'>{o.pickupPoint.name}</Text>
          <Text className='order-point__addr'>{o.pickupPoint.address}</Text>
        </Card>
      )}

      <Card title={o.campaignTitle} extra={<Text className='order-link' onClick={() => openPage('campaign', { id: o.campaignId })}>查看团购 ›</Text>}>
        <MoneyLines order={o} />
      </Card>

      {afterSales.length ? (
        <Card title='售后申请'>
          {afterSales.map((a) => (
            <View key={a.id} className='after-sale-line'>
              <View className='after-sale-line__head'>
                <Text className='after-sale-line__kind'>{a.kind === 'full' ? '整单退款' : '部分退款'} {formatMoney(a.amountFen)}</Text>
                <Tag tone={a.status === 'open' ? 'orange' : a.status === 'approved' ? 'green' : 'grey'}>{AFTER_SALE_STATUS_LABEL[a.status]}</Tag>
              </View>
              <Text className='after-sale-line__reason'>{a.reason}</Text>
              {a.photos.length ? (
                <View className='after-sale-line__photos'>
                  {a.photos.map((p) => <Image key={p} className='after-sale-line__photo' src={assetUrl(p) ?? ''} mode='aspectFill' />)}
                </View>
              ) : null}
              {a.decisionNote ? <Text className='after-sale-line__note'>处理说明：{a.decisionNote}</Text> : null}
            </View>
          ))}
        </Card>
      ) : null}

      <Card>
        <View className='order-meta'><Text>订单号</Text><Text>{o.orderNo}</Text></View>
        <View className='order-meta'><Text>下单时间</Text><Text>{formatDateTime(o.createdAt)}</Text></View>
        {o.paidAt ? <View className='order-meta'><Text>付款时间</Text><Text>{formatDateTime(o.paidAt)}</Text></View> : null}
      </Card>

      {hasActions ? (
        <StickyBar>
          <View className='order-actions'>
            {can('cancel') ? <AppButton variant='ghost' size='sm' loading={busy} onClick={cancel}>取消订单</AppButton> : null}
            {can('after_sale') && !afterSales.some((a) => a.status === 'open') ? (
              <AppButton variant='ghost' size='sm' onClick={() => openPage('afterSale', { id: o.id })}>申请售后</AppButton>
            ) : null}
            {can('review') ? <AppButton variant='secondary' size='sm' onClick={() => openPage('review', { id: o.id })}>评价</AppButton> : null}
            {can('pay') ? <AppButton size='sm' loading={payment.busy} onClick={() => void payment.start(o.id)}>去支付 {formatMoney(o.itemsFen)}</AppButton> : null}
          </View>
        </StickyBar>
      ) : null}

      <PaySheet
        open={payment.sheet !== null}
        amountText={formatMoney(payment.sheet?.amountFen ?? o.itemsFen)}
        busy={payment.busy}
        onPay={() => void payment.finishSandbox('success')}
        onFail={() => void payment.finishSandbox('fail')}
        onClose={payment.closeSheet}
      />
    </View>
  );
}
