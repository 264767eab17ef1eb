/**
 * 团购管理 (sub-package "leader"): one of my campaigns — live progress (every 15 s while open), orders by state,
 * share (the WeChat card, or a link on the web, both with my leader code), the moves its state allows (open
 * now, schedule, back to draft, cancel with a reason — refunds everyone paid), edits the state allows (title
 * and description; a later deadline), its fulfilment once closed (components/Fulfilment: prepare, purchase and
 * sorting lists, ship per pickup point), and its history. The server decides what is allowed and says why not.
 */
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { ManagedCampaignDTO } from '@shared/types/leader-campaign';
import type { LeaderMeDTO } from '@shared/types/leader-me';
import type { OrderStatus } from '@shared/types/statuses';
import { StateView } from '../../../components/StateView';
import { Card } from '../../../components/Card';
import { Tag } from '../../../components/Tag';
import { ProgressBar } from '../../../components/ProgressBar';
import { AppButton } from '../../../components/AppButton';
import { Sheet } from '../../../components/Sheet';
import { TextArea } from '../../../components/TextArea';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import { usePolling } from '../../../hooks/usePolling';
import { useCountdown } from '../../../hooks/useCountdown';
import { cancelCampaign, getLeaderMe, getManagedCampaign, moveCampaign, updateCampaign } from '../../../services/leader.api';
import { userMessage } from '../../../services/api-error';
import { assetUrl } from '../../../services/assets';
import { formatCountdown, formatDateTime, formatMoney } from '../../../utils/format';
import { badge, progressText } from '../../../utils/campaign-text';
import { CAMPAIGN_STATUS_LABEL, ORDER_STATUS_LABEL } from '../../../utils/labels';
import { idParam, openPage } from '../../../utils/nav';
import { campaignSharePath, campaignWebLink } from '../../../utils/share';
import { Fulfilment, FULFILMENT_STATUSES } from './components/Fulfilment';
import './index.scss';

interface Loaded { c: ManagedCampaignDTO; me: LeaderMeDTO | null }

/** Before 成团 a leader may cancel; after it, only an admin can. */
const CANCELLABLE = new Set(['draft', 'scheduled', 'open']);

export default function LeaderCampaignPage() {
  const session = useRoleGuard('leader');
  const id = idParam(useRouter().params.id);
  const load = useCallback(async (): Promise<Loaded> => {
    const [c, me] = await Promise.all([getManagedCampaign(id ?? 0), getLeaderMe().catch(() => null)]);
    return { c, me };
  }, [id]);
  const state = useRemote(load, { enabled: session !== null && id !== null });
  usePullRefresh(state.reload);
  const c = state.status === 'ready' ? state.data.c : null;
  const me = state.status === 'ready' ? state.data.me : null;
  usePolling(state.reload, 15_000, c?.status === 'open');
  const left = useCountdown(c?.status === 'open' ? c.secondsLeft : null);

  const [busy, setBusy] = useState<string | null>(null);
  const [sheet, setSheet] = useState<'cancel' | 'edit' | null>(null);
  const [reason, setReason] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');

  useShareAppMessage(() => ({
    title: c ? `${c.title}｜${formatMoney(c.fromPriceFen)}起，邻居一起拼` : '邻里团购',
    path: campaignSharePath(id ?? 0, me?.code),
    imageUrl: assetUrl(c?.coverImage) ?? undefined,
  }));

  if (!session) return null;
  if (id === null) return <View className='page'><StateView kind='empty' title='链接不完整' description='请从工作台进入' /></View>;
  if (state.status === 'loading') return <View className='page manage-page'><StateView kind='loading' rows={2} /></View>;
  if (state.status !== 'ready' || !c) {
    return <View className='page manage-page'><StateView kind='error' message={state.status === 'error' ? state.error.message : '加载失败'} onRetry={state.reload} /></View>;
  }

  const act = async (key: string, run: () => Promise<unknown>, done: string) => {
    if (busy) return;
    setBusy(key);
    try {
      await run();
      void Taro.showToast({ title: done, icon: 'none' });
      setSheet(null);
      await state.reload();
    } catch (err) {
      void Taro.showToast({ title: userMessage(err), icon: 'none', duration: 3000 });
    } finally {
      setBusy(null);
    }
  };
  const copyLink = () => {
    const origin = typeof window !== 'undefined' ? window.location.origin : '';
    void Taro.setClipboardData({ data: campaignWebLink(origin, c.id, me?.code) });
  };
  const openEdit = () => { setTitle(c.title); setDescription(c.description ?? ''); setSheet('edit'); };
  const extendDeadline = () => act('extend', () => updateCampaign(c.id, {
    deadlineAt: new Date(new Date(c.deadlineAt).getTime() + 86_400_000).toISOString(),
    // The pickup window must stay after the deadline: it moves with it.
    pickupStartsAt: new Date(new Date(c.pickupStartsAt).getTime() + 86_400_000).toISOString(),
    pickupEndsAt: new Date(new Date(c.pickupEndsAt).getTime() + 86_400_000).toISOString(),
  }), '截止时间已延后一天');

  const b = badge(c);
  const orderCounts = Object.entries(c.ordersByStatus) as Array<[OrderStatus, number]>;
  const totalOrders = orderCounts.reduce((s, [, n]) => s + n, 0);
  return (
    <View className={`page manage-page manage-page--${c.status}`}>
      <Card className='manage-head'>
        <View className='manage-head__line'>
          <Tag tone={b.tone}>{b.text}</Tag>
          {b.text !== CAMPAIGN_STATUS_LABEL[c.status] ? <Text className='manage-head__status'>{CAMPAIGN_STATUS_LABEL[c.status]}</Text> : null}
        </View>
        <Text className='manage-head__title'>{c.title}</Text>
        <ProgressBar current={c.progress.current} target={c.progress.target} left={progressText(c)} right={c.progress.reached ? '已成团' : `还差${c.progress.missing}${c.progress.kind === 'participants' ? '人' : '份'}`} done={c.progress.reached} />
        <View className='manage-head__times'>
          {c.status === 'open' && left !== null ? <Text className='manage-head__countdown'>距截团 {formatCountdown(left)}</Text> : <Text>截团 {formatDateTime(c.deadlineAt)}</Text>}
          <Text>自提 {formatDateTime(c.pickupStartsAt)}</Text>
        </View>
      </Card>

      {/* Remounted (and so reloaded) when order states move: a store confirming arrival, say. */}
      {FULFILMENT_STATUSES.includes(c.status) ? <Fulfilment key={JSON.stringify(c.ordersByStatus)} campaignId={c.id} points={c.pickupPoints} onChanged={state.reload} /> : null}

      <Card title='分享' extra={me ? <Text>团长码 {me.code}</Text> : undefined}>
        <Text className='manage-note'>邻居通过你的分享下单，订单计入你的业绩</Text>
        <View className='manage-share'>
          {process.env.TARO_ENV === 'weapp'
            ? <Button className='manage-share__btn' openType='share'>分享到微信群</Button>
            : <View className='manage-share__btn' onClick={copyLink} role='button' id='copy-share-link'>复制分享链接</View>}
          <View className='manage-share__btn manage-share__btn--ghost' onClick={() => openPage('leaderShare', { id: c.id })} role='button' id='open-poster'>分享海报</View>
          <View className='manage-share__btn manage-share__btn--ghost' onClick={() => openPage('campaign', { id: c.id, leaderCode: me?.code })}>预览团购页</View>
        </View>
      </Card>

      <Card title={`订单 · ${totalOrders}`} extra={<Text className='manage-link' onClick={() => openPage('leaderOrders', { id: c.id })}>查看全部 ›</Text>}>
        {totalOrders === 0 ? <Text className='manage-note'>还没有订单，分享出去吧</Text> : (
          <View className='manage-counts'>
            {orderCounts.map(([s, n]) => (
              <View key={s} className='manage-count'><Text className='manage-count__n'>{n}</Text><Text className='manage-count__label'>{ORDER_STATUS_LABEL[s]}</Text></View>
            ))}
          </View>
        )}
      </Card>

      <Card title='操作'>
        <View className='manage-actions'>
          {c.nextStatuses.includes('open') ? <AppButton size='sm' loading={busy === 'open'} onClick={() => act('open', () => moveCampaign(c.id, 'open'), '已开团')}>立即开团</AppButton> : null}
          {c.nextStatuses.includes('scheduled') ? <AppButton size='sm' variant='secondary' loading={busy === 'schedule'} onClick={() => act('schedule', () => moveCampaign(c.id, 'schedule'), '已排期')}>定时开团</AppButton> : null}
          {c.status === 'scheduled' ? <AppButton size='sm' variant='ghost' loading={busy === 'unschedule'} onClick={() => act('unschedule', () => moveCampaign(c.id, 'unschedule'), '已撤回为草稿')}>撤回为草稿</AppButton> : null}
          {['draft', 'scheduled', 'open'].includes(c.status) ? <AppButton size='sm' variant='ghost' onClick={openEdit}>编辑标题介绍</AppButton> : null}
          {['draft', 'scheduled', 'open'].includes(c.status) ? <AppButton size='sm' variant='ghost' loading={busy === 'extend'} onClick={extendDeadline}>截止延后一天</AppButton> : null}
          {CANCELLABLE.has(c.status) && !c.succeeded ? <AppButton size='sm' variant='danger' onClick={() => setSheet('cancel')}>取消活动</AppButton> : null}
        </View>
        {!['draft', 'scheduled', 'open'].includes(c.status) ? <Text className='manage-note'>活动已{CAMPAIGN_STATUS_LABEL[c.status]}，只能查看</Text> : null}
      </Card>

      <Card title='商品'>
        {c.items.map((i) => (
          <View key={i.id} className='manage-item'>
            <Text className='manage-item__title'>{i.title} · {i.spec}</Text>
            <Text className='manage-item__note'>{formatMoney(i.currentPriceFen)} · 已售 {i.sold} · 剩余 {i.available}/{i.stock}{i.perPersonLimit ? ` · 限购 ${i.perPersonLimit}` : ''}</Text>
          </View>
        ))}
      </Card>

      <Card title='记录'>
        {c.events.slice().reverse().map((e) => (
          <View key={e.id} className='manage-event'>
            <Text className='manage-event__what'>{CAMPAIGN_STATUS_LABEL[e.fromStatus]} → {CAMPAIGN_STATUS_LABEL[e.toStatus]}</Text>
            <Text className='manage-event__why'>{e.reason} · {formatDateTime(e.createdAt)}</Text>
          </View>
        ))}
      </Card>

      <Sheet title='取消活动' open={sheet === 'cancel'} onClose={() => setSheet(null)}>
        <Text className='manage-note'>取消后所有已付款订单将全额原路退款，并通知邻居。</Text>
        <View className='sheet-gap'><TextArea id='cancel-reason' value={reason} maxLength={200} placeholder='请填写取消原因（邻居会看到）' onInput={setReason} /></View>
        <AppButton block variant='danger' loading={busy === 'cancel'} disabled={reason.trim().length < 2}
          onClick={() => act('cancel', () => cancelCampaign(c.id, reason.trim()), '活动已取消，退款处理中')}>确认取消</AppButton>
      </Sheet>

      <Sheet title='编辑' open={sheet === 'edit'} onClose={() => setSheet(null)}>
        <Input className='sheet-input' value={title} maxlength={60} onInput={(e) => setTitle(e.detail.value)} />
        <View className='sheet-gap'><TextArea value={description} maxLength={2000} placeholder='介绍' onInput={setDescription} /></View>
        <AppButton block loading={busy === 'edit'} disabled={title.trim().length < 2}
          onClick={() => act('edit', () => updateCampaign(c.id, { title: title.trim(), description: description.trim() || null }), '已保存')}>保存</AppButton>
      </Sheet>
    </View>
  );
}
