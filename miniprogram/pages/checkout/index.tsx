/**
 * Checkout: quantities per item (within what is left and the per-person limit), a pickup point (points without
 * cold storage are off for a basket with chilled or frozen goods), then join and pay at once. The join carries
 * one Idempotency-Key per attempt and basket, so a double tap or a retry after a lost answer never makes two
 * orders. Whatever happens at payment, the neighbour lands on the order, which can still be paid until it lapses.
 */
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { CampaignDetailDTO } from '@shared/types/campaign';
import type { JoinRequest } from '@shared/types/order';
import { StateView } from '../../components/StateView';
import { Card } from '../../components/Card';
import { StickyBar } from '../../components/StickyBar';
import { AppButton } from '../../components/AppButton';
import { PaySheet } from '../../components/PaySheet';
import { useRoleGuard } from '../../hooks/useRoleGuard';
import { useRemote } from '../../hooks/useRemote';
import { usePayment, type PayOutcome } from '../../hooks/usePayment';
import { getCampaign, joinCampaign } from '../../services/campaign.api';
import { userMessage } from '../../services/api-error';
import { assetUrl } from '../../services/assets';
import { formatDateTime, formatMoney } from '../../utils/format';
import { idParam, pageUrl } from '../../utils/nav';
import { cleanLeaderCode } from '../../utils/share';
import { joinKey, newAttemptId } from '../../utils/idempotency';
import { LineItem } from './components/LineItem';
import { PointPicker, type PointChoice } from './components/PointPicker';
import './index.scss';

type Quantities = Record<number, number>;

function maxFor(item: CampaignDetailDTO['items'][number]): number {
  return Math.max(0, Math.min(item.available, item.perPersonLimit ?? 99, 99));
}

export default function CheckoutPage() {
  const session = useRoleGuard(null);
  const { params } = useRouter();
  const id = idParam(params.id);
  const leaderCode = cleanLeaderCode(params.leaderCode);
  const load = useCallback(() => getCampaign(id ?? 0), [id]);
  const detail = useRemote(load, { enabled: session !== null && id !== null });
  const c = detail.status === 'ready' ? detail.data : null;

  const [picked, setPicked] = useState<Quantities | null>(null);
  const [pointId, setPointId] = useState<number | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const attempt = useRef(newAttemptId());
  const orderId = useRef<number | null>(null);

  // Until the neighbour touches a stepper: one of the first item that is still available.
  const quantities: Quantities = useMemo(() => {
    if (picked || !c) return picked ?? {};
    const first = c.items.find((i) => maxFor(i) > 0);
    return first ? { [first.id]: 1 } : {};
  }, [picked, c]);

  const choices: PointChoice[] = useMemo(() => {
    if (!c) return [];
    const needsCold = c.items.some((i) => (quantities[i.id] ?? 0) > 0 && i.traceability.storage !== 'ambient');
    return c.pickupPoints.map((point) => ({
      point, disabledReason: needsCold && !point.coldStorage ? '含冷藏商品，此自提点没有冷柜' : null,
    }));
  }, [c, quantities]);
  const enabledIds = choices.filter((x) => !x.disabledReason).map((x) => x.point.id);
  const selectedPoint = pointId !== null && enabledIds.includes(pointId) ? pointId : enabledIds[0] ?? null;

  const lines = c ? c.items.filter((i) => (quantities[i.id] ?? 0) > 0).map((i) => ({ campaignItemId: i.id, quantity: quantities[i.id] })) : [];
  const totalFen = c ? c.items.reduce((s, i) => s + (quantities[i.id] ?? 0) * i.currentPriceFen, 0) : 0;
  const count = lines.reduce((s, l) => s + l.quantity, 0);

  const goToOrder = (oid: number) => void Taro.redirectTo({ url: pageUrl('order', { id: oid }) });
  const payment = usePayment((outcome: PayOutcome) => {
    const oid = orderId.current;
    if (outcome.kind === 'failed') void Taro.showToast({ title: outcome.message, icon: 'none', duration: 2500 });
    if (oid !== null) goToOrder(oid);
  });

  if (!session) return null;
  if (id === null) return <View className='page'><StateView kind='empty' title='链接不完整' description='请从团购详情进入' /></View>;
  if (detail.status === 'loading') return <View className='page checkout-page'><StateView kind='loading' rows={2} /></View>;
  if (detail.status !== 'ready' || !c) {
    return <View className='page checkout-page'><StateView kind='error' message={detail.status === 'error' ? detail.error.message : '加载失败'} onRetry={detail.reload} /></View>;
  }

  const submit = async () => {
    if (submitting || payment.busy) return;
    if (!lines.length) { setError('请至少选择一件商品'); return; }
    if (selectedPoint === null) { setError('请选择自提点'); return; }
    setError(null);
    setSubmitting(true);
    const body: JoinRequest = { items: lines, pickupPointId: selectedPoint, ...(leaderCode ? { leaderCode } : {}) };
    try {
      const order = await joinCampaign(c.id, body, joinKey(attempt.current, body));
      orderId.current = order.id;
      await payment.start(order.id);
    } catch (err) {
      setError(userMessage(err));
      // Stock or limits may have moved: show what is true now.
      void detail.reload();
    } finally {
      setSubmitting(false);
    }
  };

  const canSubmit = c.status === 'open' && lines.length > 0 && selectedPoint !== null;
  return (
    <View className='page checkout-page checkout-page--ready'>
      <Card title={c.title} className='checkout-items'>
        {c.items.map((item) => (
          <LineItem
            key={item.id}
            item={item}
            image={assetUrl(item.images[0])}
            quantity={quantities[item.id] ?? 0}
            max={maxFor(item)}
            onChange={(q) => setPicked({ ...quantities, [item.id]: q })}
          />
        ))}
      </Card>

      <Card title='自提点' extra={<Text>取货 {formatDateTime(c.pickupStartsAt)} 起</Text>}>
        <PointPicker choices={choices} selected={selectedPoint} onSelect={setPointId} />
      </Card>

      <Card>
        <View className='checkout-sum'>
          <Text>商品 {count} 件</Text>
          <Text className='checkout-sum__amount'>{formatMoney(totalFen)}</Text>
        </View>
        <Text className='checkout-hint'>按当前阶梯价支付；截团时如达到更低阶梯价，差价自动原路退回。未付款订单 15 分钟内有效。</Text>
        {leaderCode ? <Text className='checkout-hint'>来自团长分享（{leaderCode}）</Text> : null}
      </Card>

      {error ? <View className='checkout-error' role='alert'><Text>{error}</Text></View> : null}

      <StickyBar>
        <View className='checkout-bar__sum'>
          <Text className='checkout-bar__label'>合计</Text>
          <Text className='checkout-bar__amount'>{formatMoney(totalFen)}</Text>
        </View>
        <View className='checkout-bar__btn'>
          <AppButton block loading={submitting || payment.busy} disabled={!canSubmit} onClick={submit}>提交订单并支付</AppButton>
        </View>
      </StickyBar>

      <PaySheet
        open={payment.sheet !== null}
        amountText={formatMoney(payment.sheet?.amountFen ?? totalFen)}
        busy={payment.busy}
        onPay={() => void payment.finishSandbox('success')}
        onFail={() => void payment.finishSandbox('fail')}
        onClose={payment.closeSheet}
      />
    </View>
  );
}
