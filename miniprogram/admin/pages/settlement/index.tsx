/**
 * 佣金结算 (sub-package "admin"): the commission rule in force (a new version from now on, entered in % and yuan,
 * sent as basis points and fen), settlement now (the answer says whether a new run was made or this cycle had run
 * already — a rerun changes nothing), the runs, and statements by state with their totals; a statement opens on
 * its own page. On the web the lists can be saved as CSV.
 */
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useRef, useState } from 'react';
import type { StatementStatus } from '@shared/types/statuses';
import type { StatementDTO } from '@shared/types/commission';
import type { SettlementRunResultDTO } from '@shared/types/admin-ops';
import { formatFen } from '@shared/money';
import { Card } from '../../../components/Card';
import { Chips } from '../../../components/Chips';
import { Section } from '../../../components/Section';
import { RemoteList } from '../../../components/RemoteList';
import { StateView } from '../../../components/StateView';
import { RowCard } from '../../../components/RowCard';
import { AppButton } from '../../../components/AppButton';
import { Sheet } from '../../../components/Sheet';
import { FormField } from '../../../components/FormField';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import { useReloadOnChange } from '../../../hooks/useReloadOnChange';
import {
  CAN_DOWNLOAD_CSV, createCommissionRule, csvPaths, downloadCsv, listCommissionRules, listSettlementRuns, listStatements, runSettlementNow,
} from '../../../services/admin.api';
import { userMessage } from '../../../services/api-error';
import { formatDateTime, formatMoney } from '../../../utils/format';
import { openPage } from '../../../utils/nav';
import { BENEFICIARY_LABEL, STATEMENT_TAG, bpsText } from './labels';
import { bpsToPercentText, percentToBps, yuanToFen } from '../../../utils/amount-input';
import './index.scss';

const PAGE_SIZE = 50;
const STATUS_FILTERS: Array<{ key: StatementStatus; label: string }> = [
  { key: 'draft', label: '待审批' }, { key: 'approved', label: '待付款' }, { key: 'paid', label: '已付款' }, { key: 'carried', label: '已结转' },
];

/** Errors stay longer than confirmations: they are read, not glanced at. */
function toast(title: string, error = false) { void Taro.showToast({ title, icon: 'none', duration: error ? 3000 : 1500 }); }

async function saveCsv(path: string, name: string) {
  try { await downloadCsv(path, name); } catch (err) { toast(userMessage(err), true); }
}

/** The rule in force and a form for the next version. */
function RulesCard() {
  const load = useCallback(() => listCommissionRules(), []);
  const rules = useRemote(load);
  const [editing, setEditing] = useState(false);
  const [pct, setPct] = useState('');
  const [fee, setFee] = useState('');
  const [busy, setBusy] = useState(false);
  const inForce = rules.status === 'ready' ? rules.data.find((r) => r.inForce) ?? null : null;

  const parsedBps = percentToBps(pct);
  const bps = typeof parsedBps === 'number' ? parsedBps : null;
  const feeFen = fee.trim() ? yuanToFen(fee) : null;
  const pctError = pct.trim() && (bps === null || bps > 5000) ? '请输入 0–50 之间的百分比，最多两位小数' : null;
  const feeError = fee.trim() && (feeFen === null || feeFen > 100_000) ? '请输入金额（元），最多两位小数，不超过 1000' : null;
  const ready = bps !== null && bps <= 5000 && feeFen !== null && feeFen <= 100_000;

  const open = () => {
    setPct(inForce ? bpsToPercentText(inForce.leaderBps) : '');
    setFee(inForce ? formatFen(inForce.pickupFeeFen, '') : '');
    setEditing(true);
  };
  const save = async () => {
    if (!ready || bps === null || feeFen === null || busy) return;
    setBusy(true);
    try {
      const { version } = await createCommissionRule(bps, feeFen);
      toast(`已发布第 ${version} 版规则，新付款的订单按新规则计算`);
      setEditing(false);
      await rules.reload();
    } catch (err) {
      toast(userMessage(err), true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title='佣金规则' extra={<Text className='st-link' id='rule-new' onClick={open}>发布新版本</Text>}>
      {rules.status === 'loading' ? <StateView kind='loading' rows={1} /> : null}
      {rules.status === 'error' ? <StateView kind='error' message={rules.error.message} onRetry={rules.reload} /> : null}
      {rules.status === 'ready' ? (
        inForce ? (
          <View className='st-rule' id='rule-in-force'>
            <View className='st-rule__fig'><Text className='st-rule__n'>{bpsText(inForce.leaderBps)}</Text><Text className='st-rule__k'>团长佣金（按商品金额）</Text></View>
            <View className='st-rule__fig'><Text className='st-rule__n'>{formatMoney(inForce.pickupFeeFen)}</Text><Text className='st-rule__k'>自提点每单费用</Text></View>
          </View>
        ) : <Text className='st-muted'>还没有生效的规则版本，按系统默认计算</Text>
      ) : null}
      {inForce ? <Text className='st-muted'>第 {inForce.version} 版 · {formatDateTime(inForce.effectiveFrom)} 起生效 · 已付款订单保持下单时的版本</Text> : null}

      <Sheet title='发布新的佣金规则' open={editing} onClose={() => setEditing(false)} id='rule-sheet'>
        <Text className='st-sheet-note'>新规则从现在起对新付款的订单生效；商品或活动单独设置的佣金比例优先。</Text>
        <FormField id='rule-bps' label='团长佣金' type='digit' unit='%' value={pct} onInput={setPct} placeholder='如 8 或 8.5' error={pctError} />
        <FormField id='rule-fee' label='自提点费用' type='digit' unit='元/单' value={fee} onInput={setFee} placeholder='如 1.5' error={feeError} />
        <AppButton block loading={busy} disabled={!ready} onClick={save}>发布</AppButton>
      </Sheet>
    </Card>
  );
}

/** Run now, the last result, and the runs. */
function RunsCard({ onRan }: { onRan: () => void }) {
  const load = useCallback(() => listSettlementRuns(10), []);
  const runs = useRemote(load, { isEmpty: (r) => r.length === 0 });
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<SettlementRunResultDTO | null>(null);
  const run = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const r = await runSettlementNow();
      setLast(r);
      await runs.reload();
      onRan();
    } catch (err) {
      toast(userMessage(err), true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title='结算批次' extra={<AppButton size='sm' loading={busy} onClick={run}>立即结算</AppButton>}>
      {last ? (
        <View className={`st-result${last.created ? '' : ' st-result--same'}`} id='run-result'>
          <Text className='st-result__title'>{last.created ? `已生成结算批次 ${last.cycleKey}` : `本周期 ${last.cycleKey} 已结算过`}</Text>
          <Text className='st-result__note'>
            {last.created ? `${last.statementCount} 张结算单 · ${last.entryCount} 条分录 · 截至 ${formatDateTime(last.cutoffAt)}` : '重复结算不会改变任何数据；新完成的订单会进入下个周期'}
          </Text>
        </View>
      ) : <Text className='st-muted'>每周自动结算一次；这里可以立即结算本周期已完成订单的佣金。</Text>}
      <RemoteList
        status={runs.status}
        items={runs.status === 'ready' ? runs.data : undefined}
        errorMessage={runs.status === 'error' ? runs.error.message : undefined}
        onRetry={runs.reload}
        empty={{ title: '还没有结算过', description: '订单完成、退货期结束后才会进入结算' }}
        renderItem={(r) => (
          <View key={r.id} className='st-run' id={`run-${r.id}`}>
            <View className='st-run__main'>
              <Text className='st-run__title'>{r.cycleKey}</Text>
              <Text className='st-run__note'>{r.statementCount} 张结算单 · {r.entryCount} 条分录 · {formatDateTime(r.startedAt)} · {r.triggeredBy.startsWith('user:') ? '手动' : '定时'}</Text>
            </View>
            {CAN_DOWNLOAD_CSV ? <Text className='st-link' onClick={() => saveCsv(csvPaths.runStatements(r.id), `statements-run-${r.id}.csv`)}>导出</Text> : null}
          </View>
        )}
      />
    </Card>
  );
}

export default function AdminSettlementPage() {
  const session = useRoleGuard('admin');
  const asked = useRouter().params.status;
  const [status, setStatus] = useState<StatementStatus>(STATUS_FILTERS.some((f) => f.key === asked) ? (asked as StatementStatus) : 'draft');
  const load = useCallback(() => listStatements({ status, limit: PAGE_SIZE }), [status]);
  const list = useRemote(load, { enabled: session !== null, isEmpty: (l) => l.length === 0 });
  const [more, setMore] = useState<{ status: StatementStatus; items: StatementDTO[]; done: boolean } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [runsKey, setRunsKey] = useState(0);
  const reload = useCallback(async () => { setMore(null); await list.reload(); }, [list.reload]);
  usePullRefresh(async () => { setRunsKey((k) => k + 1); await reload(); });
  useReloadOnChange(reload, [status]);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void reload(); // back from a statement: approved, paid
    shown.current = true;
  });

  if (!session) return null;
  const first = list.status === 'ready' ? list.data : [];
  const extra = more && more.status === status ? more : null;
  const items = [...first, ...(extra?.items ?? [])];
  const maybeMore = list.status === 'ready' && first.length === PAGE_SIZE && !extra?.done;
  const loadMore = async () => {
    if (loadingMore || items.length === 0) return;
    setLoadingMore(true);
    try {
      const page = await listStatements({ status, limit: PAGE_SIZE, before: items[items.length - 1].id });
      setMore({ status, items: [...(extra?.items ?? []), ...page], done: page.length < PAGE_SIZE });
    } catch (err) {
      toast(userMessage(err), true);
    } finally {
      setLoadingMore(false);
    }
  };
  const total = items.reduce((s, x) => s + x.totalFen, 0);

  return (
    <View className='page admin-settlement'>
      <RulesCard />
      <RunsCard key={runsKey} onRan={reload} />
      <Section title='结算单' extra={CAN_DOWNLOAD_CSV ? <Text className='st-link' id='statements-csv' onClick={() => saveCsv(csvPaths.statements(status), 'statements.csv')}>导出CSV</Text> : undefined}>
        <Chips idPrefix='statement-status' options={STATUS_FILTERS} value={status} onChange={(s) => { setMore(null); setStatus(s); }} />
        {list.status === 'ready' ? <Text className='st-sum' id='statements-sum'>共 {items.length}{maybeMore ? '+' : ''} 张 · 合计 {formatMoney(total)}</Text> : null}
        <RemoteList
          status={list.status}
          items={list.status === 'ready' ? items : undefined}
          errorMessage={list.status === 'error' ? list.error.message : undefined}
          onRetry={list.reload}
          empty={{ title: `没有${STATUS_FILTERS.find((f) => f.key === status)?.label}的结算单`, description: status === 'draft' ? '结算后每位收款方一张结算单，审批后付款' : undefined }}
          renderItem={(s) => (
            <RowCard key={s.id} id={`statement-${s.id}`} onClick={() => openPage('adminStatement', { id: s.id })}
              title={`${BENEFICIARY_LABEL[s.beneficiaryKind]} · ${s.beneficiaryName || s.beneficiaryId}`}
              tag={STATEMENT_TAG[s.status]} amount={formatMoney(s.totalFen)}
              lines={[
                `周期 ${s.cycleKey} · ${s.lineCount} 笔明细${s.carriedInFen ? ` · 结转 ${formatMoney(s.carriedInFen)}` : ''}`,
                s.status === 'draft' && s.totalFen <= 0 ? '金额不为正，将结转到下期' : null,
                s.paidAt ? `付款于 ${formatDateTime(s.paidAt)}${s.payoutRef ? ` · 凭证 ${s.payoutRef}` : ''}` : null,
              ]} />
          )}
        />
        {maybeMore ? <View className='st-more'><AppButton size='sm' variant='secondary' loading={loadingMore} onClick={loadMore}>加载更多</AppButton></View> : null}
      </Section>
    </View>
  );
}
