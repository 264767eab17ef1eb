/**
 * The leader's dashboard (sub-package): today's orders and sales across their campaigns, orders waiting at the
 * pickup points, their commission (earned, waiting for completion, owed; tap for the earnings page), open
 * after-sales requests, the ways to share and to bind a chat group, and their campaigns with live progress
 * (refreshed every 20 s while on screen). Today's figures are counted here from each live campaign's orders; a summary endpoint
 * would replace that when campaigns get many.
 */
import { Text, View } from '@tarojs/components';
import { useCallback } from 'react';
import type { CampaignSummaryDTO } from '@shared/types/campaign';
import type { LeaderMeDTO } from '@shared/types/leader-me';
import type { LeaderOrderDTO } from '@shared/types/leader-campaign';
import type { LeaderEarnings } from '../../../services/earnings.api';
import { HomeHeader } from '../../../components/HomeHeader';
import { Section } from '../../../components/Section';
import { RemoteList } from '../../../components/RemoteList';
import { Tag } from '../../../components/Tag';
import { ProgressBar } from '../../../components/ProgressBar';
import { AppButton } from '../../../components/AppButton';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import { usePolling } from '../../../hooks/usePolling';
import { getLeaderMe, listCampaignOrders, listMyCampaigns, listOpenAfterSales } from '../../../services/leader.api';
import { getMyEarnings } from '../../../services/earnings.api';
import { formatDateTime, formatMoney, greeting } from '../../../utils/format';
import { badge, progressText, timeText } from '../../../utils/campaign-text';
import { ROLE_LABEL } from '../../../utils/roles';
import { openMe, openPage } from '../../../utils/nav';
import './index.scss';

/** Campaigns whose orders count for today: anything that has taken orders. At most this many are read. */
const LIVE = new Set(['open', 'closed', 'fulfilling']);
const MAX_CAMPAIGNS_COUNTED = 10;

interface Dashboard {
  me: LeaderMeDTO | null;
  campaigns: CampaignSummaryDTO[];
  todayOrders: number;
  todaySalesFen: number;
  awaitingPickup: number;
  openAfterSales: number;
}

function isToday(iso: string | null, now = new Date()): boolean {
  if (!iso) return false;
  const d = new Date(iso);
  return d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
}

async function loadDashboard(): Promise<Dashboard> {
  const [me, campaigns, afterSales] = await Promise.all([
    getLeaderMe().catch(() => null), listMyCampaigns(), listOpenAfterSales().catch(() => []),
  ]);
  const live = campaigns.filter((c) => LIVE.has(c.status)).slice(0, MAX_CAMPAIGNS_COUNTED);
  const orders: LeaderOrderDTO[] = (await Promise.all(live.map((c) => listCampaignOrders(c.id).catch(() => [])))).flat();
  const paidToday = orders.filter((o) => isToday(o.paidAt));
  return {
    me, campaigns,
    todayOrders: paidToday.length,
    todaySalesFen: paidToday.reduce((s, o) => s + o.paidFen - o.refundedFen, 0),
    awaitingPickup: orders.filter((o) => o.status === 'ready_for_pickup').length,
    openAfterSales: afterSales.length,
  };
}

/** The commission block: its own request, so a failure here leaves the rest of the dashboard working. */
function EarningsBlock({ state }: { state: ReturnType<typeof useRemote<LeaderEarnings>> }) {
  const e = state.status === 'ready' ? state.data : null;
  const onClick = state.status === 'error' ? state.reload : () => openPage('leaderEarnings');
  return (
    <View className='earnings' hoverClass='earnings--pressed' onClick={onClick} id='home-earnings'>
      <View className='earnings__main'>
        <Text className='earnings__title'>收益与对账单</Text>
        {state.status === 'error' ? <Text className='earnings__note earnings__note--error'>{state.error.message}，点击重试</Text> : (
          <Text className='earnings__note'>
            待确认 {e ? formatMoney(e.pendingFen) : '—'} · 待打款 {e ? formatMoney(e.owedFen) : '—'}
          </Text>
        )}
      </View>
      <View className='earnings__side'>
        <Text className='earnings__value' id='home-earnings-accrued'>{e ? formatMoney(e.accruedFen) : '—'}</Text>
        <Text className='earnings__label'>累计佣金 ›</Text>
      </View>
    </View>
  );
}

function CampaignRow({ c }: { c: CampaignSummaryDTO }) {
  const b = badge(c);
  return (
    <View className='lc-row' hoverClass='lc-row--pressed' onClick={() => openPage('leaderCampaign', { id: c.id })} id={`leader-campaign-${c.id}`}>
      <View className='lc-row__head'>
        <Text className='lc-row__title'>{c.title}</Text>
        <Tag tone={b.tone}>{b.text}</Tag>
      </View>
      <ProgressBar current={c.progress.current} target={c.progress.target} done={c.progress.reached} />
      <View className='lc-row__foot'>
        <Text>{progressText(c)}</Text>
        <Text>{c.status === 'draft' ? `截止 ${formatDateTime(c.deadlineAt)}` : timeText(c)}</Text>
      </View>
    </View>
  );
}

export default function LeaderHomePage() {
  const session = useRoleGuard('leader');
  const load = useCallback(() => loadDashboard(), []);
  const dash = useRemote(load, { enabled: session !== null });
  const loadEarnings = useCallback(() => getMyEarnings(), []);
  const earnings = useRemote(loadEarnings, { enabled: session !== null });
  const { reload: reloadDash } = dash;
  const { reload: reloadEarnings } = earnings;
  usePullRefresh(useCallback(async () => { await Promise.all([reloadDash(), reloadEarnings()]); }, [reloadDash, reloadEarnings]));
  usePolling(dash.reload, 20_000, dash.status === 'ready');

  if (!session) return null;
  const { user } = session;
  const d = dash.status === 'ready' ? dash.data : null;
  const stat = (v: string | number | null) => (d ? String(v) : '—');
  return (
    <View className='page leader-home'>
      <HomeHeader
        greeting={greeting()}
        name={user.displayName}
        avatarUrl={user.avatarUrl}
        roleLabel={ROLE_LABEL.leader}
        subtitle={d?.me ? `${d.me.community?.name ?? '未绑定小区'} · 团长码 ${d.me.code}` : '开团 · 分享 · 收益'}
        onOpenMe={openMe}
      >
        <View className='stats'>
          <View className='stat'><Text className='stat__value' id='stat-orders'>{stat(d?.todayOrders ?? null)}</Text><Text className='stat__label'>今日订单</Text></View>
          <View className='stat'><Text className='stat__value' id='stat-sales'>{d ? formatMoney(d.todaySalesFen) : '—'}</Text><Text className='stat__label'>今日销售</Text></View>
          <View className='stat'><Text className='stat__value'>{stat(d?.awaitingPickup ?? null)}</Text><Text className='stat__label'>待取货</Text></View>
        </View>
      </HomeHeader>

      <View className='leader-actions'>
        <View className='leader-action' hoverClass='leader-action--pressed' onClick={() => openPage('leaderCreate')} id='action-create'>
          <Text className='leader-action__icon'>＋</Text>
          <Text className='leader-action__title'>开团</Text>
          <Text className='leader-action__note'>从商品库选品</Text>
        </View>
        <View className='leader-action' hoverClass='leader-action--pressed' onClick={() => openPage('leaderAfterSales')}>
          <Text className='leader-action__icon'>售</Text>
          <Text className='leader-action__title'>售后{d && d.openAfterSales ? ` · ${d.openAfterSales}` : ''}</Text>
          <Text className='leader-action__note'>{d && d.openAfterSales ? '有申请待处理' : '暂无待处理'}</Text>
        </View>
      </View>

      <EarningsBlock state={earnings} />

      <View className='leader-actions'>
        <View className='leader-action' hoverClass='leader-action--pressed' onClick={() => openPage('leaderShare')} id='action-share'>
          <Text className='leader-action__icon'>享</Text>
          <Text className='leader-action__title'>分享海报</Text>
          <Text className='leader-action__note'>分享卡片、海报和二维码</Text>
        </View>
        <View className='leader-action' hoverClass='leader-action--pressed' onClick={() => openPage('leaderBot')} id='action-bot'>
          <Text className='leader-action__icon'>群</Text>
          <Text className='leader-action__title'>群机器人</Text>
          <Text className='leader-action__note'>绑定邻居群，自动播报</Text>
        </View>
      </View>

      <Section title='我的团购' extra={d ? <Text>{d.campaigns.length} 个</Text> : undefined}>
        <RemoteList
          status={dash.status === 'ready' && d && d.campaigns.length === 0 ? 'empty' : dash.status}
          items={d?.campaigns}
          errorMessage={dash.status === 'error' ? dash.error.message : undefined}
          onRetry={dash.reload}
          empty={{ title: '还没有开团', description: '从商品库选品开一个团，分享到邻居群里' }}
          renderItem={(c) => <CampaignRow key={c.id} c={c} />}
        />
        {d && d.campaigns.length === 0 ? (
          <View className='leader-empty-cta'><AppButton onClick={() => openPage('leaderCreate')}>去开团</AppButton></View>
        ) : null}
      </Section>
    </View>
  );
}
