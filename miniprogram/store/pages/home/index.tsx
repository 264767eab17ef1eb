/**
 * The pickup point's home (sub-package "store"): orders waiting to be collected at this store. Verifying a
 * pickup code and confirming arrivals come with their APIs.
 */
import { View } from '@tarojs/components';
import { useCallback } from 'react';
import { HomeHeader } from '../../../components/HomeHeader';
import { Section } from '../../../components/Section';
import { RemoteList } from '../../../components/RemoteList';
import { Cell } from '../../../components/Cell';
import { Tag } from '../../../components/Tag';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import { listPendingPickups } from '../../../services/pickup.api';
import { greeting } from '../../../utils/format';
import { ORDER_STATUS_LABEL } from '../../../utils/labels';
import { ROLE_LABEL } from '../../../utils/roles';
import { openMe } from '../../../utils/nav';

export default function StoreHomePage() {
  const session = useRoleGuard('pickup');
  const load = useCallback(() => listPendingPickups(), []);
  const list = useRemote(load, { enabled: session !== null, notFoundAsEmpty: true, isEmpty: (p) => p.items.length === 0 });
  usePullRefresh(list.reload);

  if (!session) return null;
  const { user } = session;
  return (
    <View className='page'>
      <HomeHeader
        greeting={greeting()}
        name={user.displayName}
        avatarUrl={user.avatarUrl}
        roleLabel={ROLE_LABEL.pickup}
        subtitle='到货 · 核销 · 取货'
        onOpenMe={openMe}
      />
      <Section title='待取货'>
        <RemoteList
          group
          status={list.status}
          items={list.status === 'ready' ? list.data.items : undefined}
          errorMessage={list.status === 'error' ? list.error.message : undefined}
          onRetry={list.reload}
          empty={{ title: '暂无待取货订单', description: '货到店后，邻居的订单会出现在这里' }}
          renderItem={(o) => (
            <Cell
              key={o.id}
              title={o.neighbourName}
              note={`订单 ${o.orderNo} · ${o.itemCount}件`}
              value={<Tag tone='orange'>{ORDER_STATUS_LABEL[o.status]}</Tag>}
            />
          )}
        />
      </Section>
    </View>
  );
}
