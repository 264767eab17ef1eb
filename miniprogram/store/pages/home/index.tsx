/**
 * The pickup point's home (sub-package "store"): for the point I work at (a picker when I own several) —
 * shipments to confirm, orders waiting to be collected (who, what, how many), recent pickups, the big
 * "核销取货码" entry, and my fee earnings. Refreshed on pull-down, on return from verify/arrivals, and every
 * 30 s while on screen (goods and neighbours arrive while the page is open).
 */
import { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useRef, useState } from 'react';
import type { ShipmentDTO, StoreOrderDTO } from '@shared/types/fulfilment';
import type { PointEarningsDTO } from '../../../services/pickup.api';
import { HomeHeader } from '../../../components/HomeHeader';
import { Section } from '../../../components/Section';
import { RemoteList } from '../../../components/RemoteList';
import { StateView } from '../../../components/StateView';
import { Cell, CellGroup } from '../../../components/Cell';
import { Chips } from '../../../components/Chips';
import { Tag } from '../../../components/Tag';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import { usePolling } from '../../../hooks/usePolling';
import { listMyEarnings, listPointOrders, listPointShipments } from '../../../services/pickup.api';
import { formatDateTime, formatMoney, greeting } from '../../../utils/format';
import { ROLE_LABEL } from '../../../utils/roles';
import { openMe, openPage } from '../../../utils/nav';
import { APPROVAL_LABEL, campaignTitles, itemsText, loadPointChoice, pieceCount, rememberPoint, type PointChoice } from '../../shared/point';
import { SHIPMENT_TO_CONFIRM } from '../../shared/shipment';
import './index.scss';

const RECENT_PICKUPS = 5;

interface StoreHome extends PointChoice {
  toConfirm: ShipmentDTO[];
  /** Campaign titles by id, from the orders read (a shipment names only its campaign's id). */
  titles: Map<number, string>;
  waiting: StoreOrderDTO[];
  recent: StoreOrderDTO[];
  earnings: PointEarningsDTO | null;
}

async function loadHome(asked: number | null): Promise<StoreHome | null> {
  const choice = await loadPointChoice(asked);
  if (!choice) return null;
  const { point } = choice;
  if (point.status !== 'approved') return { ...choice, toConfirm: [], titles: new Map(), waiting: [], recent: [], earnings: null };
  const [shipments, inTransit, waiting, pickedUp, earnings] = await Promise.all([
    listPointShipments(point.id), listPointOrders(point.id, 'shipped'), listPointOrders(point.id, 'ready_for_pickup'), listPointOrders(point.id, 'picked_up'),
    // A small block: if earnings fail, the work lists still show.
    listMyEarnings().then((all) => all.find((e) => e.beneficiaryId === point.id) ?? null).catch(() => null),
  ]);
  return {
    ...choice, waiting, earnings,
    titles: campaignTitles([...inTransit, ...waiting, ...pickedUp]),
    toConfirm: shipments.filter((s) => SHIPMENT_TO_CONFIRM.includes(s.status)),
    // The server lists oldest first; the newest pickups matter here.
    recent: pickedUp.slice(-RECENT_PICKUPS).reverse(),
  };
}

function OrderRow({ o, onOpen }: { o: StoreOrderDTO; onOpen: () => void }) {
  return (
    <Cell
      title={<Text id={`waiting-${o.id}`}>{o.neighbour || '邻居'}</Text>}
      note={[itemsText(o), `${o.campaignTitle} · 尾号 ${o.codeTail ?? '—'}`]}
      value={<Text className='store-qty'>{pieceCount(o)}件</Text>}
      arrow
      onClick={onOpen}
    />
  );
}

export default function StoreHomePage() {
  const session = useRoleGuard('pickup');
  const [asked, setAsked] = useState<number | null>(null);
  const load = useCallback(() => loadHome(asked), [asked]);
  const home = useRemote(load, { enabled: session !== null, isEmpty: (h) => h === null });
  usePullRefresh(home.reload);
  usePolling(home.reload, 30_000, home.status === 'ready');
  const seen = useRef(false);
  useDidShow(() => {
    if (seen.current) void home.reload(); // back from verify or arrivals: counts changed
    seen.current = true;
  });

  if (!session) return null;
  const { user } = session;
  const h = home.status === 'ready' ? home.data : null;
  const point = h?.point ?? null;
  const choose = (id: number) => { rememberPoint(id); setAsked(id); };
  const approved = point?.status === 'approved';

  return (
    <View className={`page store-home store-home--${home.status}`}>
      <HomeHeader
        greeting={greeting()}
        name={user.displayName}
        avatarUrl={user.avatarUrl}
        roleLabel={ROLE_LABEL.pickup}
        subtitle={point ? point.name : '到货 · 核销 · 取货'}
        onOpenMe={openMe}
      >
        <View className='stats'>
          <View className='stat'><Text className='stat__value' id='stat-arrivals'>{h ? h.toConfirm.length : '—'}</Text><Text className='stat__label'>待确认到货</Text></View>
          <View className='stat'><Text className='stat__value' id='stat-waiting'>{h ? h.waiting.length : '—'}</Text><Text className='stat__label'>待取货</Text></View>
          <View className='stat'><Text className='stat__value'>{h ? h.waiting.reduce((s, o) => s + pieceCount(o), 0) : '—'}</Text><Text className='stat__label'>待取件数</Text></View>
        </View>
      </HomeHeader>

      {home.status === 'loading' ? <StateView kind='loading' rows={2} /> : null}
      {home.status === 'error' ? <StateView kind='error' message={home.error.message} onRetry={home.reload} /> : null}
      {home.status === 'empty' ? (
        <StateView kind='empty' title='还没有自提点' description='在“我的”页登记门店，管理员审核通过后即可接收团购货物' actionText='刷新看看' onAction={home.reload} />
      ) : null}

      {h && point ? (
        <>
          {h.points.length > 1 ? (
            <View className='store-points'>
              <Chips idPrefix='point' options={h.points.map((p) => ({ key: p.id, label: p.name }))} value={point.id} onChange={choose} />
            </View>
          ) : null}

          {!approved ? (
            <View className='store-notice'>
              <Tag tone='orange'>{APPROVAL_LABEL[point.status]}</Tag>
              <Text className='store-notice__text'>
                {point.status === 'rejected' && point.rejectReason ? `未通过：${point.rejectReason}` : '门店审核通过后，才能接收货物和核销提货码'}
              </Text>
            </View>
          ) : (
            <>
              <View className='store-verify' hoverClass='store-verify--pressed' id='action-verify' role='button'
                onClick={() => openPage('storeVerify', { point: point.id })}>
                <Text className='store-verify__icon'>核</Text>
                <View className='store-verify__main'>
                  <Text className='store-verify__title'>核销取货码</Text>
                  <Text className='store-verify__note'>扫码或输入邻居出示的取货码</Text>
                </View>
                <View className='store-verify__arrow' />
              </View>

              {h.toConfirm.length ? (
                <Section title='到货待确认' extra={<Text className='store-link' onClick={() => openPage('storeArrivals', { point: point.id })}>到货记录 ›</Text>}>
                  <CellGroup>
                    {h.toConfirm.map((s) => (
                      <Cell key={s.id} title={h.titles.get(s.campaignId) ?? `团购 #${s.campaignId}`}
                        note={`${s.expectedOrders - s.arrivedOrders} 单待确认${s.shippedAt ? ` · ${formatDateTime(s.shippedAt)} 发货` : ''}`}
                        value={<Tag tone='orange'>{s.status === 'partially_arrived' ? '部分到货' : '已发货'}</Tag>}
                        arrow onClick={() => openPage('storeArrivals', { point: point.id })} />
                    ))}
                  </CellGroup>
                </Section>
              ) : null}

              <Section title='待取货' extra={<Text>{h.waiting.length} 单</Text>}>
                <RemoteList
                  group
                  status={h.waiting.length ? 'ready' : 'empty'}
                  items={h.waiting}
                  onRetry={home.reload}
                  empty={{ title: '暂无待取货订单', description: '确认到货后，邻居的订单会出现在这里' }}
                  renderItem={(o) => <OrderRow key={o.id} o={o} onOpen={() => openPage('storeOrder', { id: o.id })} />}
                />
              </Section>

              {h.recent.length ? (
                <Section title='最近已取货'>
                  <RemoteList group status='ready' items={h.recent} onRetry={home.reload} empty={{ title: '' }}
                    renderItem={(o) => (
                      <Cell key={o.id} title={o.neighbour || '邻居'} note={itemsText(o)} value={<Tag tone='grey'>已取货</Tag>} onClick={() => openPage('storeOrder', { id: o.id })} />
                    )} />
                </Section>
              ) : null}

              {h.toConfirm.length ? null : (
                <CellGroup>
                  <Cell title='到货确认' note='团长发货后，在这里确认到货' value='暂无待确认' arrow onClick={() => openPage('storeArrivals', { point: point.id })} />
                </CellGroup>
              )}

              <View className='store-earnings' id='store-earnings'>
                <View className='store-earnings__main'>
                  <Text className='store-earnings__title'>服务费收益</Text>
                  <Text className='store-earnings__note'>按经手订单计，订单完成后结算</Text>
                </View>
                {h.earnings ? (
                  <View className='store-earnings__figures'>
                    <Text className='store-earnings__value'>{formatMoney(h.earnings.accruedFen)}</Text>
                    <Text className='store-earnings__sub'>待结算 {formatMoney(h.earnings.owedFen + h.earnings.pendingFen)} · 已到账 {formatMoney(h.earnings.paidFen)}</Text>
                  </View>
                ) : <Text className='store-earnings__sub'>暂无收益</Text>}
              </View>
            </>
          )}
        </>
      ) : null}
    </View>
  );
}
