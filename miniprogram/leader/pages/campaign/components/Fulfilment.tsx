/**
 * 履约 on the leader's campaign page, once the campaign closed with success: start fulfilment (pickup codes for
 * every order, a shipment per pickup point), the purchase list (what to buy from each supplier), and per
 * pickup point its sorting list (which neighbour gets what) and a ship button; then each shipment's state as
 * the store confirms it. On the web each list also opens as a printable page.
 */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { PickupPointBriefDTO } from '@shared/types/campaign';
import type { CampaignStatus, ShipmentStatus } from '@shared/types/statuses';
import type { FulfilmentOverviewDTO, PurchaseListDTO, ShipmentDTO } from '@shared/types/fulfilment';
import { Card } from '../../../../components/Card';
import { Tag } from '../../../../components/Tag';
import { AppButton } from '../../../../components/AppButton';
import { StateView } from '../../../../components/StateView';
import { useRemote } from '../../../../hooks/useRemote';
import { getFulfilment, getPurchaseList, openPrintable, prepareFulfilment, printableListUrl, shipToPoint } from '../../../../services/fulfilment.api';
import { userMessage } from '../../../../services/api-error';
import { formatDateTime } from '../../../../utils/format';
import { SortingList } from './SortingList';

/** Campaigns that have a fulfilment to show. */
export const FULFILMENT_STATUSES: readonly CampaignStatus[] = ['closed', 'fulfilling', 'completed'];

/** The shipment as the leader follows it. */
const SHIPMENT_LABEL: Record<ShipmentStatus, string> = { pending: '待发货', shipped: '已发货', partially_arrived: '部分到店', arrived: '已到店' };
const SHIPMENT_TONE: Record<ShipmentStatus, 'green' | 'orange' | 'grey'> = { pending: 'orange', shipped: 'green', partially_arrived: 'orange', arrived: 'green' };

const IS_H5 = process.env.TARO_ENV === 'h5';

interface Loaded { overview: FulfilmentOverviewDTO; purchase: PurchaseListDTO }

async function print(path: string): Promise<void> {
  try {
    await openPrintable(path);
  } catch (err) {
    void Taro.showToast({ title: userMessage(err), icon: 'none', duration: 3000 });
  }
}

function PurchaseList({ p }: { p: PurchaseListDTO }) {
  if (!p.suppliers.length) return <Text className='ff-note'>没有需要采购的商品（订单均已退款）</Text>;
  return (
    <View className='ff-purchase' id='purchase-list'>
      {p.suppliers.map((g) => (
        <View key={g.supplierId} className='ff-supplier'>
          <Text className='ff-supplier__name'>{g.supplierName}</Text>
          {g.lines.map((l) => (
            <View key={`${l.skuId}:${l.lotCode ?? ''}`} className='ff-line'>
              <View className='ff-line__main'>
                <Text className='ff-line__title'>{l.title} · {l.spec}</Text>
                {l.lotCode ? <Text className='ff-line__note'>批次 {l.lotCode}{l.origin ? ` · ${l.origin}` : ''}</Text> : null}
              </View>
              <Text className='ff-line__qty'>× {l.quantity} {l.unit}</Text>
            </View>
          ))}
        </View>
      ))}
      <Text className='ff-total'>共 {p.totalQuantity} 件</Text>
    </View>
  );
}

function PointShipment({ s, point, campaignId, onShipped }: { s: ShipmentDTO; point: PickupPointBriefDTO | undefined; campaignId: number; onShipped: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const ship = async () => {
    const { confirm } = await Taro.showModal({
      title: '确认发货', content: `${point?.name ?? '该自提点'}的 ${s.expectedOrders} 单将标记为已发货，门店收货后确认到货并通知邻居。`,
      confirmText: '确认发货', cancelText: '再想想',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await shipToPoint(campaignId, s.pickupPointId);
      void Taro.showToast({ title: '已发货，等待门店确认到货', icon: 'none' });
      await onShipped();
    } catch (err) {
      void Taro.showToast({ title: userMessage(err), icon: 'none', duration: 3000 });
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='ff-point' id={`ff-point-${s.pickupPointId}`}>
      <View className='ff-point__head'>
        <Text className='ff-point__name'>{point?.name ?? `自提点 #${s.pickupPointId}`}</Text>
        <Tag tone={SHIPMENT_TONE[s.status]}>{SHIPMENT_LABEL[s.status]}</Tag>
      </View>
      <Text className='ff-note'>
        {s.expectedOrders} 单{s.arrivedOrders ? ` · 已到店 ${s.arrivedOrders} 单` : ''}
        {s.shippedAt ? ` · ${formatDateTime(s.shippedAt)} 发货` : ''}{s.arrivedAt ? ` · ${formatDateTime(s.arrivedAt)} 到店` : ''}
      </Text>
      {s.missingNote ? <Text className='ff-missing'>门店反馈缺货：{s.missingNote}</Text> : null}
      <View className='ff-point__actions'>
        <AppButton size='sm' variant='ghost' onClick={() => setOpen((o) => !o)}>{open ? '收起分拣单' : '分拣单'}</AppButton>
        {IS_H5 ? <AppButton size='sm' variant='ghost' onClick={() => void print(printableListUrl.sorting(campaignId, s.pickupPointId))}>打印分拣单</AppButton> : null}
        {s.status === 'pending' ? <AppButton size='sm' loading={busy} onClick={() => void ship()}>发货</AppButton> : null}
      </View>
      {open ? <SortingList campaignId={campaignId} pointId={s.pickupPointId} /> : null}
    </View>
  );
}

export function Fulfilment({ campaignId, points, onChanged }: { campaignId: number; points: PickupPointBriefDTO[]; onChanged: () => Promise<void> }) {
  const load = useCallback(async (): Promise<Loaded> => {
    const [overview, purchase] = await Promise.all([getFulfilment(campaignId), getPurchaseList(campaignId)]);
    return { overview, purchase };
  }, [campaignId]);
  const state = useRemote(load);
  const [busy, setBusy] = useState(false);

  const reloadAll = async () => { await Promise.all([state.reload(), onChanged()]); };
  const prepare = async () => {
    setBusy(true);
    try {
      await prepareFulfilment(campaignId);
      void Taro.showToast({ title: '已生成取货码和发货单', icon: 'none' });
      await reloadAll();
    } catch (err) {
      void Taro.showToast({ title: userMessage(err), icon: 'none', duration: 3000 });
    } finally {
      setBusy(false);
    }
  };

  let body;
  if (state.status === 'loading') body = <StateView kind='loading' rows={1} />;
  else if (state.status === 'error') body = <StateView kind='error' message={state.error.message} onRetry={state.reload} />;
  else if (state.status === 'empty') body = null;
  else {
    const { overview, purchase } = state.data;
    const byId = new Map(points.map((p) => [p.id, p]));
    const shipped = overview.shipments.filter((s) => s.status !== 'pending').length;
    body = (
      <View className='ff' id='fulfilment'>
        {overview.shipments.length === 0 ? (
          <View className='ff-start'>
            <Text className='ff-note'>已成团截单。开始备货会为每单生成取货码，并按自提点生成发货单和分拣单。</Text>
            <AppButton block loading={busy} onClick={() => void prepare()}>开始备货</AppButton>
          </View>
        ) : (
          <Text className='ff-progress'>发货进度 {shipped}/{overview.shipments.length} 个自提点</Text>
        )}

        <View className='ff-section__head'>
          <Text className='ff-section__title'>采购单</Text>
          {IS_H5 ? <Text className='manage-link' onClick={() => void print(printableListUrl.purchase(campaignId))} id='print-purchase'>打印 ›</Text> : null}
        </View>
        <PurchaseList p={purchase} />

        {overview.shipments.length ? (
          <>
            <View className='ff-section__head'><Text className='ff-section__title'>按自提点发货</Text></View>
            {overview.shipments.map((s) => (
              <PointShipment key={s.id} s={s} point={byId.get(s.pickupPointId)} campaignId={campaignId} onShipped={reloadAll} />
            ))}
          </>
        ) : null}
      </View>
    );
  }
  return <Card title='履约' extra={<Text className='manage-link' onClick={() => void state.reload()}>刷新</Text>}>{body}</Card>;
}
