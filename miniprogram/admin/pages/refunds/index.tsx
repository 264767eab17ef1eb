/**
 * 退款与售后 (sub-package "admin"), in four tabs:
 * - 退款: refunds by state; one the payment provider refused says why (the provider's reason as the server
 *   stored it) and is sent again on request (or stuck pending); a row opens its order;
 * - 售后: after-sales requests still open, on any campaign — approve (the refund goes back) or reject, with a note
 *   the neighbour sees;
 * - 未取货: orders whose pickup window is over and that nobody collected (or that never arrived), with whose they
 *   are and where they wait: refund what is left, or hold the goods for the neighbour three more days;
 * - 查单退款: find one order by its order number or id and refund it in full or in part (components/OrderRefund).
 * Deep links: `?tab=refunds&status=failed`, `?tab=order&q=<order number or id>`.
 */
import Taro, { useRouter } from '@tarojs/taro';
import { Image, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { RefundStatus } from '@shared/types/statuses';
import type { AfterSaleDTO } from '@shared/types/order';
import type { AdminRefundDTO, UncollectedOrderDTO } from '@shared/types/admin-ops';
import { Chips } from '../../../components/Chips';
import { Segmented } from '../../../components/Segmented';
import { RemoteList, remoteListProps } from '../../../components/RemoteList';
import { RowCard } from '../../../components/RowCard';
import { AppButton } from '../../../components/AppButton';
import { Sheet } from '../../../components/Sheet';
import { ReasonSheet } from '../../../components/ReasonSheet';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import { useReloadOnChange } from '../../../hooks/useReloadOnChange';
import { decideAfterSaleAsAdmin, decideUncollected, listOpenAfterSalesForAdmin, listRefunds, listUncollected, retryRefund } from '../../../services/admin.api';
import { userMessage } from '../../../services/api-error';
import { assetUrl } from '../../../services/assets';
import { formatDateTime, formatMoney } from '../../../utils/format';
import { REFUND_REASON_LABEL } from '../../../utils/labels';
import { OrderRefund, REFUND_TAG, refusalLine } from './components/OrderRefund';
import './index.scss';

/** WeChat hands query values over still encoded; h5 decodes them. */
function decodedParam(v: string | undefined): string {
  try { return decodeURIComponent(v ?? ''); } catch { return v ?? ''; }
}

type Tab = 'refunds' | 'after-sales' | 'uncollected' | 'order';
const TABS: Array<{ key: Tab; label: string }> = [
  { key: 'refunds', label: '退款' }, { key: 'after-sales', label: '售后申请' }, { key: 'uncollected', label: '未取货' }, { key: 'order', label: '查单退款' },
];

const REFUND_FILTERS: Array<{ key: RefundStatus; label: string }> = [
  { key: 'failed', label: '渠道拒绝' }, { key: 'pending', label: '待提交' }, { key: 'processing', label: '处理中' }, { key: 'succeeded', label: '已到账' },
];

/** What the admin is deciding in the reason sheet. */
type Deciding =
  | { kind: 'after-sale'; a: AfterSaleDTO; approve: boolean }
  | { kind: 'uncollected'; o: UncollectedOrderDTO; decision: 'refund' | 'hold' };

function RefundList({ status, onChange, onOpenOrder }: { status: RefundStatus; onChange: (s: RefundStatus) => void; onOpenOrder: (orderId: number) => void }) {
  const load = useCallback(() => listRefunds(status), [status]);
  const list = useRemote(load, { isEmpty: (l) => l.length === 0 });
  usePullRefresh(list.reload);
  useReloadOnChange(list.reload, [status]);
  const [busy, setBusy] = useState<number | null>(null);
  const retry = async (r: AdminRefundDTO) => {
    if (busy) return;
    setBusy(r.id);
    try {
      const after = await retryRefund(r.id);
      void Taro.showToast({ title: after.status === 'succeeded' ? '退款已到账' : '已重新提交退款', icon: 'none' });
      await list.reload();
    } catch (err) {
      void Taro.showToast({ title: userMessage(err), icon: 'none', duration: 3000 });
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <Chips idPrefix='refund-status' options={REFUND_FILTERS} value={status} onChange={onChange} />
      <RemoteList
        {...remoteListProps(list)}
        empty={{ title: status === 'failed' ? '没有被拒绝的退款' : `没有${REFUND_TAG[status].text}的退款`, description: status === 'failed' ? '支付渠道拒绝的退款会出现在这里，可重试' : undefined }}
        renderItem={(r) => (
          <RowCard key={r.id} id={`refund-${r.id}`} title={`订单 ${r.orderId} · ${REFUND_REASON_LABEL[r.reasonKind]}`} tag={REFUND_TAG[r.status]} amount={formatMoney(r.amountFen)}
            onClick={() => onOpenOrder(r.orderId)}
            lines={[
              r.reason,
              refusalLine(r),
              `退款单 ${r.outRefundNo} · 已提交 ${r.attempts} 次`,
              `发起于 ${formatDateTime(r.createdAt)}`,
              r.succeededAt ? `到账于 ${formatDateTime(r.succeededAt)}` : null,
            ]}
            actions={r.status === 'failed' || r.status === 'pending'
              ? <AppButton size='sm' loading={busy === r.id} onClick={() => retry(r)}>重试退款</AppButton> : undefined} />
        )}
      />
    </>
  );
}

function AfterSaleList({ onDecide, version, onPreview }: { onDecide: (a: AfterSaleDTO, approve: boolean) => void; version: number; onPreview: (src: string) => void }) {
  const load = useCallback(() => listOpenAfterSalesForAdmin(), []);
  const list = useRemote(load, { isEmpty: (l) => l.length === 0 });
  usePullRefresh(list.reload);
  useReloadOnChange(list.reload, [version]); // after a decision
  return (
    <RemoteList
      {...remoteListProps(list)}
      empty={{ title: '没有待处理的售后', description: '邻居的售后申请，团长未处理时平台可直接裁决' }}
      renderItem={(a) => (
        <RowCard key={a.id} id={`after-sale-${a.id}`} title={`${a.kind === 'full' ? '整单退款' : '部分退款'} · 订单 ${a.orderId}`} amount={formatMoney(a.amountFen)}
          lines={[a.reason, `${formatDateTime(a.createdAt)} 提交`]}
          actions={(
            <>
              <AppButton size='sm' variant='ghost' onClick={() => onDecide(a, false)}>拒绝</AppButton>
              <AppButton size='sm' onClick={() => onDecide(a, true)}>同意退款</AppButton>
            </>
          )}>
          {a.photos.length ? (
            <View className='ar-photos'>
              {a.photos.map((p) => {
                const src = assetUrl(p) ?? p;
                return <Image key={p} className='ar-photo' src={src} mode='aspectFill' onClick={(e) => { e.stopPropagation(); onPreview(src); }} />;
              })}
            </View>
          ) : null}
        </RowCard>
      )}
    />
  );
}

function UncollectedList({ onDecide, version }: { onDecide: (o: UncollectedOrderDTO, d: 'refund' | 'hold') => void; version: number }) {
  const load = useCallback(() => listUncollected(), []);
  const list = useRemote(load, { isEmpty: (l) => l.length === 0 });
  usePullRefresh(list.reload);
  useReloadOnChange(list.reload, [version]); // after a decision
  return (
    <RemoteList
      {...remoteListProps(list)}
      empty={{ title: '没有未取货的订单', description: '自提期结束仍未取走的订单会出现在这里' }}
      renderItem={(o) => (
        <RowCard key={o.orderId} id={`uncollected-${o.orderId}`} title={o.campaignTitle}
          tag={o.status === 'shipped' ? { text: '未到店', tone: 'orange' } : { text: '待取货', tone: 'grey' }}
          amount={formatMoney(o.paidFen - o.refundedFen)}
          lines={[
            `${o.neighbourName || '邻居'} · ${o.pickupPointName}`,
            `订单号 ${o.orderNo}`,
            `自提截止 ${formatDateTime(o.pickupEndsAt)}`,
            o.heldUntil ? `曾暂留至 ${formatDateTime(o.heldUntil)}` : null,
          ]}
          actions={(
            <>
              <AppButton size='sm' variant='ghost' onClick={() => onDecide(o, 'hold')}>暂留3天</AppButton>
              <AppButton size='sm' onClick={() => onDecide(o, 'refund')}>退款</AppButton>
            </>
          )} />
      )}
    />
  );
}

const SHEET_TEXT = (d: Deciding): { title: string; note: string; confirm: string; placeholder: string; danger: boolean; min: number } => {
  if (d.kind === 'after-sale') {
    return d.approve
      ? { title: '同意退款', note: `将退回 ${formatMoney(d.a.amountFen)} 给邻居。`, confirm: '确认退款', placeholder: '处理说明（邻居会看到）', danger: false, min: 1 }
      : { title: '拒绝售后', note: '请说明拒绝原因，邻居会看到。', confirm: '确认拒绝', placeholder: '拒绝原因', danger: true, min: 1 };
  }
  const left = formatMoney(d.o.paidFen - d.o.refundedFen);
  return d.decision === 'refund'
    ? { title: '退款', note: `将退回剩余的 ${left}（${d.o.status === 'shipped' ? '货未到店' : '未取货'}），订单结束。`, confirm: '确认退款', placeholder: '退款原因', danger: true, min: 2 }
    : { title: '暂留 3 天', note: '货品为邻居再保留 3 天并提醒取货；到期仍未取，订单会回到这里。', confirm: '确认暂留', placeholder: '暂留原因，如：邻居出差，已电话联系', danger: false, min: 2 };
};

export default function AdminRefundsPage() {
  const session = useRoleGuard('admin');
  const params = useRouter().params;
  const [tab, setTab] = useState<Tab>(TABS.some((t) => t.key === params.tab) ? (params.tab as Tab) : 'refunds');
  // The order the 查单退款 tab opens with: from the link (`q`), or a refund row tapped in the 退款 tab.
  const [orderQuery, setOrderQuery] = useState(() => decodedParam(params.q));
  const [refundStatus, setRefundStatus] = useState<RefundStatus>(REFUND_FILTERS.some((f) => f.key === params.status) ? (params.status as RefundStatus) : 'failed');
  const [deciding, setDeciding] = useState<Deciding | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  // A picture shown large (not Taro.previewImage: on the web it pulls in a 220 KB swiper).
  const [preview, setPreview] = useState<string | null>(null);

  if (!session) return null;

  const confirm = async () => {
    if (!deciding || busy) return;
    setBusy(true);
    try {
      if (deciding.kind === 'after-sale') {
        await decideAfterSaleAsAdmin(deciding.a.id, deciding.approve, note.trim());
        void Taro.showToast({ title: deciding.approve ? '已同意，退款处理中' : '已拒绝', icon: 'none' });
      } else {
        await decideUncollected(deciding.o.orderId, { decision: deciding.decision, reason: note.trim() });
        void Taro.showToast({ title: deciding.decision === 'refund' ? '已退款' : '已暂留 3 天', icon: 'none' });
      }
      setDeciding(null);
      setVersion((v) => v + 1);
    } catch (err) {
      void Taro.showToast({ title: userMessage(err), icon: 'none', duration: 3000 });
    } finally {
      setBusy(false);
    }
  };
  const text = deciding ? SHEET_TEXT(deciding) : null;

  return (
    <View className={`page admin-refunds admin-refunds--${tab}`}>
      <Segmented options={TABS} value={tab} onChange={setTab} />
      {tab === 'refunds' ? <RefundList status={refundStatus} onChange={setRefundStatus} onOpenOrder={(id) => { setOrderQuery(String(id)); setTab('order'); }} /> : null}
      {tab === 'after-sales' ? <AfterSaleList version={version} onPreview={setPreview} onDecide={(a, approve) => { setNote(approve ? '核实属实，同意退款' : ''); setDeciding({ kind: 'after-sale', a, approve }); }} /> : null}
      {tab === 'uncollected' ? <UncollectedList version={version} onDecide={(o, decision) => { setNote(''); setDeciding({ kind: 'uncollected', o, decision }); }} /> : null}
      {tab === 'order' ? <OrderRefund key={orderQuery} initialQuery={orderQuery} onRefunded={() => setVersion((v) => v + 1)} /> : null}

      <ReasonSheet
        title={text?.title ?? ''}
        open={deciding !== null}
        onClose={() => setDeciding(null)}
        value={note}
        onInput={setNote}
        onConfirm={confirm}
        note={text?.note}
        placeholder={text?.placeholder}
        confirmText={text?.confirm}
        danger={text?.danger}
        minLength={text?.min}
        busy={busy}
        inputId='decision-note'
      />
      <Sheet title='照片' open={preview !== null} onClose={() => setPreview(null)}>
        {preview ? <Image className='ar-preview' src={preview} mode='widthFix' /> : null}
      </Sheet>
    </View>
  );
}
