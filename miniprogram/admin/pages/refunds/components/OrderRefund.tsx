/**
 * 查单退款: an admin finds one order by the order number a neighbour reads out (or its id, as the lists show
 * "订单 12"), sees its lines, what was paid and refunded and what may still be refunded, and refunds it in full
 * or in part with a reason. The amount is typed in yuan and sent as integer fen; each opening of the form has
 * its own Idempotency-Key, so a double tap or a retry after a lost answer refunds once. The refund goes through
 * the server's refund flow: recorded, then sent to the payment provider (the result says whether it has
 * arrived; a refusal shows up with its reason in the 退款 tab).
 */
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { useCallback, useRef, useState } from 'react';
import type { AdminOrderDTO, AdminOrderRefundResultDTO, AdminRefundDTO } from '@shared/types/admin-ops';
import type { RefundStatus } from '@shared/types/statuses';
import { normalizeOrderQuery, parseOrderQuery } from '@shared/order-query';
import { Card } from '../../../../components/Card';
import { Section } from '../../../../components/Section';
import { RowCard } from '../../../../components/RowCard';
import { Tag } from '../../../../components/Tag';
import { AppButton } from '../../../../components/AppButton';
import { FormField } from '../../../../components/FormField';
import { ReasonSheet } from '../../../../components/ReasonSheet';
import { StateView } from '../../../../components/StateView';
import { useRemote } from '../../../../hooks/useRemote';
import { usePullRefresh } from '../../../../hooks/usePullRefresh';
import { useReloadOnChange } from '../../../../hooks/useReloadOnChange';
import { findOrders, refundOrder } from '../../../../services/admin.api';
import { userMessage } from '../../../../services/api-error';
import { formatDateTime, formatMoney } from '../../../../utils/format';
import { ORDER_STATUS_LABEL, REFUND_REASON_LABEL } from '../../../../utils/labels';
import { statusTone } from '../../../../utils/order-text';
import { newAttemptId, refundKey } from '../../../../utils/idempotency';
import { checkRefundAmount, fullAmountText } from '../refund-amount';

export const REFUND_TAG: Record<RefundStatus, { text: string; tone: 'green' | 'orange' | 'grey' }> = {
  failed: { text: '渠道拒绝', tone: 'orange' }, pending: { text: '待提交', tone: 'grey' }, processing: { text: '处理中', tone: 'grey' }, succeeded: { text: '已到账', tone: 'green' },
};

/** Why a refund is stuck, in the admin's words: the provider's own reason as the server stored it. */
export function refusalLine(r: Pick<AdminRefundDTO, 'status' | 'lastError'>): string | null {
  if (!r.lastError) return null;
  return r.status === 'failed' ? `拒绝原因：${r.lastError}` : `上次失败：${r.lastError}`;
}

const QUERY_HELP = '请输入订单号（如 L2608…）或订单 ID（数字）';

/** What makes an order not refundable here, or null when it is. */
function notRefundable(o: AdminOrderDTO): string | null {
  if (o.refundableFen > 0) return null;
  if (o.paidFen > 0 && o.refundedFen >= o.paidFen) return '该订单已全部退款';
  return `订单${ORDER_STATUS_LABEL[o.status]}，不能退款`;
}

function OrderCard({ o, onRefund }: { o: AdminOrderDTO; onRefund: () => void }) {
  const blocked = notRefundable(o);
  return (
    <Card className='or-order' title={o.campaignTitle} extra={<Tag tone={statusTone(o.status)}>{ORDER_STATUS_LABEL[o.status]}</Tag>}>
      <View id={`order-${o.id}`}>
        <Text className='or-meta'>订单号 {o.orderNo} · ID {o.id}</Text>
        <Text className='or-meta'>{o.neighbourName || '邻居'} · {o.pickupPoint.name}</Text>
        {o.paidAt ? <Text className='or-meta'>{formatDateTime(o.paidAt)} 付款</Text> : null}
        <View className='or-lines'>
          {o.items.map((i) => (
            <View key={i.id} className='or-line'>
              <View className='or-line__main'>
                <Text className='or-line__title'>{i.title}</Text>
                <Text className='or-line__price'>{formatMoney(i.finalUnitPriceFen ?? i.unitPriceFen)} × {i.quantity}</Text>
              </View>
              {i.refundedFen > 0 ? (
                <Text className='or-line__refunded'>已退 {formatMoney(i.refundedFen)}{i.refundedQuantity ? ` · ${i.refundedQuantity} 件` : ''}</Text>
              ) : null}
            </View>
          ))}
        </View>
        <View className='or-sums'>
          <View className='or-sum'><Text className='or-sum__label'>实付</Text><Text className='or-sum__value' id='order-paid'>{formatMoney(o.paidFen)}</Text></View>
          <View className='or-sum'><Text className='or-sum__label'>已退</Text><Text className='or-sum__value' id='order-refunded'>{formatMoney(o.refundedFen)}</Text></View>
          <View className='or-sum or-sum--left'><Text className='or-sum__label'>可退</Text><Text className='or-sum__value' id='order-refundable'>{formatMoney(o.refundableFen)}</Text></View>
        </View>
        {blocked ? <Text className='or-blocked'>{blocked}</Text> : <AppButton block variant='danger' onClick={onRefund}>退款</AppButton>}
      </View>
    </Card>
  );
}

/** The refund just asked for, as it stands now (`refund`: from the order as last read, which may be newer). */
function ResultCard({ r, refund, onNext }: { r: AdminOrderRefundResultDTO; refund: AdminRefundDTO; onNext: () => void }) {
  const arrived = refund.status === 'succeeded';
  return (
    <View className={`or-result or-result--${refund.status}`} id='refund-result' role='status'>
      <Text className='or-result__title'>{r.replayed ? '这笔退款已提交过，未重复退款' : arrived ? '退款已到账' : '退款已提交'}</Text>
      <Text className='or-result__amount'>{formatMoney(refund.amountFen)}</Text>
      <Text className='or-result__note'>
        {arrived ? '已原路退回邻居的付款账户' : refund.status === 'failed' ? `支付渠道拒绝了这笔退款${refund.lastError ? `（${refund.lastError}）` : ''}，可在「退款」中重试` : '正在退回邻居的付款账户，到账后会通知邻居'}
      </Text>
      <View className='or-result__next'><AppButton size='sm' variant='secondary' onClick={onNext}>再查一单</AppButton></View>
    </View>
  );
}

export function OrderRefund({ initialQuery, onRefunded }: { initialQuery: string; onRefunded: () => void }) {
  const [text, setText] = useState(() => (parseOrderQuery(initialQuery) ? normalizeOrderQuery(initialQuery) : initialQuery));
  const [searched, setSearched] = useState<string | null>(() => (parseOrderQuery(initialQuery) ? normalizeOrderQuery(initialQuery) : null));
  const [queryError, setQueryError] = useState<string | null>(null);
  const load = useCallback(() => findOrders(searched ?? ''), [searched]);
  const list = useRemote(load, { enabled: searched !== null, isEmpty: (l) => l.length === 0 });
  usePullRefresh(list.reload);
  useReloadOnChange(list.reload, [searched]);

  const [target, setTarget] = useState<AdminOrderDTO | null>(null);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AdminOrderRefundResultDTO | null>(null);
  // One refund attempt per opening of the form: a second tap (or a retry) sends the same key and body.
  const attempt = useRef(newAttemptId());

  const search = () => {
    const q = parseOrderQuery(text);
    if (!q) { setQueryError(text.trim() ? QUERY_HELP : '请输入订单号或订单 ID'); return; }
    setQueryError(null);
    setResult(null);
    const normal = normalizeOrderQuery(text);
    setText(normal);
    if (normal === searched) void list.reload();
    else setSearched(normal);
  };

  const open = (o: AdminOrderDTO) => {
    attempt.current = newAttemptId();
    setAmount(fullAmountText(o.refundableFen));
    setReason('');
    setTarget(o);
  };

  const check = target ? checkRefundAmount(amount, target.refundableFen) : null;

  const confirm = async () => {
    if (!target || !check || check.fen === null || busy) return;
    const body = { amountFen: check.fen, reason: reason.trim() };
    setBusy(true);
    try {
      const done = await refundOrder(target.id, body, refundKey(attempt.current, { orderId: target.id, ...body }));
      setResult(done);
      setTarget(null);
      onRefunded();
      void list.reload();
    } catch (err) {
      void Taro.showToast({ title: userMessage(err), icon: 'none', duration: 3000 });
      void list.reload(); // what is refundable may have changed meanwhile
    } finally {
      setBusy(false);
    }
  };

  let body;
  if (searched === null) {
    body = <StateView kind='empty' title='按订单号查找订单' description='订单号在邻居的订单详情里；也可输入列表中的订单 ID' />;
  } else if (list.status === 'loading') {
    body = <StateView kind='loading' rows={1} />;
  } else if (list.status === 'error') {
    body = <StateView kind='error' message={list.error.message} onRetry={list.reload} />;
  } else if (list.status === 'empty') {
    body = <StateView kind='empty' title={`没有找到订单「${searched}」`} description='请核对订单号后再查' actionText='重新查询' onAction={list.reload} />;
  } else {
    body = list.data.map((o) => (
      <View key={o.id}>
        {result && result.id === o.id ? (
          <ResultCard r={result} refund={o.refunds.find((x) => x.id === result.refund.id) ?? result.refund} onNext={() => { setResult(null); setText(''); setSearched(null); }} />
        ) : null}
        <OrderCard o={o} onRefund={() => open(o)} />
        {o.refunds.length ? (
          <Section title='退款记录'>
            {[...o.refunds].reverse().map((r) => (
              <RowCard key={r.id} id={`order-refund-${r.id}`} title={REFUND_REASON_LABEL[r.reasonKind]} tag={REFUND_TAG[r.status]} amount={formatMoney(r.amountFen)}
                lines={[r.reason, refusalLine(r), `${formatDateTime(r.createdAt)} 发起${r.succeededAt ? ` · ${formatDateTime(r.succeededAt)} 到账` : ''}`]} />
            ))}
          </Section>
        ) : null}
      </View>
    ));
  }

  return (
    <View className={`order-refund order-refund--${searched === null ? 'idle' : list.status}`}>
      <View className='or-search'>
        <Input id='order-query' className={`or-search__input${queryError ? ' or-search__input--bad' : ''}`} value={text} maxlength={40}
          placeholder='订单号或订单 ID' confirmType='search'
          onInput={(e) => { setText(e.detail.value); if (queryError) setQueryError(null); }} onConfirm={search} />
        <AppButton size='sm' onClick={search}>查询</AppButton>
      </View>
      {queryError ? <Text className='or-search__error' id='order-query-error'>{queryError}</Text> : null}
      {body}

      <ReasonSheet
        title='退款'
        open={target !== null}
        onClose={() => setTarget(null)}
        value={reason}
        onInput={setReason}
        onConfirm={confirm}
        note={target ? `订单 ${target.orderNo}（${target.neighbourName || '邻居'}）最多可退 ${formatMoney(target.refundableFen)}，原路退回邻居的付款账户。` : undefined}
        placeholder='退款原因，如：桃子压坏了一个'
        confirmText={check?.fen ? `确认退款 ${formatMoney(check.fen)}` : '确认退款'}
        danger
        busy={busy}
        minLength={2}
        inputId='refund-reason'
        confirmDisabled={!check || check.fen === null}
      >
        {target ? (
          <View className='or-amount'>
            <FormField id='refund-amount' label='退款金额' type='digit' unit='元' value={amount} onInput={setAmount} placeholder='如 12.5' error={check?.error} />
            {amount !== fullAmountText(target.refundableFen) ? (
              <Text className='or-amount__all' onClick={() => setAmount(fullAmountText(target.refundableFen))}>全部退款 {formatMoney(target.refundableFen)}</Text>
            ) : null}
          </View>
        ) : null}
      </ReasonSheet>
    </View>
  );
}
