/**
 * 售后处理 (sub-package "leader"): open after-sales requests on my campaigns' orders — kind, amount, reason and
 * photos — to approve (the refund goes back to the neighbour) or reject, with a note the neighbour sees.
 */
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { AfterSaleDTO } from '@shared/types/order';
import { RemoteList, remoteListProps } from '../../../components/RemoteList';
import { AppButton } from '../../../components/AppButton';
import { Sheet } from '../../../components/Sheet';
import { TextArea } from '../../../components/TextArea';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import { decideAfterSale, listOpenAfterSales } from '../../../services/leader.api';
import { userMessage } from '../../../services/api-error';
import { assetUrl } from '../../../services/assets';
import { formatDateTime, formatMoney } from '../../../utils/format';
import './index.scss';

export default function LeaderAfterSalesPage() {
  const session = useRoleGuard('leader');
  const load = useCallback(() => listOpenAfterSales(), []);
  const list = useRemote(load, { enabled: session !== null });
  usePullRefresh(list.reload);
  const [deciding, setDeciding] = useState<{ a: AfterSaleDTO; approve: boolean } | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  // A picture shown large. Not Taro.previewImage: on the web build it pulls in a 220 KB web-component swiper.
  const [preview, setPreview] = useState<string | null>(null);
  if (!session) return null;

  const decide = async () => {
    if (!deciding || busy) return;
    setBusy(true);
    try {
      await decideAfterSale(deciding.a.id, deciding.approve, note.trim());
      void Taro.showToast({ title: deciding.approve ? '已同意，退款处理中' : '已拒绝', icon: 'none' });
      setDeciding(null);
      setNote('');
      await list.reload();
    } catch (err) {
      void Taro.showToast({ title: userMessage(err), icon: 'none', duration: 3000 });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='page leader-as'>
      <RemoteList
        {...remoteListProps(list)}
        empty={{ title: '没有待处理的售后', description: '邻居提交的售后申请会出现在这里' }}
        renderItem={(a) => (
          <View key={a.id} className='as-card'>
            <View className='as-card__head'>
              <Text className='as-card__kind'>{a.kind === 'full' ? '整单退款' : '部分退款'} · 订单 {a.orderId}</Text>
              <Text className='as-card__amount'>{formatMoney(a.amountFen)}</Text>
            </View>
            <Text className='as-card__reason'>{a.reason}</Text>
            {a.photos.length ? (
              <View className='as-card__photos'>
                {a.photos.map((p) => {
                  const src = assetUrl(p) ?? p;
                  return <Image key={p} className='as-card__photo' src={src} mode='aspectFill' onClick={() => setPreview(src)} />;
                })}
              </View>
            ) : null}
            <Text className='as-card__time'>{formatDateTime(a.createdAt)} 提交</Text>
            <View className='as-card__actions'>
              <AppButton size='sm' variant='ghost' onClick={() => { setNote(''); setDeciding({ a, approve: false }); }}>拒绝</AppButton>
              <AppButton size='sm' onClick={() => { setNote('核实属实，同意退款'); setDeciding({ a, approve: true }); }}>同意退款</AppButton>
            </View>
          </View>
        )}
      />
      <Sheet title={deciding?.approve ? '同意退款' : '拒绝申请'} open={deciding !== null} onClose={() => setDeciding(null)}>
        {deciding ? <Text className='as-sheet__amount'>{deciding.approve ? `将退回 ${formatMoney(deciding.a.amountFen)}` : '请说明拒绝原因，邻居会看到'}</Text> : null}
        <View className='as-sheet__note'><TextArea value={note} maxLength={255} placeholder='处理说明' onInput={setNote} /></View>
        <AppButton block variant={deciding?.approve ? 'primary' : 'danger'} loading={busy} disabled={!note.trim()} onClick={decide}>确认</AppButton>
      </Sheet>
      <Sheet title='照片' open={preview !== null} onClose={() => setPreview(null)}>
        {preview ? <Image className='as-preview' src={preview} mode='widthFix' /> : null}
      </Sheet>
    </View>
  );
}
