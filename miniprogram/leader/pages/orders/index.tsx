/**
 * 团购订单 (sub-package "leader"): every order of one of my campaigns with the buyer, items, amount, pickup
 * point and state; filter by state; totals of what was paid and refunded.
 */
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { LeaderOrderDTO } from '@shared/types/leader-campaign';
import { RemoteList } from '../../../components/RemoteList';
import { Tag } from '../../../components/Tag';
import { Card } from '../../../components/Card';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import { listCampaignOrders } from '../../../services/leader.api';
import { formatDateTime, formatMoney } from '../../../utils/format';
import { ORDER_STATUS_LABEL } from '../../../utils/labels';
import { ORDER_FILTERS, itemsLine, statusTone } from '../../../utils/order-text';
import { idParam } from '../../../utils/nav';
import './index.scss';

function Row({ o }: { o: LeaderOrderDTO }) {
  return (
    <View className='lo-row'>
      <View className='lo-row__head'>
        <Text className='lo-row__buyer'>{o.buyer || '邻居'}</Text>
        <Tag tone={statusTone(o.status)}>{ORDER_STATUS_LABEL[o.status]}</Tag>
      </View>
      <Text className='lo-row__items'>{itemsLine(o)}</Text>
      <View className='lo-row__foot'>
        <Text>{o.pickupPoint.name} · {formatDateTime(o.createdAt)}</Text>
        <Text className='lo-row__amount'>{formatMoney(o.paidFen || o.itemsFen)}</Text>
      </View>
    </View>
  );
}

export default function LeaderOrdersPage() {
  const session = useRoleGuard('leader');
  const id = idParam(useRouter().params.id);
  const load = useCallback(() => listCampaignOrders(id ?? 0), [id]);
  const list = useRemote(load, { enabled: session !== null && id !== null });
  usePullRefresh(list.reload);
  const [filter, setFilter] = useState('all');
  if (!session) return null;
  const statuses = ORDER_FILTERS.find((f) => f.key === filter)?.statuses ?? null;
  const all = list.status === 'ready' ? list.data : [];
  const items = list.status === 'ready' ? all.filter((o) => !statuses || statuses.includes(o.status)) : undefined;
  const paid = all.reduce((s, o) => s + o.paidFen, 0);
  const refunded = all.reduce((s, o) => s + o.refundedFen, 0);
  return (
    <View className='page leader-orders'>
      {list.status === 'ready' && all.length ? (
        <Card>
          <View className='lo-sum'>
            <View><Text className='lo-sum__n'>{all.length}</Text><Text className='lo-sum__label'>订单</Text></View>
            <View><Text className='lo-sum__n'>{formatMoney(paid)}</Text><Text className='lo-sum__label'>已收款</Text></View>
            <View><Text className='lo-sum__n'>{formatMoney(refunded)}</Text><Text className='lo-sum__label'>已退款</Text></View>
          </View>
        </Card>
      ) : null}
      <View className='lo-filters'>
        {ORDER_FILTERS.map((f) => (
          <Text key={f.key} className={`lo-filter${f.key === filter ? ' lo-filter--on' : ''}`} onClick={() => setFilter(f.key)}>{f.label}</Text>
        ))}
      </View>
      <RemoteList
        status={list.status}
        items={items}
        errorMessage={list.status === 'error' ? list.error.message : undefined}
        onRetry={list.reload}
        empty={{ title: '暂无订单', description: '分享团购到邻居群，订单会出现在这里' }}
        renderItem={(o) => <Row key={o.id} o={o} />}
      />
    </View>
  );
}
