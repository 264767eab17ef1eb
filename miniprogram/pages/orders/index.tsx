/** My orders, newest first, filtered by state; unpaid ones count down to their expiry. */
import { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useRef, useState } from 'react';
import type { OrderDTO } from '@shared/types/order';
import { RemoteList } from '../../components/RemoteList';
import { Tag } from '../../components/Tag';
import { useRoleGuard } from '../../hooks/useRoleGuard';
import { useRemote } from '../../hooks/useRemote';
import { usePullRefresh } from '../../hooks/usePullRefresh';
import { secondsUntil, useCountdown } from '../../hooks/useCountdown';
import { listMyOrders } from '../../services/order.api';
import { formatCountdown, formatDateTime, formatMoney } from '../../utils/format';
import { ORDER_STATUS_LABEL } from '../../utils/labels';
import { ORDER_FILTERS, itemsLine, statusTone } from '../../utils/order-text';
import { openPage } from '../../utils/nav';
import './index.scss';

function OrderRow({ o }: { o: OrderDTO }) {
  const left = useCountdown(o.status === 'pending_payment' ? secondsUntil(o.expiresAt) : null);
  return (
    <View className='order-row' hoverClass='order-row--pressed' onClick={() => openPage('order', { id: o.id })} id={`order-${o.id}`}>
      <View className='order-row__head'>
        <Text className='order-row__title'>{o.campaignTitle}</Text>
        <Tag tone={statusTone(o.status)}>{ORDER_STATUS_LABEL[o.status]}</Tag>
      </View>
      <Text className='order-row__items'>{itemsLine(o)}</Text>
      <View className='order-row__foot'>
        <Text className='order-row__time'>{formatDateTime(o.createdAt)} · {o.pickupPoint.name}</Text>
        <Text className='order-row__amount'>{formatMoney(o.paidFen || o.itemsFen)}</Text>
      </View>
      {left !== null && left > 0 ? <Text className='order-row__pay'>待支付，剩余 {formatCountdown(left)}</Text> : null}
      {o.pickupCode ? <Text className='order-row__code'>取货码 {o.pickupCode}</Text> : null}
    </View>
  );
}

export default function OrdersPage() {
  const session = useRoleGuard(null);
  const [filter, setFilter] = useState(ORDER_FILTERS[0].key);
  const load = useCallback(() => listMyOrders(), []);
  const list = useRemote(load, { enabled: session !== null });
  usePullRefresh(list.reload);
  // Back from an order (paid, cancelled): show its new state.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void list.reload();
    shown.current = true;
  });

  if (!session) return null;
  const statuses = ORDER_FILTERS.find((f) => f.key === filter)?.statuses ?? null;
  const items = list.status === 'ready' ? list.data.filter((o) => !statuses || statuses.includes(o.status)) : undefined;
  return (
    <View className='page orders-page'>
      <View className='order-filters'>
        {ORDER_FILTERS.map((f) => (
          <Text key={f.key} className={`order-filter${f.key === filter ? ' order-filter--on' : ''}`} onClick={() => setFilter(f.key)}>{f.label}</Text>
        ))}
      </View>
      <RemoteList
        status={list.status}
        items={items}
        errorMessage={list.status === 'error' ? list.error.message : undefined}
        onRetry={list.reload}
        empty={{ title: filter === 'all' ? '还没有订单' : '这里没有订单', description: '去看看小区里正在拼的团购吧' }}
        renderItem={(o) => <OrderRow key={o.id} o={o} />}
      />
    </View>
  );
}
