/**
 * 结算单 (sub-package "admin"): one beneficiary's statement — the total and how it is made up (this cycle's lines,
 * a balance carried in), its lines page by page, payouts and the audit trail — and the moves its state allows:
 * approve a draft (positive, and not more than is owed now), pay an approved one (offline with the payout
 * reference, or a WeChat transfer to a leader or store owner), void an approved one back to draft with a reason,
 * and ask WeChat about a transfer under way. The server decides; its refusals are shown as they are.
 */
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { StatementLineDTO } from '@shared/types/commission';
import { Card } from '../../../components/Card';
import { Tag } from '../../../components/Tag';
import { Chips } from '../../../components/Chips';
import { StateView } from '../../../components/StateView';
import { AppButton } from '../../../components/AppButton';
import { Sheet } from '../../../components/Sheet';
import { ReasonSheet } from '../../../components/ReasonSheet';
import { FormField } from '../../../components/FormField';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import {
  approveStatement, CAN_DOWNLOAD_CSV, csvPaths, downloadCsv, getStatement, listStatementLines, payStatement, refreshPayout, voidStatement,
} from '../../../services/admin.api';
import { userMessage } from '../../../services/api-error';
import { formatDateTime, formatMoney } from '../../../utils/format';
import { idParam, openPage } from '../../../utils/nav';
import { AUDIT_ACTION_LABEL, BENEFICIARY_LABEL, PAYOUT_METHOD_LABEL, PAYOUT_STATE_LABEL, STATEMENT_TAG } from '../settlement/labels';
import './index.scss';

const LINES_PAGE = 50;
const ENTRY_LABEL: Record<StatementLineDTO['entryType'], string> = { accrual: '佣金', reversal: '退款冲回', release: '释放' };

/** Errors stay longer than confirmations: they are read, not glanced at. */
function toast(title: string, error = false) { void Taro.showToast({ title, icon: 'none', duration: error ? 3000 : 1500 }); }

/** The statement's lines, 50 at a time. */
function Lines({ id, count }: { id: number; count: number }) {
  const load = useCallback(() => listStatementLines(id, 0, LINES_PAGE), [id]);
  const first = useRemote(load, { isEmpty: (p) => p.items.length === 0 });
  const [more, setMore] = useState<{ items: StatementLineDTO[]; next: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  if (first.status === 'loading') return <StateView kind='loading' rows={1} />;
  if (first.status === 'error') return <StateView kind='error' message={first.error.message} onRetry={first.reload} />;
  if (first.status === 'empty') return <Text className='sm-muted'>这张结算单没有明细（只有结转金额）</Text>;
  const items = [...first.data.items, ...(more?.items ?? [])];
  const next = more ? more.next : first.data.nextCursor;
  const loadMore = async () => {
    if (!next || busy) return;
    setBusy(true);
    try {
      const page = await listStatementLines(id, Number(next), LINES_PAGE);
      setMore({ items: [...(more?.items ?? []), ...page.items], next: page.nextCursor });
    } catch (err) {
      toast(userMessage(err), true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='sm-lines'>
      {items.map((l) => (
        <View key={l.lineId} className='sm-line'>
          <View className='sm-line__main'>
            <Text className='sm-line__title'>订单 {l.orderNo}</Text>
            <Text className='sm-line__note'>{ENTRY_LABEL[l.entryType]} · 团购 {l.campaignId} · {formatDateTime(l.postedAt)}</Text>
          </View>
          <Text className={`sm-line__amount${l.amountFen < 0 ? ' sm-line__amount--neg' : ''}`}>{formatMoney(l.amountFen)}</Text>
        </View>
      ))}
      <Text className='sm-muted'>已显示 {items.length} / {count} 笔</Text>
      {next ? <View className='sm-more'><AppButton size='sm' variant='secondary' loading={busy} onClick={loadMore}>加载更多</AppButton></View> : null}
    </View>
  );
}

export default function AdminStatementPage() {
  const session = useRoleGuard('admin');
  const id = idParam(useRouter().params.id);
  const load = useCallback(() => getStatement(id ?? 0), [id]);
  const state = useRemote(load, { enabled: session !== null && id !== null });
  usePullRefresh(state.reload);
  const [busy, setBusy] = useState<string | null>(null);
  const [sheet, setSheet] = useState<'pay' | 'void' | null>(null);
  const [method, setMethod] = useState<'manual' | 'wechat'>('manual');
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');

  if (!session) return null;
  if (id === null) return <View className='page'><StateView kind='empty' title='链接不完整' description='请从结算页进入' /></View>;
  if (state.status === 'loading') return <View className='page admin-statement'><StateView kind='loading' rows={2} /></View>;
  if (state.status !== 'ready') {
    return <View className='page admin-statement'><StateView kind='error' message={state.status === 'error' ? state.error.message : '加载失败'} onRetry={state.reload} /></View>;
  }
  const s = state.data;

  const act = async (key: string, run: () => Promise<unknown>, done: string) => {
    if (busy) return;
    setBusy(key);
    try {
      await run();
      toast(done);
      setSheet(null);
      await state.reload();
    } catch (err) {
      toast(userMessage(err), true);
    } finally {
      setBusy(null);
    }
  };
  const tag = STATEMENT_TAG[s.status];
  const pending = s.payouts.find((p) => p.state === 'pending');
  const wechatAllowed = s.beneficiaryKind === 'leader' || s.beneficiaryKind === 'pickup_point';
  const payReady = method === 'wechat' || reference.trim().length > 0;

  return (
    <View className={`page admin-statement admin-statement--${s.status}`}>
      <Card className='sm-head'>
        <View className='sm-head__line'>
          <Tag tone={tag.tone}>{tag.text}</Tag>
          <Text className='sm-head__kind'>{BENEFICIARY_LABEL[s.beneficiaryKind]} · 周期 {s.cycleKey}</Text>
        </View>
        <Text className='sm-head__name'>{s.beneficiaryName || `${BENEFICIARY_LABEL[s.beneficiaryKind]} ${s.beneficiaryId}`}</Text>
        <Text className='sm-head__total' id='statement-total'>{formatMoney(s.totalFen)}</Text>
        <View className='sm-head__parts'>
          <View className='sm-part'><Text className='sm-part__n'>{formatMoney(s.linesFen)}</Text><Text className='sm-part__k'>本期 {s.lineCount} 笔</Text></View>
          <View className='sm-part'><Text className='sm-part__n'>{formatMoney(s.carriedInFen)}</Text><Text className='sm-part__k'>上期结转</Text></View>
        </View>
        {s.approvedAt ? <Text className='sm-muted'>审批于 {formatDateTime(s.approvedAt)}</Text> : null}
        {s.paidAt ? <Text className='sm-muted' id='statement-paid'>付款于 {formatDateTime(s.paidAt)} · {PAYOUT_METHOD_LABEL[s.payoutMethod ?? ''] ?? s.payoutMethod} · 凭证 {s.payoutRef}</Text> : null}
        {s.status === 'carried' && s.carriedIntoId ? (
          <Text className='sm-link' onClick={() => openPage('adminStatement', { id: s.carriedIntoId })}>余额已结转到结算单 #{s.carriedIntoId} ›</Text>
        ) : null}
      </Card>

      {s.status === 'draft' || s.status === 'approved' || pending ? (
        <Card title='操作'>
          <View className='sm-actions'>
            {s.status === 'draft' ? (
              <AppButton size='sm' loading={busy === 'approve'} disabled={s.totalFen <= 0} onClick={() => act('approve', () => approveStatement(s.id), '已审批，可以付款')}>审批通过</AppButton>
            ) : null}
            {s.status === 'approved' && !pending ? (
              <>
                <AppButton size='sm' variant='ghost' onClick={() => { setReason(''); setSheet('void'); }}>作废</AppButton>
                <AppButton size='sm' onClick={() => { setMethod('manual'); setReference(''); setSheet('pay'); }}>付款</AppButton>
              </>
            ) : null}
            {pending ? <AppButton size='sm' variant='secondary' loading={busy === 'refresh'} onClick={() => act('refresh', () => refreshPayout(s.id), '已查询转账状态')}>刷新转账状态</AppButton> : null}
          </View>
          {s.status === 'draft' && s.totalFen <= 0 ? <Text className='sm-muted'>金额不为正，不能付款；下次结算时会结转到新的结算单。</Text> : null}
          {s.status === 'draft' && s.totalFen > 0 ? <Text className='sm-muted'>请核对明细后审批；审批后才能付款。</Text> : null}
          {pending ? <Text className='sm-muted'>微信转账进行中，等待收款人确认。</Text> : null}
        </Card>
      ) : null}

      {s.payouts.length ? (
        <Card title='付款记录'>
          {s.payouts.map((p) => (
            <View key={p.id} className='sm-payout'>
              <View className='sm-payout__main'>
                <Text className='sm-payout__title'>{PAYOUT_METHOD_LABEL[p.method] ?? p.method} · {PAYOUT_STATE_LABEL[p.state]}</Text>
                <Text className='sm-muted'>{p.providerRef ? `凭证 ${p.providerRef} · ` : ''}{formatDateTime(p.createdAt)}{p.lastError ? ` · ${p.lastError}` : ''}</Text>
              </View>
              <Text className='sm-payout__amount'>{formatMoney(p.amountFen)}</Text>
            </View>
          ))}
        </Card>
      ) : null}

      <Card title={`明细 · ${s.lineCount} 笔`} extra={CAN_DOWNLOAD_CSV && s.lineCount > 0 ? (
        <Text className='sm-link' id='lines-csv' onClick={() => { downloadCsv(csvPaths.statementLines(s.id), `statement-${s.id}-lines.csv`).catch((err) => toast(userMessage(err), true)); }}>导出CSV</Text>
      ) : undefined}>
        <Lines id={s.id} count={s.lineCount} />
      </Card>

      <Card title='操作记录'>
        {s.audit.length === 0 ? <Text className='sm-muted'>暂无</Text> : s.audit.map((a) => (
          <View key={a.id} className='sm-audit'>
            <Text className='sm-audit__what'>{AUDIT_ACTION_LABEL[a.action] ?? a.action}</Text>
            <Text className='sm-muted'>
              {formatDateTime(a.createdAt)}{a.actorUserId ? ` · 管理员 ${a.actorUserId}` : ''}
              {typeof a.details?.reason === 'string' ? ` · ${a.details.reason}` : ''}
              {typeof a.details?.reference === 'string' ? ` · 凭证 ${a.details.reference}` : ''}
            </Text>
          </View>
        ))}
      </Card>

      <Sheet title={`付款 ${formatMoney(s.totalFen)}`} open={sheet === 'pay'} onClose={() => setSheet(null)} id='pay-sheet'>
        <Chips idPrefix='pay-method' value={method} onChange={setMethod}
          options={[{ key: 'manual', label: '线下打款' }, { key: 'wechat', label: '微信转账', disabled: !wechatAllowed }]} />
        {method === 'manual' ? (
          <>
            <Text className='sm-sheet-note'>已通过银行或其他方式付给收款人后，填写付款凭证号，结算单记为已付款。</Text>
            <FormField id='pay-reference' label='凭证号' value={reference} onInput={setReference} placeholder='银行流水号等' maxLength={64} />
          </>
        ) : (
          <Text className='sm-sheet-note'>转到收款人的微信零钱，收款人确认后到账；单笔需小于 ¥2000.00。</Text>
        )}
        {!wechatAllowed ? <Text className='sm-sheet-note'>供应商和平台只能线下打款。</Text> : null}
        <AppButton block loading={busy === 'pay'} disabled={!payReady}
          onClick={() => act('pay', () => payStatement(s.id, method === 'manual' ? { method, reference: reference.trim() } : { method }), method === 'manual' ? '已记为已付款' : '已发起微信转账')}>
          {method === 'manual' ? '确认已付款' : '发起转账'}
        </AppButton>
      </Sheet>

      <ReasonSheet
        title='作废结算单'
        open={sheet === 'void'}
        onClose={() => setSheet(null)}
        value={reason}
        onInput={setReason}
        onConfirm={() => { if (reason.trim().length >= 2) void act('void', () => voidStatement(s.id, reason.trim()), '已作废，退回待审批'); }}
        note='作废后结算单退回待审批，可核对后重新审批。'
        placeholder='作废原因'
        confirmText='确认作废'
        danger
        busy={busy === 'void'}
        inputId='void-reason'
      />
    </View>
  );
}
