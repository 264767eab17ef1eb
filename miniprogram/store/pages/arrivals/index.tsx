/**
 * 到货确认 (sub-package "store"): the shipments coming to my point, each with the orders it carries (who, what,
 * how many). The store ticks what came: all of it ("全部到货"), or some orders with a note on what is missing
 * (the server requires it; the rest can be confirmed when it comes, or an admin refunds it). Confirmed orders
 * become ready for pickup and their neighbours are told. Below: what was already confirmed, and what is yet to
 * be shipped.
 */
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { ShipmentDTO, StoreOrderDTO } from '@shared/types/fulfilment';
import { StateView } from '../../../components/StateView';
import { Card } from '../../../components/Card';
import { Tag } from '../../../components/Tag';
import { AppButton } from '../../../components/AppButton';
import { TextArea } from '../../../components/TextArea';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import { confirmArrival, listPointOrders, listPointShipments } from '../../../services/pickup.api';
import { userMessage } from '../../../services/api-error';
import { formatDateTime } from '../../../utils/format';
import { idParam } from '../../../utils/nav';
import { campaignTitles, itemsText, loadPointChoice, pieceCount, type PointChoice } from '../../shared/point';
import { SHIPMENT_STATUS_LABEL, SHIPMENT_TO_CONFIRM, shipmentTone } from '../../shared/shipment';
import './index.scss';

interface Arrivals extends PointChoice {
  shipments: ShipmentDTO[];
  /** Orders shipped to this point and not yet confirmed, by campaign. */
  inTransit: Map<number, StoreOrderDTO[]>;
  titles: Map<number, string>;
}

async function loadArrivals(asked: number | null): Promise<Arrivals | null> {
  const choice = await loadPointChoice(asked);
  if (!choice) return null;
  const id = choice.point.id;
  const [shipments, shipped, ready] = await Promise.all([listPointShipments(id), listPointOrders(id, 'shipped'), listPointOrders(id, 'ready_for_pickup')]);
  const inTransit = new Map<number, StoreOrderDTO[]>();
  for (const o of shipped) inTransit.set(o.campaignId, [...(inTransit.get(o.campaignId) ?? []), o]);
  return { ...choice, shipments, inTransit, titles: campaignTitles([...shipped, ...ready]) };
}

/** One shipment to confirm: its orders with a tick each (all ticked to start with). */
function ShipmentToConfirm({ s, title, orders, onDone }: { s: ShipmentDTO; title: string; orders: StoreOrderDTO[]; onDone: () => Promise<void> }) {
  const [unticked, setUnticked] = useState<Set<number>>(new Set());
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const arrived = orders.filter((o) => !unticked.has(o.id));
  const partial = arrived.length < orders.length;
  const toggle = (id: number) => setUnticked((u) => { const n = new Set(u); if (n.has(id)) n.delete(id); else n.add(id); return n; });

  const confirm = async () => {
    if (busy) return;
    if (!arrived.length) { void Taro.showToast({ title: '请至少勾选一单到货', icon: 'none' }); return; }
    if (partial && !note.trim()) { void Taro.showToast({ title: '部分到货时请说明缺少什么', icon: 'none' }); return; }
    setBusy(true);
    try {
      const res = await confirmArrival(s.id, partial ? { arrivedOrderIds: arrived.map((o) => o.id), note: note.trim() } : {});
      void Taro.showToast({ title: `已确认 ${res.readyOrderIds.length} 单到货，已通知邻居`, icon: 'none', duration: 2500 });
      await onDone();
    } catch (err) {
      void Taro.showToast({ title: userMessage(err), icon: 'none', duration: 3000 });
      await onDone(); // the shipment may have moved (confirmed elsewhere): show it as it is
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={title} extra={<Tag tone={shipmentTone(s.status)}>{SHIPMENT_STATUS_LABEL[s.status]}</Tag>}>
      <View className='arrival-shipment' id={`shipment-${s.id}`}>
        <Text className='arrival-meta'>
          {s.shippedAt ? `${formatDateTime(s.shippedAt)} 发货 · ` : ''}{orders.length} 单待确认{s.arrivedOrders ? ` · 已到 ${s.arrivedOrders} 单` : ''}
        </Text>
        {s.missingNote ? <Text className='arrival-missing'>上次缺：{s.missingNote}</Text> : null}
        {orders.map((o) => {
          const on = !unticked.has(o.id);
          return (
            <View key={o.id} className={`arrival-line${on ? ' arrival-line--on' : ''}`} onClick={() => toggle(o.id)} role='checkbox' aria-checked={on} id={`arrival-line-${o.id}`}>
              <View className='arrival-line__box'>{on ? <Text>✓</Text> : null}</View>
              <View className='arrival-line__main'>
                <Text className='arrival-line__who'>{o.neighbour || '邻居'} <Text className='arrival-line__tail'>尾号 {o.codeTail ?? '—'}</Text></Text>
                <Text className='arrival-line__what'>{itemsText(o)}</Text>
              </View>
              <Text className='arrival-line__qty'>{pieceCount(o)}件</Text>
            </View>
          );
        })}
        {orders.length === 0 ? <Text className='arrival-meta'>这批货的订单已全部处理</Text> : null}
        {partial ? (
          <View className='arrival-note'>
            <Text className='arrival-note__label'>未勾选的 {orders.length - arrived.length} 单将继续等待到货，请说明缺少什么（团长和平台会看到）</Text>
            <TextArea id={`missing-note-${s.id}`} value={note} maxLength={500} placeholder='例如：少到 2 箱水蜜桃' onInput={setNote} />
          </View>
        ) : null}
        {orders.length ? (
          <AppButton block loading={busy} variant={partial ? 'secondary' : 'primary'} onClick={() => void confirm()}>
            {partial ? `确认部分到货（${arrived.length}/${orders.length} 单）` : `全部到货（${orders.length} 单）`}
          </AppButton>
        ) : null}
      </View>
    </Card>
  );
}

export default function StoreArrivalsPage() {
  const session = useRoleGuard('pickup');
  const asked = idParam(useRouter().params.point);
  const load = useCallback(() => loadArrivals(asked), [asked]);
  const state = useRemote(load, { enabled: session !== null, isEmpty: (a) => a === null });
  usePullRefresh(state.reload);

  if (!session) return null;
  if (state.status === 'loading') return <View className='page arrivals-page'><StateView kind='loading' rows={2} /></View>;
  if (state.status === 'error') return <View className='page arrivals-page'><StateView kind='error' message={state.error.message} onRetry={state.reload} /></View>;
  if (state.status === 'empty' || !state.data) return <View className='page arrivals-page'><StateView kind='empty' title='还没有自提点' description='门店审核通过后才能接收货物' /></View>;

  const { point, shipments, inTransit, titles } = state.data;
  const title = (s: ShipmentDTO) => titles.get(s.campaignId) ?? `团购 #${s.campaignId}`;
  const waiting = (s: ShipmentDTO) => inTransit.get(s.campaignId)?.length ?? 0;
  // A partial arrival whose missing orders were refunded has nothing left to confirm: it is history.
  const toConfirm = shipments.filter((s) => s.status === 'shipped' || (SHIPMENT_TO_CONFIRM.includes(s.status) && waiting(s) > 0));
  const done = shipments.filter((s) => s.status === 'arrived' || (s.status === 'partially_arrived' && waiting(s) === 0));
  const coming = shipments.filter((s) => s.status === 'pending');

  return (
    <View className='page arrivals-page arrivals-page--ready'>
      <Text className='arrivals-point'>{point.name}</Text>
      {toConfirm.length === 0 ? (
        <StateView kind='empty' title='没有待确认的到货' description='团长发货后，货物会出现在这里等你确认' actionText='刷新看看' onAction={state.reload} />
      ) : toConfirm.map((s) => (
        <ShipmentToConfirm key={`${s.id}:${s.arrivedOrders}`} s={s} title={title(s)} orders={inTransit.get(s.campaignId) ?? []} onDone={state.reload} />
      ))}

      {coming.length ? (
        <Card title='即将发货'>
          {coming.map((s) => (
            <View key={s.id} className='arrival-row'>
              <Text className='arrival-row__title'>{title(s)}</Text>
              <Text className='arrival-row__note'>{s.expectedOrders} 单 · 团长尚未发货</Text>
            </View>
          ))}
        </Card>
      ) : null}

      {done.length ? (
        <Card title='到货记录'>
          {done.map((s) => (
            <View key={s.id} className='arrival-row'>
              <View className='arrival-row__head'>
                <Text className='arrival-row__title'>{title(s)}</Text>
                <Tag tone={shipmentTone(s.status)}>{SHIPMENT_STATUS_LABEL[s.status]}</Tag>
              </View>
              <Text className='arrival-row__note'>
                到货 {s.arrivedOrders}/{s.expectedOrders} 单{s.arrivedAt ? ` · ${formatDateTime(s.arrivedAt)}` : ''}{s.missingNote ? ` · 缺：${s.missingNote}` : ''}
              </Text>
            </View>
          ))}
        </Card>
      ) : null}
    </View>
  );
}
