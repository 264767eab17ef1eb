/**
 * 收益与对账单 (sub-package "leader"): my commission by state — earned so far (accrued at 成团, less refunds),
 * still waiting for the order to complete, released, on a statement, paid, still owed — and my statements,
 * newest first; a statement opens with its lines; then every entry, newest first. The figures are the server's, to the fen.
 */
import { Text, View } from '@tarojs/components';
import { useCallback } from 'react';
import type { StatementDTO } from '@shared/types/commission';
import { Card } from '../../../components/Card';
import { Cell } from '../../../components/Cell';
import { RemoteList } from '../../../components/RemoteList';
import { Section } from '../../../components/Section';
import { StateView } from '../../../components/StateView';
import { Tag } from '../../../components/Tag';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import { getMyEarnings } from '../../../services/earnings.api';
import { formatDateTime, formatMoney } from '../../../utils/format';
import { openPage } from '../../../utils/nav';
import { STATEMENT_STATUS_LABEL, statementTone } from './text';
import { EntryList } from './components/EntryList';
import './index.scss';

function Figure({ id, label, fen, note }: { id: string; label: string; fen: number; note: string }) {
  return (
    <View className='ern-fig'>
      <Text className={`ern-fig__value${fen < 0 ? ' ern-fig__value--neg' : ''}`} id={id}>{formatMoney(fen)}</Text>
      <Text className='ern-fig__label'>{label}</Text>
      <Text className='ern-fig__note'>{note}</Text>
    </View>
  );
}

function StatementRow({ s }: { s: StatementDTO }) {
  return (
    <Cell
      title={<View className='ern-st'><Text className='ern-st__title'>对账单 #{s.id}</Text><Tag tone={statementTone(s.status)}>{STATEMENT_STATUS_LABEL[s.status]}</Tag></View>}
      note={[`${formatDateTime(s.createdAt)} 生成 · ${s.lineCount} 笔`, s.paidAt ? `${formatDateTime(s.paidAt)} 已打款` : `周期 ${s.cycleKey}`]}
      value={<Text className={`ern-st__amount${s.totalFen < 0 ? ' ern-fig__value--neg' : ''}`} id={`statement-total-${s.id}`}>{formatMoney(s.totalFen)}</Text>}
      arrow
      onClick={() => openPage('leaderStatement', { id: s.id })}
    />
  );
}

export default function LeaderEarningsPage() {
  const session = useRoleGuard('leader');
  const load = useCallback(() => getMyEarnings(), []);
  const state = useRemote(load, { enabled: session !== null });
  usePullRefresh(state.reload);

  if (!session) return null;
  if (state.status === 'loading') return <View className='page earnings-page'><StateView kind='loading' rows={2} /></View>;
  if (state.status !== 'ready') {
    return <View className='page earnings-page'><StateView kind='error' message={state.status === 'error' ? state.error.message : '加载失败'} onRetry={state.reload} /></View>;
  }
  const e = state.data;
  return (
    <View className='page earnings-page'>
      <View className='ern-hero'>
        <Text className='ern-hero__label'>累计佣金</Text>
        <Text className='ern-hero__value' id='earnings-accrued'>{formatMoney(e.accruedFen)}</Text>
        <Text className='ern-hero__note'>成团时计入，退款时按比例冲减</Text>
        <View className='ern-hero__row'>
          <View className='ern-hero__cell'><Text className='ern-hero__n' id='earnings-owed'>{formatMoney(e.owedFen)}</Text><Text className='ern-hero__k'>待打款</Text></View>
          <View className='ern-hero__cell'><Text className='ern-hero__n' id='earnings-paid'>{formatMoney(e.paidFen)}</Text><Text className='ern-hero__k'>已打款</Text></View>
        </View>
      </View>

      <Card title='佣金去向'>
        <View className='ern-figs'>
          <Figure id='earnings-pending' label='待确认' fen={e.pendingFen} note='订单未完成（退货期内）' />
          <Figure id='earnings-released' label='已确认' fen={e.releasedFen} note='订单已完成，可结算' />
          <Figure id='earnings-settled' label='已入对账单' fen={e.settledFen} note='已确认中已结算的部分' />
        </View>
        {e.owedFen < 0 ? <Text className='ern-warn'>退款冲减多于已确认佣金，差额将从之后的收益中扣除</Text> : null}
        <Text className='ern-note'>平台每周结算一次，把已确认的佣金生成对账单，审核后打款。</Text>
      </Card>

      <Section title='对账单' extra={<Text>{e.statements.length} 张</Text>}>
        <RemoteList
          group
          status='ready'
          items={e.statements}
          onRetry={state.reload}
          empty={{ title: '还没有对账单', description: '订单完成后佣金才可结算，下一次结算时会生成对账单' }}
          renderItem={(s) => <StatementRow key={s.id} s={s} />}
        />
      </Section>

      <Section title='佣金明细'>
        <EntryList enabled={session !== null} version={state.data} />
      </Section>
    </View>
  );
}
