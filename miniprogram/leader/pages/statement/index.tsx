/**
 * 对账单 (sub-package "leader"): one of my statements — its total (carried in from earlier statements plus its
 * own lines), status, approval and payout — and its lines, one per ledger entry (which order, which campaign,
 * why: completed or refunded), 50 at a time with "load more". Another leader's statement reads as not found.
 */
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { StatementDTO, StatementLineDTO } from '@shared/types/commission';
import { AppButton } from '../../../components/AppButton';
import { Card } from '../../../components/Card';
import { Cell } from '../../../components/Cell';
import { RemoteList } from '../../../components/RemoteList';
import { Section } from '../../../components/Section';
import { StateView } from '../../../components/StateView';
import { Tag } from '../../../components/Tag';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import { getMyStatement, listMyStatementLines } from '../../../services/earnings.api';
import { userMessage } from '../../../services/api-error';
import { formatDateTime, formatMoney } from '../../../utils/format';
import { idParam } from '../../../utils/nav';
import { ENTRY_TYPE_LABEL, STATEMENT_STATUS_LABEL, statementTone } from '../earnings/text';
import './index.scss';

const PAGE_SIZE = 50;

interface Loaded { s: StatementDTO; lines: StatementLineDTO[]; next: string | null }

const PAYOUT_STATE_LABEL: Record<StatementDTO['payouts'][number]['state'], string> = {
  pending: '打款中',
  succeeded: '已到账',
  failed: '打款失败',
};

function LineRow({ l }: { l: StatementLineDTO }) {
  return (
    <Cell
      title={<Text className='stl-line__title'>{ENTRY_TYPE_LABEL[l.entryType]}</Text>}
      note={`订单 ${l.orderNo || `#${l.orderId}`} · 团购 #${l.campaignId} · ${formatDateTime(l.postedAt)}`}
      value={<Text className={`stl-line__amount${l.amountFen < 0 ? ' stl-line__amount--neg' : ''}`} id={`line-${l.lineId}`}>{l.amountFen > 0 ? '+' : ''}{formatMoney(l.amountFen)}</Text>}
    />
  );
}

export default function LeaderStatementPage() {
  const session = useRoleGuard('leader');
  const id = idParam(useRouter().params.id);
  const load = useCallback(async (): Promise<Loaded> => {
    const [s, page] = await Promise.all([getMyStatement(id ?? 0), listMyStatementLines(id ?? 0, 0, PAGE_SIZE)]);
    return { s, lines: page.items, next: page.nextCursor };
  }, [id]);
  const state = useRemote(load, { enabled: session !== null && id !== null });
  usePullRefresh(state.reload);
  // Pages after the first, appended below it; cleared whenever the first page is loaded again.
  const [more, setMore] = useState<{ base: Loaded; lines: StatementLineDTO[]; next: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  if (!session) return null;
  if (id === null) return <View className='page'><StateView kind='empty' title='链接不完整' description='请从收益页进入' /></View>;
  if (state.status === 'loading') return <View className='page statement-page'><StateView kind='loading' rows={2} /></View>;
  if (state.status !== 'ready') {
    return <View className='page statement-page'><StateView kind='error' message={state.status === 'error' ? state.error.message : '加载失败'} onRetry={state.reload} /></View>;
  }
  const { s } = state.data;
  const extra = more && more.base === state.data ? more : null;
  const lines = extra ? [...state.data.lines, ...extra.lines] : state.data.lines;
  const next = extra ? extra.next : state.data.next;

  const loadMore = async () => {
    if (!next || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await listMyStatementLines(s.id, Number(next), PAGE_SIZE);
      setMore({ base: state.data, lines: [...(extra?.lines ?? []), ...page.items], next: page.nextCursor });
    } catch (err) {
      void Taro.showToast({ title: userMessage(err), icon: 'none', duration: 3000 });
    } finally {
      setLoadingMore(false);
    }
  };

  const payout = s.payouts[s.payouts.length - 1];
  return (
    <View className='page statement-page'>
      <Card className='stl-head'>
        <View className='stl-head__line'>
          <Text className='stl-head__title'>对账单 #{s.id}</Text>
          <Tag tone={statementTone(s.status)}>{STATEMENT_STATUS_LABEL[s.status]}</Tag>
        </View>
        <Text className={`stl-head__total${s.totalFen < 0 ? ' stl-line__amount--neg' : ''}`} id='statement-total'>{formatMoney(s.totalFen)}</Text>
        <Text className='stl-head__note'>
          {s.status === 'carried' ? '本单余额已并入下一期对账单' : s.totalFen < 0 ? '本期为负数（退款冲减），将从下一期收益中扣除' : '本期应结算佣金'}
        </Text>
      </Card>

      <Card title='明细'>
        <View className='stl-kv'><Text>本期佣金（{s.lineCount} 笔）</Text><Text id='statement-lines-fen'>{formatMoney(s.linesFen)}</Text></View>
        <View className='stl-kv'><Text>上期结转</Text><Text id='statement-carried-in'>{formatMoney(s.carriedInFen)}</Text></View>
        <View className='stl-kv stl-kv--strong'><Text>合计</Text><Text>{formatMoney(s.totalFen)}</Text></View>
        <View className='stl-kv'><Text>结算周期</Text><Text>{s.cycleKey}</Text></View>
        <View className='stl-kv'><Text>生成时间</Text><Text>{formatDateTime(s.createdAt)}</Text></View>
        {s.approvedAt ? <View className='stl-kv'><Text>审核时间</Text><Text>{formatDateTime(s.approvedAt)}</Text></View> : null}
        {s.paidAt ? <View className='stl-kv'><Text>打款时间</Text><Text id='statement-paid-at'>{formatDateTime(s.paidAt)}</Text></View> : null}
        {s.payoutRef ? <View className='stl-kv'><Text>打款凭证</Text><Text className='stl-kv__ref'>{s.payoutRef}</Text></View> : null}
        {payout ? (
          <View className='stl-kv'><Text>打款状态</Text><Text>{PAYOUT_STATE_LABEL[payout.state]}{payout.state === 'pending' && payout.packageInfo ? '，请在微信中确认收款' : ''}</Text></View>
        ) : null}
      </Card>

      <Section title='佣金明细' extra={<Text>{s.lineCount} 笔</Text>}>
        <RemoteList
          group
          status='ready'
          items={lines}
          onRetry={state.reload}
          empty={{ title: '本单没有明细', description: '只有上期结转的余额' }}
          renderItem={(l) => <LineRow key={l.lineId} l={l} />}
        />
        {next ? (
          <View className='stl-more'><AppButton variant='secondary' size='sm' loading={loadingMore} onClick={loadMore}>加载更多</AppButton></View>
        ) : lines.length > PAGE_SIZE ? <Text className='stl-end'>已全部加载</Text> : null}
      </Section>
    </View>
  );
}
