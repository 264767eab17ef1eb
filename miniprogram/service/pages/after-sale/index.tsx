/**
 * 申请售后 (sub-package "service"): after pickup, within the return window, a refund of the whole order or of
 * some units of some items, with a reason and up to 6 photos. The leader or an admin decides; the order page
 * shows the request and its outcome. The server checks the window and the amounts and says what is wrong.
 */
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import { StateView } from '../../../components/StateView';
import { Card } from '../../../components/Card';
import { StickyBar } from '../../../components/StickyBar';
import { AppButton } from '../../../components/AppButton';
import { QuantityStepper } from '../../../components/QuantityStepper';
import { PhotoPicker } from '../../../components/PhotoPicker';
import { TextArea } from '../../../components/TextArea';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePhotoUpload } from '../../../hooks/usePhotoUpload';
import { getOrder, requestAfterSale } from '../../../services/order.api';
import { userMessage } from '../../../services/api-error';
import { assetUrl } from '../../../services/assets';
import { formatMoney } from '../../../utils/format';
import { idParam, pageUrl } from '../../../utils/nav';
import '../service.scss';

export default function AfterSalePage() {
  const session = useRoleGuard(null);
  const id = idParam(useRouter().params.id);
  const load = useCallback(() => getOrder(id ?? 0), [id]);
  const order = useRemote(load, { enabled: session !== null && id !== null });
  const [kind, setKind] = useState<'full' | 'partial'>('partial');
  const [qty, setQty] = useState<Record<number, number>>({});
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const photos = usePhotoUpload(6);

  if (!session) return null;
  if (id === null) return <View className='page'><StateView kind='empty' title='链接不完整' description='请从订单详情进入' /></View>;
  if (order.status === 'loading') return <View className='page service-page'><StateView kind='loading' rows={2} /></View>;
  if (order.status !== 'ready') {
    return <View className='page service-page'><StateView kind='error' message={order.status === 'error' ? order.error.message : '加载失败'} onRetry={order.reload} /></View>;
  }
  const o = order.data;
  if (!o.actions.includes('after_sale')) {
    return <View className='page service-page'><StateView kind='empty' title='这个订单现在不能申请售后' description='取货后、售后期内才能申请' /></View>;
  }

  const unitPaid = (i: typeof o.items[number]) => i.finalUnitPriceFen ?? i.unitPriceFen;
  const partialLines = o.items.filter((i) => (qty[i.id] ?? 0) > 0).map((i) => ({ orderItemId: i.id, quantity: qty[i.id] }));
  const amount = kind === 'full'
    ? o.paidFen - o.refundedFen
    : o.items.reduce((s, i) => s + (qty[i.id] ?? 0) * unitPaid(i), 0);

  const submit = async () => {
    if (submitting || photos.uploading) return;
    if (reason.trim().length < 2) { setError('请写一下遇到的问题（至少 2 个字）'); return; }
    if (kind === 'partial' && !partialLines.length) { setError('请选择要退的商品和数量'); return; }
    setError(null);
    setSubmitting(true);
    try {
      await requestAfterSale(o.id, { kind, items: kind === 'partial' ? partialLines : undefined, reason: reason.trim(), photos: photos.photos });
      void Taro.showToast({ title: '已提交，等待团长处理', icon: 'none' });
      // Back to the order it came from; opened from a link (no page behind it), to that order.
      setTimeout(() => {
        if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
        else void Taro.redirectTo({ url: pageUrl('order', { id: o.id }) });
      }, 600);
    } catch (err) {
      setError(userMessage(err));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <View className='page service-page'>
      <Card title='退款方式'>
        <View className='choice-row'>
          {(['partial', 'full'] as const).map((k) => (
            <View key={k} id={`kind-${k}`} className={`choice${kind === k ? ' choice--on' : ''}`} onClick={() => setKind(k)}>
              <Text className='choice__title'>{k === 'full' ? '整单退款' : '部分退款'}</Text>
              <Text className='choice__note'>{k === 'full' ? `退回 ${formatMoney(o.paidFen - o.refundedFen)}` : '选择有问题的商品'}</Text>
            </View>
          ))}
        </View>
      </Card>

      {kind === 'partial' ? (
        <Card title='有问题的商品'>
          {o.items.map((i) => {
            const max = i.quantity - i.refundedQuantity;
            return (
              <View key={i.id} className='service-item'>
                <View className='service-item__main'>
                  <Text className='service-item__title'>{i.title}</Text>
                  <Text className='service-item__note'>{formatMoney(unitPaid(i))} × {i.quantity}{i.refundedQuantity ? ` · 已退 ${i.refundedQuantity}` : ''}</Text>
                </View>
                <QuantityStepper id={`as-qty-${i.id}`} value={qty[i.id] ?? 0} max={max} onChange={(q) => setQty({ ...qty, [i.id]: q })} />
              </View>
            );
          })}
        </Card>
      ) : null}

      <Card title='问题描述'>
        <TextArea id='as-reason' value={reason} maxLength={500} placeholder='例如：两箱桃子压坏了，果皮破损出水' onInput={setReason} />
        <Text className='service-label'>照片（最多 6 张，帮助团长更快处理）</Text>
        <PhotoPicker photos={photos.photos.map((p) => assetUrl(p) ?? p)} max={6} uploading={photos.uploading} onAdd={() => void photos.add()} onRemove={photos.remove} />
        {photos.error ? <Text className='service-error-text'>{photos.error}</Text> : null}
      </Card>

      {error ? <View className='service-error' role='alert'><Text>{error}</Text></View> : null}

      <StickyBar>
        <View className='service-bar__sum'>
          <Text className='service-bar__label'>退款</Text>
          <Text className='service-bar__amount'>{formatMoney(Math.max(0, amount))}</Text>
        </View>
        <View className='service-bar__btn'>
          <AppButton block loading={submitting} disabled={photos.uploading} onClick={submit}>提交申请</AppButton>
        </View>
      </StickyBar>
    </View>
  );
}
