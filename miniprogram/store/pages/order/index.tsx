/**
 * One order at my store (sub-package "store"): whose it is (the neighbour's display name, as the server answers
 * it — never a phone number), its state, what to hand over, when it was paid, and refunds if any. The store
 * never sees the pickup code: the neighbour shows it (its last characters match the bag), and "去核销" opens
 * verification.
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

export default function StoreOrderPage() {
  const session = useRoleGuard('pickup');
  const params = useRouter().params;
  const id = idParam(params.id);
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
      <Card title={o.neighbour || '邻居'} extra={<Tag tone={statusTone(o.status)}>{ORDER_STATUS_LABEL[o.status]}</Tag>}>
        <Text className='store-order__meta'>订单 {o.orderNo}{o.paidAt ? ` · ${formatDateTime(o.paidAt)} 付款` : ''}</Text>
        <Text className='store-order__meta'>{o.pickupPoint.name}{o.codeTail ? ` · 取货码尾号 ${o.codeTail}` : ''}</Text>
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
