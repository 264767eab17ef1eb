/** The leader's dashboard (sub-package): their campaigns. More blocks (orders, earnings) come with their APIs. */
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
import type { CampaignSummaryDTO } from '@shared/types/campaign';
import { listMyCampaigns } from '../../../services/leader.api';
import { formatDateTime, greeting } from '../../../utils/format';
import { badge, progressText } from '../../../utils/campaign-text';
import { ROLE_LABEL } from '../../../utils/roles';
import { openMe } from '../../../utils/nav';

function CampaignRow({ c }: { c: CampaignSummaryDTO }) {
  const b = badge(c);
  return (
    <Cell
      title={c.title}
      note={[progressText(c), `截止 ${formatDateTime(c.deadlineAt)}`]}
      value={<Tag tone={b.tone}>{b.text}</Tag>}
    />
  );
}

export default function LeaderHomePage() {
  const session = useRoleGuard('leader');
  const load = useCallback(() => listMyCampaigns(), []);
  const list = useRemote(load, { enabled: session !== null, notFoundAsEmpty: true, isEmpty: (rows) => rows.length === 0 });
  usePullRefresh(list.reload);

  if (!session) return null;
  const { user } = session;
  return (
    <View className='page'>
      <HomeHeader
        greeting={greeting()}
        name={user.displayName}
        avatarUrl={user.avatarUrl}
        roleLabel={ROLE_LABEL.leader}
        subtitle='开团 · 分享 · 收益'
        onOpenMe={openMe}
      />
      <Section title='我的团购'>
        <RemoteList
          group
          status={list.status}
          items={list.status === 'ready' ? list.data : undefined}
          errorMessage={list.status === 'error' ? list.error.message : undefined}
          onRetry={list.reload}
          empty={{ title: '还没有开团', description: '从商品库选品开一个团，分享到邻居群里' }}
          renderItem={(c) => <CampaignRow key={c.id} c={c} />}
        />
      </Section>
    </View>
  );
}
