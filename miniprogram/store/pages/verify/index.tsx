/**
 * 核销取货码 (sub-package "store"): the store scans (WeChat) or types the code the neighbour shows; on success
 * the page shows who it is and exactly what to hand over. A wrong code, another store's code, a used code or a
 * locked verification each get their own message, and nothing changes: the typed code stays for correcting.
 * The server counts wrong codes (too many in a row lock verification for a while), so an entry that cannot be
 * a code (wrong length) is caught here and never sent.
 */
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { VerifiedOrderDTO } from '@shared/types/fulfilment';
import { StateView } from '../../../components/StateView';
import { Card } from '../../../components/Card';
import { Tag } from '../../../components/Tag';
import { AppButton } from '../../../components/AppButton';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { verifyPickupCode } from '../../../services/pickup.api';
import { isApiError } from '../../../services/api-error';
import { formatDateTime } from '../../../utils/format';
import { idParam } from '../../../utils/nav';
import { loadPointChoice, pieceCount } from '../../shared/point';
import './index.scss';

/** Codes are 8 letters and digits; spaces, dashes and case don't matter (the server normalises them too). */
const CODE_LENGTH = 8;
const compact = (raw: string) => raw.toUpperCase().replace(/[\s-]/g, '');

interface Failure { title: string; detail?: string }

/** What went wrong, in the store owner's words, from the server's code and details. */
function describeFailure(err: unknown): Failure {
  if (!isApiError(err)) return { title: '核销失败，请稍后再试' };
  const details = (err.details ?? {}) as { remainingAttempts?: number; lockedUntil?: string | null };
  switch (err.code) {
    case 'PICKUP_CODE_INVALID':
      return {
        title: '提货码无效，或不是本店的订单',
        detail: details.lockedUntil
          ? `错误次数过多，核销已锁定至 ${formatDateTime(details.lockedUntil)}`
          : `请核对邻居出示的取货码和自提点${typeof details.remainingAttempts === 'number' ? `（再错 ${details.remainingAttempts} 次将暂时锁定）` : ''}`,
      };
    case 'PICKUP_CODE_USED':
      return { title: '该提货码已核销', detail: '这单货已经取走了，不能重复取货' };
    case 'RATE_LIMITED':
      return { title: '核销已暂时锁定', detail: details.lockedUntil ? `错误次数过多，请在 ${formatDateTime(details.lockedUntil)} 后再试` : err.message };
    case 'ILLEGAL_TRANSITION':
      return { title: '货物尚未确认到店', detail: '请先在“到货确认”里确认这批货已到店' };
    default:
      return { title: err.message };
  }
}

export default function StoreVerifyPage() {
  const session = useRoleGuard('pickup');
  const asked = idParam(useRouter().params.point);
  const load = useCallback(() => loadPointChoice(asked), [asked]);
  const choice = useRemote(load, { enabled: session !== null, isEmpty: (c) => c === null });

  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [done, setDone] = useState<VerifiedOrderDTO | null>(null);
  const [history, setHistory] = useState<VerifiedOrderDTO[]>([]);

  if (!session) return null;
  if (choice.status === 'loading') return <View className='page verify-page'><StateView kind='loading' rows={1} /></View>;
  if (choice.status === 'error') return <View className='page verify-page'><StateView kind='error' message={choice.error.message} onRetry={choice.reload} /></View>;
  if (choice.status === 'empty' || !choice.data) return <View className='page verify-page'><StateView kind='empty' title='还没有自提点' description='门店审核通过后才能核销' /></View>;
  const { point } = choice.data;

  const submit = async (raw: string) => {
    if (busy) return;
    const c = compact(raw);
    if (!c) { setFailure({ title: '请输入取货码' }); return; }
    if (c.length !== CODE_LENGTH) { setFailure({ title: `取货码是 ${CODE_LENGTH} 位字母和数字`, detail: '请核对邻居订单页上的取货码后再输入' }); return; }
    setBusy(true);
    setFailure(null);
    try {
      const order = await verifyPickupCode(point.id, c);
      setDone(order);
      setHistory((h) => [order, ...h].slice(0, 20));
      setCode('');
      if (process.env.TARO_ENV === 'weapp') void Taro.vibrateShort({ type: 'medium' }).catch(() => undefined);
    } catch (err) {
      setFailure(describeFailure(err));
    } finally {
      setBusy(false);
    }
  };

  const scan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode', 'barCode'] });
      setCode(res.result);
      await submit(res.result);
    } catch {
      // Cancelled by the user: nothing to say.
    }
  };

  const next = () => { setDone(null); setFailure(null); setCode(''); };

  if (done) {
    return (
      <View className='page verify-page verify-page--done'>
        <View className='verify-done' id='verify-done'>
          <Text className='verify-done__mark'>✓</Text>
          <Text className='verify-done__title'>核销成功，请交付商品</Text>
          <Text className='verify-done__who'>{done.neighbour || '邻居'}</Text>
          <Text className='verify-done__no'>订单 {done.orderNo}</Text>
        </View>
        <Card title={done.campaignTitle} extra={<Text>共 {pieceCount(done)} 件</Text>}>
          {done.items.filter((i) => i.quantity > i.refundedQuantity).map((i) => (
            <View key={i.id} className='verify-item'>
              <Text className='verify-item__title'>{i.title}</Text>
              <Text className='verify-item__qty'>× {i.quantity - i.refundedQuantity}</Text>
            </View>
          ))}
        </Card>
        <AppButton block onClick={next}>继续核销</AppButton>
      </View>
    );
  }

  return (
    <View className='page verify-page verify-page--ready'>
      <Card title='核销取货码' extra={<Text>{point.name}</Text>}>
        <Text className='verify-hint'>{process.env.TARO_ENV === 'weapp' ? '扫邻居订单页上的二维码，或输入取货码' : '输入邻居订单页上的 8 位取货码'}</Text>
        {process.env.TARO_ENV === 'weapp' ? (
          <View className='verify-scan'><AppButton block loading={busy} onClick={() => void scan()}>扫一扫 取货码</AppButton></View>
        ) : null}
        <Input
          id='verify-code'
          className={`verify-input${failure ? ' verify-input--bad' : ''}`}
          value={code}
          maxlength={12}
          placeholder='输入 8 位取货码'
          confirmType='done'
          onInput={(e) => { setCode(e.detail.value); if (failure) setFailure(null); }}
          onConfirm={() => void submit(code)}
        />
        {failure ? (
          <View className='verify-error' role='alert' id='verify-error'>
            <Text className='verify-error__title'>{failure.title}</Text>
            {failure.detail ? <Text className='verify-error__detail'>{failure.detail}</Text> : null}
          </View>
        ) : null}
        <AppButton block variant={process.env.TARO_ENV === 'weapp' ? 'secondary' : 'primary'} loading={busy} disabled={!code.trim()} onClick={() => void submit(code)}>核销</AppButton>
      </Card>

      {history.length ? (
        <Card title='本次已核销'>
          {history.map((o) => (
            <View key={o.id} className='verify-log'>
              <Text className='verify-log__who'>{o.neighbour || '邻居'}</Text>
              <Text className='verify-log__what'>{pieceCount(o)} 件 · {o.orderNo}</Text>
              <Tag tone='green'>已取货</Tag>
            </View>
          ))}
        </Card>
      ) : null}
    </View>
  );
}
