/**
 * One order at my store (sub-package "store"): its state, what to hand over, when it was paid, shipped and
 * refunds if any. The store never sees the pickup code: the neighbour shows it, and "去核销" opens verification.
 * The neighbour's name comes from the list that opened the page (`who`), as the store's order API returns the
 * order alone.
 */
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback } from 'react';
import { StateView } from '../../../components/StateView';
import { Card } from '../../../components/Card';
import { Tag } from '../../../components/Tag';
import { AppButton } from '../../../components/AppButton';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import { getStoreOrder } from '../../../services/pickup.api';
import { formatDateTime, formatMoney } from '../../../utils/format';
import { ORDER_STATUS_LABEL, REFUND_REASON_LABEL } from '../../../utils/labels';
import { statusTone } from '../../../utils/order-text';
import { idParam, openPage } from '../../../utils/nav';
import { pieceCount } from '../../shared/point';
import './index.scss';

/** WeChat hands query values over still encoded; h5 decodes them. */
function decoded(v: string | undefined): string {
  try { return decodeURIComponent(v ?? ''); } catch { return v ?? ''; }
}

export default function StoreOrderPage() {
  const session = useRoleGuard('pickup');
  const params = useRouter().params;
  const id = idParam(params.id);
  const who = decoded(params.who);
  const load = useCallback(() => getStoreOrder(id ?? 0), [id]);
  const state = useRemote(load, { enabled: session !== null && id !== null });
  usePullRefresh(state.reload);

  if (!session) return null;
  if (id === null) return <View className='page'><StateView kind='empty' title='链接不完整' description='请从自提点首页进入' /></View>;
  if (state.status === 'loading') return <View className='page store-order'><StateView kind='loading' rows={2} /></View>;
  if (state.status !== 'ready') {
    return <View className='page store-order'><StateView kind='error' message={state.status === 'error' ? state.error.message : '加载失败'} onRetry={state.reload} /></View>;
  }
  const o = state.data;
  return (
    <View className={`page store-order store-order--${o.status}`}>
      <Card title={who || `订单 ${o.orderNo}`} extra={<Tag tone={statusTone(o.status)}>{ORDER_STATUS_LABEL[o.status]}</Tag>}>
        <Text className='store-order__meta'>订单 {o.orderNo}{o.paidAt ? ` · ${formatDateTime(o.paidAt)} 付款` : ''}</Text>
        <Text className='store-order__meta'>{o.pickupPoint.name}</Text>
      </Card>
      <Card title={o.campaignTitle} extra={<Text>共 {pieceCount(o)} 件</Text>}>
        {o.items.map((i) => (
          <View key={i.id} className='store-order__item'>
            <Text className='store-order__title'>{i.title}</Text>
            <Text className='store-order__qty'>× {i.quantity - i.refundedQuantity}</Text>
            {i.refundedQuantity ? <Text className='store-order__refunded'>已退 {i.refundedQuantity}</Text> : null}
          </View>
        ))}
        {o.refunds.map((r) => (
          <Text key={r.id} className='store-order__meta'>{REFUND_REASON_LABEL[r.reasonKind]} {formatMoney(r.amountFen)}</Text>
        ))}
      </Card>
      {o.status === 'ready_for_pickup' ? (
        <AppButton block onClick={() => openPage('storeVerify', { point: o.pickupPoint.id })}>去核销</AppButton>
      ) : null}
    </View>
  );
}
