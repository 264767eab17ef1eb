/**
 * The admin's home (sub-package): applications waiting for approval. Catalogue, refunds, settlement and
 * reports come with their APIs.
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
import { listPendingApprovals } from '../../../services/admin.api';
import { formatDateTime, greeting } from '../../../utils/format';
import { ROLE_LABEL } from '../../../utils/roles';
import { openMe } from '../../../utils/nav';

const KIND_LABEL = { leader: '团长申请', pickup_point: '自提点申请' } as const;

export default function AdminHomePage() {
  const session = useRoleGuard('admin');
  const load = useCallback(() => listPendingApprovals(), []);
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
        roleLabel={ROLE_LABEL.admin}
        subtitle='审批 · 商品 · 结算'
        onOpenMe={openMe}
      />
      <Section title='待审批'>
        <RemoteList
          group
          status={list.status}
          items={list.status === 'ready' ? list.data.items : undefined}
          errorMessage={list.status === 'error' ? list.error.message : undefined}
          onRetry={list.reload}
          empty={{ title: '暂无待审批申请', description: '团长和自提点的入驻申请会出现在这里' }}
          renderItem={(a) => (
            <Cell key={a.id} title={a.name} note={`提交于 ${formatDateTime(a.submittedAt)}`} value={<Tag tone='orange'>{KIND_LABEL[a.kind]}</Tag>} />
          )}
        />
      </Section>
    </View>
  );
}
