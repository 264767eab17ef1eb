/**
 * 团购活动 (sub-package "admin"): every campaign, leaders' and the platform's, by state — progress, owner, deadline.
 * Tapping one opens its detail in a sheet (items, orders by state, history) from the admin campaign API; an
 * admin may cancel it with a reason until it closes (every paid order is refunded in full), also after 成团.
 */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { CampaignSummaryDTO } from '@shared/types/campaign';
import type { CampaignStatus, OrderStatus } from '@shared/types/statuses';
import { Chips } from '../../../components/Chips';
import { RemoteList, remoteListProps } from '../../../components/RemoteList';
import { StateView } from '../../../components/StateView';
import { Tag } from '../../../components/Tag';
import { ProgressBar } from '../../../components/ProgressBar';
import { Sheet } from '../../../components/Sheet';
import { ReasonSheet } from '../../../components/ReasonSheet';
import { AppButton } from '../../../components/AppButton';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import { useReloadOnChange } from '../../../hooks/useReloadOnChange';
import { cancelCampaignAsAdmin, getCampaignForAdmin, listAllCampaigns } from '../../../services/admin.api';
import { userMessage } from '../../../services/api-error';
import { formatDateTime, formatMoney } from '../../../utils/format';
import { badge, progressText, timeText } from '../../../utils/campaign-text';
import { CAMPAIGN_STATUS_LABEL, ORDER_STATUS_LABEL } from '../../../utils/labels';
import { openPage } from '../../../utils/nav';
import './index.scss';

type Filter = CampaignStatus | 'all';
const FILTERS: Array<{ key: Filter; label: string }> = [
  { key: 'all', label: '全部' },
  ...(['open', 'scheduled', 'draft', 'closed', 'fulfilling', 'completed', 'failed', 'cancelled'] as const).map((s) => ({ key: s, label: CAMPAIGN_STATUS_LABEL[s] })),
];

const owner = (c: CampaignSummaryDTO) => (c.ownerKind === 'platform' ? '平台活动' : `团长 ${c.leader?.name ?? ''}`);

function CampaignRow({ c, onOpen }: { c: CampaignSummaryDTO; onOpen: () => void }) {
  const b = badge(c);
  return (
    <View className='ac-row' id={`campaign-${c.id}`} hoverClass='ac-row--pressed' onClick={onOpen}>
      <View className='ac-row__head'>
        <Text className='ac-row__title'>{c.title}</Text>
        <Tag tone={b.tone}>{b.text}</Tag>
      </View>
      <View className='ac-row__meta'>
        <Tag tone={c.ownerKind === 'platform' ? 'orange' : 'grey'}>{owner(c)}</Tag>
        <Text className='ac-row__deadline'>截团 {formatDateTime(c.deadlineAt)}</Text>
      </View>
      <ProgressBar current={c.progress.current} target={c.progress.target} done={c.progress.reached} />
      <View className='ac-row__foot'>
        <Text>{progressText(c)}</Text>
        <Text>{timeText(c)}</Text>
      </View>
    </View>
  );
}

function CampaignDetail({ id, onCancel, reloadKey }: { id: number; onCancel: (title: string) => void; reloadKey: number }) {
  const load = useCallback(() => getCampaignForAdmin(id), [id]);
  const d = useRemote(load);
  useReloadOnChange(d.reload, [id, reloadKey]); // another campaign, or this one cancelled
  if (d.status === 'loading') return <StateView kind='loading' rows={2} />;
  if (d.status !== 'ready') return <StateView kind='error' message={d.status === 'error' ? d.error.message : '加载失败'} onRetry={d.reload} />;
  const c = d.data;
  const counts = Object.entries(c.ordersByStatus) as Array<[OrderStatus, number]>;
  const canCancel = c.nextStatuses.includes('cancelled');
  return (
    <View className={`ac-detail ac-detail--${c.status}`}>
      <View className='ac-detail__line'><Text className='ac-detail__k'>状态</Text><Text>{CAMPAIGN_STATUS_LABEL[c.status]}{c.succeeded ? ' · 已成团' : ''}</Text></View>
      <View className='ac-detail__line'><Text className='ac-detail__k'>发起</Text><Text>{owner(c)}{c.leader ? `（${c.leader.code}）` : ''}</Text></View>
      <View className='ac-detail__line'><Text className='ac-detail__k'>时间</Text><Text>{formatDateTime(c.startsAt)} 至 {formatDateTime(c.deadlineAt)}</Text></View>
      <View className='ac-detail__line'><Text className='ac-detail__k'>自提</Text><Text>{formatDateTime(c.pickupStartsAt)} 至 {formatDateTime(c.pickupEndsAt)}</Text></View>
      <View className='ac-detail__progress'>
        <ProgressBar current={c.progress.current} target={c.progress.target} left={progressText(c)} right={`目标 ${c.progress.target}${c.progress.kind === 'participants' ? '人' : '份'}`} done={c.progress.reached} />
      </View>

      <Text className='ac-detail__h'>商品</Text>
      {c.items.map((i) => (
        <View key={i.id} className='ac-detail__item'>
          <Text className='ac-detail__item-title'>{i.title} · {i.spec}</Text>
          <Text className='ac-detail__item-note'>{formatMoney(i.currentPriceFen)} · 已售 {i.sold} · 剩余 {i.available}/{i.stock}</Text>
        </View>
      ))}

      <Text className='ac-detail__h'>订单</Text>
      {counts.length === 0 ? <Text className='ac-detail__muted'>还没有订单</Text> : (
        <View className='ac-detail__counts'>
          {counts.map(([s, n]) => <Text key={s} className='ac-detail__count'>{ORDER_STATUS_LABEL[s]} {n}</Text>)}
        </View>
      )}

      <Text className='ac-detail__h'>记录</Text>
      {c.events.length === 0 ? <Text className='ac-detail__muted'>暂无</Text> : c.events.slice().reverse().map((e) => (
        <View key={e.id} className='ac-detail__event'>
          <Text>{CAMPAIGN_STATUS_LABEL[e.fromStatus]} → {CAMPAIGN_STATUS_LABEL[e.toStatus]}</Text>
          <Text className='ac-detail__muted'>{e.reason} · {formatDateTime(e.createdAt)}</Text>
        </View>
      ))}

      <View className='ac-detail__actions'>
        <AppButton size='sm' variant='secondary' onClick={() => openPage('campaign', { id: c.id })}>查看团购页</AppButton>
        {canCancel ? <AppButton size='sm' variant='danger' onClick={() => onCancel(c.title)}>取消活动</AppButton> : null}
      </View>
      {!canCancel ? <Text className='ac-detail__muted'>活动已{CAMPAIGN_STATUS_LABEL[c.status]}，不能再取消；个别订单可在退款页处理</Text> : null}
    </View>
  );
}

export default function AdminCampaignsPage() {
  const session = useRoleGuard('admin');
  const [filter, setFilter] = useState<Filter>('all');
  const load = useCallback(() => listAllCampaigns(filter === 'all' ? undefined : filter), [filter]);
  const list = useRemote(load, { enabled: session !== null, isEmpty: (l) => l.length === 0 });
  usePullRefresh(list.reload);
  useReloadOnChange(list.reload, [filter]);
  const [open, setOpen] = useState<CampaignSummaryDTO | null>(null);
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [detailKey, setDetailKey] = useState(0);

  if (!session) return null;

  const cancel = async () => {
    if (!open || busy || reason.trim().length < 2) return;
    setBusy(true);
    try {
      await cancelCampaignAsAdmin(open.id, reason.trim());
      void Taro.showToast({ title: '活动已取消，退款处理中', icon: 'none' });
      setCancelling(null);
      setReason('');
      setDetailKey((k) => k + 1);
      await list.reload();
    } catch (err) {
      void Taro.showToast({ title: userMessage(err), icon: 'none', duration: 3000 });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='page admin-campaigns'>
      <Chips idPrefix='filter' options={FILTERS} value={filter} onChange={setFilter} />
      <RemoteList
        {...remoteListProps(list)}
        empty={{ title: filter === 'all' ? '还没有团购活动' : `没有${CAMPAIGN_STATUS_LABEL[filter]}的活动`, description: '团长开团或平台发布后会出现在这里' }}
        renderItem={(c) => <CampaignRow key={c.id} c={c} onOpen={() => setOpen(c)} />}
      />
      <Sheet title={open?.title ?? ''} open={open !== null} onClose={() => setOpen(null)} id='campaign-sheet'>
        {open ? <CampaignDetail id={open.id} reloadKey={detailKey} onCancel={(title) => { setReason(''); setCancelling(title); }} /> : null}
      </Sheet>
      <ReasonSheet
        title='取消活动'
        open={cancelling !== null}
        onClose={() => setCancelling(null)}
        value={reason}
        onInput={setReason}
        onConfirm={cancel}
        note={`取消「${cancelling ?? ''}」后，所有已付款订单全额原路退款，并通知邻居和团长。`}
        placeholder='取消原因（邻居会看到）'
        confirmText='确认取消活动'
        danger
        busy={busy}
        inputId='cancel-reason'
      />
    </View>
  );
}
