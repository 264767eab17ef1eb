/**
 * The admin's home (sub-package "admin"): what needs an admin now — applications to approve, refunds the provider
 * refused or still pending, after-sales requests, uncollected orders, statements to approve or pay, jobs and bot
 * messages parked after their last attempt (retried from here) — and the way into every admin page. Counts come
 * from the admin APIs themselves; refreshed on pull-down and on return from a page that changed them.
 */
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useRef, useState } from 'react';
import type { JobDTO, OutboxMessageDTO } from '@shared/types/admin-ops';
import { HomeHeader } from '../../../components/HomeHeader';
import { Section } from '../../../components/Section';
import { RemoteList } from '../../../components/RemoteList';
import { StateView } from '../../../components/StateView';
import { Cell, CellGroup } from '../../../components/Cell';
import { Tag } from '../../../components/Tag';
import { RowCard } from '../../../components/RowCard';
import { AppButton } from '../../../components/AppButton';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import {
  listFailedJobs, listFailedMessages, listLeaderApplications, listOpenAfterSalesForAdmin, listPickupPointRegistrations,
  listRefunds, listStatements, listUncollected, retryJob, retryMessage,
} from '../../../services/admin.api';
import { userMessage } from '../../../services/api-error';
import { formatDateTime, greeting } from '../../../utils/format';
import { ROLE_LABEL } from '../../../utils/roles';
import { openMe, openPage, type PAGES } from '../../../utils/nav';
import './index.scss';

interface Pending { id: string; kind: 'leader' | 'pickup_point'; name: string; note: string; submittedAt: string }

interface Counts {
  refundsFailed: number;
  refundsPending: number;
  afterSales: number;
  uncollected: number;
  /** Drafts with something to pay: negative ones carry forward by themselves. */
  statementsToApprove: number;
  statementsToPay: number;
  jobs: JobDTO[];
  messages: OutboxMessageDTO[];
}

/** Both kinds of applications waiting, oldest first (first come, first served). */
async function loadPending(): Promise<Pending[]> {
  const [leaders, points] = await Promise.all([listLeaderApplications('pending'), listPickupPointRegistrations('pending')]);
  return [
    ...leaders.map((a): Pending => ({ id: `leader-${a.id}`, kind: 'leader', name: a.name, note: `申请团长 · ${a.appliedCity}${a.appliedCommunityName}`, submittedAt: a.createdAt })),
    ...points.map((p): Pending => ({ id: `point-${p.id}`, kind: 'pickup_point', name: p.name, note: `申请自提点 · ${p.address}`, submittedAt: p.createdAt })),
  ].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
}

async function loadCounts(): Promise<Counts> {
  const [failed, pending, afterSales, uncollected, drafts, approved, jobs, messages] = await Promise.all([
    listRefunds('failed'), listRefunds('pending'), listOpenAfterSalesForAdmin(), listUncollected(),
    listStatements({ status: 'draft', limit: 500 }), listStatements({ status: 'approved', limit: 500 }),
    listFailedJobs(20), listFailedMessages(20),
  ]);
  return {
    refundsFailed: failed.length, refundsPending: pending.length, afterSales: afterSales.length, uncollected: uncollected.length,
    statementsToApprove: drafts.filter((s) => s.totalFen > 0).length, statementsToPay: approved.length, jobs: jobs.items, messages,
  };
}

const KIND_LABEL = { leader: '团长', pickup_point: '自提点' } as const;

interface Tile { key: keyof typeof PAGES; icon: string; title: string; note: string; badge: number }

export default function AdminHomePage() {
  const session = useRoleGuard('admin');
  const loadP = useCallback(() => loadPending(), []);
  const pending = useRemote(loadP, { enabled: session !== null, isEmpty: (p) => p.length === 0 });
  const loadC = useCallback(() => loadCounts(), []);
  const counts = useRemote(loadC, { enabled: session !== null });
  const reloadAll = useCallback(async () => { await Promise.all([pending.reload(), counts.reload()]); }, [pending.reload, counts.reload]);
  usePullRefresh(reloadAll);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void reloadAll(); // back from approvals, refunds, settlement: the counts changed
    shown.current = true;
  });
  const [retrying, setRetrying] = useState<string | null>(null);

  if (!session) return null;
  const { user } = session;
  const c = counts.status === 'ready' ? counts.data : null;
  const p = pending.status === 'ready' ? pending.data : pending.status === 'empty' ? [] : null;
  const num = (v: number | undefined | null) => (v === undefined || v === null ? '—' : String(v));
  const refundWork = c ? c.refundsFailed + c.refundsPending + c.afterSales + c.uncollected : 0;

  const tiles: Tile[] = [
    { key: 'adminApprovals', icon: '审', title: '入驻审批', note: p?.length ? `${p.length} 个待审批` : '团长 · 自提点', badge: p?.length ?? 0 },
    { key: 'adminCatalogue', icon: '货', title: '商品库', note: '商品 · 溯源', badge: 0 },
    { key: 'adminCampaigns', icon: '团', title: '团购活动', note: '全部活动 · 取消', badge: 0 },
    { key: 'adminRefunds', icon: '退', title: '退款售后', note: refundWork ? `${refundWork} 件待处理` : '退款 · 售后', badge: refundWork },
    { key: 'adminSettlement', icon: '结', title: '佣金结算', note: c && c.statementsToApprove + c.statementsToPay ? `${c.statementsToApprove + c.statementsToPay} 张待处理` : '审批 · 付款', badge: c ? c.statementsToApprove + c.statementsToPay : 0 },
    { key: 'adminReports', icon: '表', title: '数据报表', note: '销售 · 对账', badge: 0 },
  ];

  const retry = async (key: string, run: () => Promise<unknown>) => {
    if (retrying) return;
    setRetrying(key);
    try {
      await run();
      void Taro.showToast({ title: '已重新排队', icon: 'none' });
      await counts.reload();
    } catch (err) {
      void Taro.showToast({ title: userMessage(err), icon: 'none', duration: 3000 });
    } finally {
      setRetrying(null);
    }
  };

  return (
    <View className='page admin-home'>
      <HomeHeader
        greeting={greeting()}
        name={user.displayName}
        avatarUrl={user.avatarUrl}
        roleLabel={ROLE_LABEL.admin}
        subtitle='审批 · 退款 · 结算'
        onOpenMe={openMe}
      >
        <View className='admin-stats'>
          <View className='admin-stat' onClick={() => openPage('adminApprovals')}>
            <Text className='admin-stat__value' id='stat-approvals'>{num(p?.length)}</Text><Text className='admin-stat__label'>入驻申请</Text>
          </View>
          <View className='admin-stat' onClick={() => openPage('adminRefunds')}>
            <Text className='admin-stat__value' id='stat-refunds'>{num(c ? c.refundsFailed + c.refundsPending : null)}</Text><Text className='admin-stat__label'>退款待处理</Text>
          </View>
          <View className='admin-stat' onClick={() => openPage('adminSettlement')}>
            <Text className='admin-stat__value' id='stat-statements'>{num(c?.statementsToApprove)}</Text><Text className='admin-stat__label'>结算单待审</Text>
          </View>
        </View>
      </HomeHeader>

      {counts.status === 'error' ? (
        <View className='admin-home__error'><StateView kind='error' message={counts.error.message} onRetry={counts.reload} /></View>
      ) : null}

      <View className='admin-tiles'>
        {tiles.map((t) => (
          <View key={t.key} id={`tile-${t.key}`} className='admin-tile' hoverClass='admin-tile--pressed' onClick={() => openPage(t.key)}>
            <View className='admin-tile__top'>
              <Text className='admin-tile__icon'>{t.icon}</Text>
              {t.badge > 0 ? <Text className='admin-tile__badge'>{t.badge > 99 ? '99+' : t.badge}</Text> : null}
            </View>
            <Text className='admin-tile__title'>{t.title}</Text>
            <Text className='admin-tile__note'>{t.note}</Text>
          </View>
        ))}
      </View>

      {c ? (
        <Section title='待办'>
          <CellGroup>
            <Cell title='退款失败' note='支付渠道拒绝的退款，需重试' value={<Text className={c.refundsFailed ? 'todo-n todo-n--hot' : 'todo-n'} id='todo-refunds-failed'>{c.refundsFailed}</Text>} arrow onClick={() => openPage('adminRefunds', { tab: 'refunds', status: 'failed' })} />
            <Cell title='退款处理中' note='已提交、等待渠道结果' value={<Text className='todo-n'>{c.refundsPending}</Text>} arrow onClick={() => openPage('adminRefunds', { tab: 'refunds', status: 'pending' })} />
            <Cell title='售后申请' note='团长未处理的也可由平台裁决' value={<Text className={c.afterSales ? 'todo-n todo-n--hot' : 'todo-n'} id='todo-after-sales'>{c.afterSales}</Text>} arrow onClick={() => openPage('adminRefunds', { tab: 'after-sales' })} />
            <Cell title='未取货订单' note='自提期已过：退款或暂留' value={<Text className={c.uncollected ? 'todo-n todo-n--hot' : 'todo-n'} id='todo-uncollected'>{c.uncollected}</Text>} arrow onClick={() => openPage('adminRefunds', { tab: 'uncollected' })} />
            <Cell title='结算单待审批' value={<Text className={c.statementsToApprove ? 'todo-n todo-n--hot' : 'todo-n'}>{c.statementsToApprove}</Text>} arrow onClick={() => openPage('adminSettlement', { status: 'draft' })} />
            <Cell title='结算单待付款' value={<Text className={c.statementsToPay ? 'todo-n todo-n--hot' : 'todo-n'} id='todo-to-pay'>{c.statementsToPay}</Text>} arrow onClick={() => openPage('adminSettlement', { status: 'approved' })} />
          </CellGroup>
        </Section>
      ) : null}

      <Section title='待审批'>
        <RemoteList
          group
          status={pending.status}
          items={p ?? undefined}
          errorMessage={pending.status === 'error' ? pending.error.message : undefined}
          onRetry={pending.reload}
          empty={{ title: '暂无待审批申请', description: '团长和自提点的入驻申请会出现在这里' }}
          renderItem={(a) => (
            <Cell key={a.id} title={a.name} note={[a.note, `提交于 ${formatDateTime(a.submittedAt)}`]} value={<Tag tone='orange'>{KIND_LABEL[a.kind]}</Tag>} arrow
              onClick={() => openPage('adminApprovals', { tab: a.kind })} />
          )}
        />
      </Section>

      {c && (c.jobs.length > 0 || c.messages.length > 0) ? (
        <Section title='异常任务' extra={<Text>多次重试仍失败</Text>}>
          {c.jobs.map((j) => (
            <RowCard key={`job-${j.id}`} id={`job-${j.id}`} title={`后台任务 · ${j.kind}`} tag={{ text: `${j.attempts}次失败`, tone: 'orange' }}
              lines={[j.lastError ? `原因：${j.lastError}` : null, `计划于 ${formatDateTime(j.runAt)}`]}
              actions={<AppButton size='sm' variant='secondary' loading={retrying === `job-${j.id}`} onClick={() => retry(`job-${j.id}`, () => retryJob(j.id))}>重试</AppButton>} />
          ))}
          {c.messages.map((m) => (
            <RowCard key={`msg-${m.id}`} id={`message-${m.id}`} title={`群消息 · ${m.topic}`} tag={{ text: `${m.attempts}次失败`, tone: 'orange' }}
              lines={[m.text ? m.text.split('\n')[0] : null, m.lastError ? `原因：${m.lastError}` : null, `创建于 ${formatDateTime(m.createdAt)}`]}
              actions={<AppButton size='sm' variant='secondary' loading={retrying === `msg-${m.id}`} onClick={() => retry(`msg-${m.id}`, () => retryMessage(m.id))}>重新发送</AppButton>} />
          ))}
        </Section>
      ) : null}
    </View>
  );
}
