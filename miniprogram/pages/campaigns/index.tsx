/**
 * The neighbour's home: the campaigns open in their community (a card opens the campaign), and the way to my orders. Loading shows skeletons; no campaigns, or no
 * campaign API on this server yet (404), shows the empty state; any other failure shows its message and a retry.
 */
import { Text, View } from '@tarojs/components';
import { useCallback } from 'react';
import { HomeHeader } from '../../components/HomeHeader';
import { Section } from '../../components/Section';
import { RemoteList } from '../../components/RemoteList';
import { CampaignCard } from '../../components/CampaignCard';
import { useRoleGuard } from '../../hooks/useRoleGuard';
import { useRemote } from '../../hooks/useRemote';
import { usePullRefresh } from '../../hooks/usePullRefresh';
import { listCommunityCampaigns } from '../../services/campaign.api';
import { assetUrl } from '../../services/assets';
import { formatMoney, greeting } from '../../utils/format';
import { badge, progressText, timeText } from '../../utils/campaign-text';
import { ROLE_LABEL } from '../../utils/roles';
import { openMe, openPage } from '../../utils/nav';
import './index.scss';

export default function CampaignsPage() {
  const session = useRoleGuard('neighbour');
  const load = useCallback(() => listCommunityCampaigns(), []);
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
        roleLabel={ROLE_LABEL.neighbour}
        subtitle={user.communityId ? '小区团购 · 到店自提' : '还没有选择小区'}
        onOpenMe={openMe}
      >
        <View className='home-links'>
          <View className='home-link' hoverClass='home-link--pressed' onClick={() => openPage('orders')} id='link-orders'>
            <Text className='home-link__title'>我的订单</Text>
            <Text className='home-link__note'>付款 · 取货码 · 售后</Text>
          </View>
        </View>
      </HomeHeader>
      <Section title='正在拼团'>
        <RemoteList
          status={list.status}
          items={list.status === 'ready' ? list.data.items : undefined}
          errorMessage={list.status === 'error' ? list.error.message : undefined}
          onRetry={list.reload}
          empty={{ title: '暂无进行中的团购', description: '团长开团后会第一时间出现在这里' }}
          renderItem={(c) => (
            <CampaignCard
              key={c.id}
              title={c.title}
              coverUrl={assetUrl(c.coverImage)}
              priceText={formatMoney(c.fromPriceFen)}
              progressText={progressText(c)}
              timeText={timeText(c)}
              badge={badge(c)}
              onClick={() => openPage('campaign', { id: c.id })}
            />
          )}
        />
      </Section>
    </View>
  );
}
