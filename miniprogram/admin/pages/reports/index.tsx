/**
 * 经营报表 (admin sub-package): the last 7 or 30 days in Shanghai days — KPI cards, daily GMV and daily orders as
 * bar charts (tap a day for its figures), campaign success rate, where the money of the period's orders went
 * (supplier, leaders, pickup points, platform; from the commission ledger), and the top campaigns and products.
 * Every figure is the server's (GET /api/admin/reports/overview); the page only draws it.
 */
import { Text, View } from '@tarojs/components';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReportOverviewDTO, ReportRankDTO } from '@shared/types/admin-reports';
import { Card } from '../../../components/Card';
import { Chips } from '../../../components/Chips';
import { StateView } from '../../../components/StateView';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import { getReportOverview } from '../../../services/admin-reports.api';
import { formatDay, formatMoney } from '../../../utils/format';
import { BarChart } from './components/BarChart';
import { SplitBar } from './components/SplitBar';
import './index.scss';

const PRESETS = [{ key: 7, label: '近 7 天' }, { key: 30, label: '近 30 天' }];

/** The report's days are Shanghai calendar days (UTC+8 all year), whatever the phone's own zone. */
function shanghaiRange(days: number, now = Date.now()): { from: string; to: string } {
  const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  return { from: day(now - (days - 1) * 86_400_000), to: day(now) };
}

const percent = (bps: number | null) => (bps === null ? '—' : `${(bps / 100).toFixed(bps % 100 ? 1 : 0)}%`);
const short = (d: string) => `${Number(d.slice(5, 7))}/${Number(d.slice(8, 10))}`;

function Kpi({ label, value, note, id }: { label: string; value: string; note?: string; id?: string }) {
  return (
    <View className='kpi' id={id}>
      <Text className='kpi__label'>{label}</Text>
      <Text className='kpi__value'>{value}</Text>
      {note ? <Text className='kpi__note'>{note}</Text> : null}
    </View>
  );
}

function Ranking({ rows, unitLabel }: { rows: ReportRankDTO[]; unitLabel: string }) {
  if (!rows.length) return <Text className='report-note'>这段时间没有支付订单</Text>;
  const max = Math.max(...rows.map((r) => r.gmvFen));
  return (
    <View>
      {rows.map((r, i) => (
        <View key={r.id} className='rank-row'>
          <Text className='rank-row__no'>{i + 1}</Text>
          <View className='rank-row__main'>
            <View className='rank-row__line'>
              <Text className='rank-row__title'>{r.title}</Text>
              <Text className='rank-row__value'>{formatMoney(r.gmvFen)}</Text>
            </View>
            <View className='rank-row__track'><View className='rank-row__bar' style={{ width: `${max ? Math.max(2, (r.gmvFen / max) * 100) : 0}%` }} /></View>
            <Text className='rank-row__note'>{r.paidOrders} 单 · {r.units} {unitLabel}</Text>
          </View>
        </View>
      ))}
    </View>
  );
}

export default function AdminReportsPage() {
  const session = useRoleGuard('admin');
  const [days, setDays] = useState(7);
  const load = useCallback(() => getReportOverview(shanghaiRange(days)), [days]);
  const report = useRemote(load, { enabled: session !== null });
  const [selected, setSelected] = useState<string | null>(null);
  // Another preset loads again (the first load is useRemote's own).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    setSelected(null);
    void report.reload();
  }, [days]);
  usePullRefresh(report.reload);

  if (!session) return null;
  return (
    <View className='page reports-page'>
      <View className='reports-presets'>
        <Chips idPrefix='range' options={PRESETS} value={days} onChange={setDays} />
        {report.status === 'ready' ? <Text className='reports-range'>{formatDay(report.data.from)} – {formatDay(report.data.to)}</Text> : null}
      </View>
      {report.status === 'loading' ? <StateView kind='loading' rows={3} /> : null}
      {report.status === 'error' ? <StateView kind='error' message={report.error.message} onRetry={report.reload} /> : null}
      {report.status === 'ready' ? <Report r={report.data} selected={selected} onSelect={(d) => setSelected(d === selected ? null : d)} /> : null}
    </View>
  );
}

function Report({ r, selected, onSelect }: { r: ReportOverviewDTO; selected: string | null; onSelect: (day: string) => void }) {
  const t = r.totals;
  const m = r.money;
  const day = r.days.find((d) => d.day === selected) ?? null;
  const closed = t.campaignsSucceeded + t.campaignsFailed;
  return (
    <View className='reports-ready'>
      <View className='kpi-grid'>
        <Kpi id='kpi-paid' label='支付金额' value={formatMoney(t.paidFen)} note={`净额 ${formatMoney(t.netFen)}`} />
        <Kpi id='kpi-refunded' label='退款金额' value={formatMoney(t.refundedFen)} note='按退款到账日' />
        <Kpi id='kpi-orders' label='支付订单' value={String(t.paidOrders)} note={`${t.buyers} 位邻居下单`} />
        <Kpi id='kpi-success' label='成团率' value={percent(t.successRateBps)} note={closed ? `成团 ${t.campaignsSucceeded} · 未成团 ${t.campaignsFailed}` : '期间没有截团的团购'} />
      </View>

      <Card title='每日支付金额' extra={<Text>点柱子看当天</Text>}>
        <BarChart id='chart-gmv' tone='green' selected={selected} onSelect={onSelect}
          bars={r.days.map((d) => ({ key: d.day, label: short(d.day), value: d.paidFen, text: formatMoney(d.paidFen) }))} />
        <Text className='report-pick' id='report-pick'>
          {day ? `${formatDay(day.day)}：支付 ${formatMoney(day.paidFen)} · ${day.paidOrders} 单 · ${day.buyers} 人 · 退款 ${formatMoney(day.refundedFen)}`
            : `最高单日 ${formatMoney(Math.max(0, ...r.days.map((d) => d.paidFen)))}`}
        </Text>
      </Card>

      <Card title='每日支付订单'>
        <BarChart id='chart-orders' tone='orange' selected={selected} onSelect={onSelect}
          bars={r.days.map((d) => ({ key: d.day, label: short(d.day), value: d.paidOrders, text: `${d.paidOrders} 单` }))} />
      </Card>

      <Card title='成团情况'>
        <SplitBar id='split-campaigns' segments={[
          { key: 'ok', label: '成团', value: t.campaignsSucceeded, text: `${t.campaignsSucceeded} 个`, color: '#1f9d55' },
          { key: 'failed', label: '未成团', value: t.campaignsFailed, text: `${t.campaignsFailed} 个`, color: '#e5484d' },
          { key: 'cancelled', label: '已取消', value: t.campaignsCancelled, text: `${t.campaignsCancelled} 个`, color: '#c9d1cd' },
        ]} />
      </Card>

      <Card title='资金去向' extra={<Text>{m.orderCount} 笔订单</Text>}>
        <Text className='report-note'>期间支付的订单共 {formatMoney(m.paidFen)}，按佣金账本分配{m.balanced ? '，逐单核对无误' : '，有订单对不上账，请查看对账报表'}</Text>
        <SplitBar id='split-money' segments={[
          { key: 'supplier', label: '供应商货款', value: m.supplierFen, text: formatMoney(m.supplierFen), color: '#5b8def' },
          { key: 'leader', label: '团长佣金', value: m.leaderFen, text: formatMoney(m.leaderFen), color: '#1f9d55' },
          { key: 'pickup', label: '自提点服务费', value: m.pickupFen, text: formatMoney(m.pickupFen), color: '#ff9f43' },
          { key: 'platform', label: '平台毛利', value: m.platformFen, text: formatMoney(m.platformFen), color: '#8e6cdf' },
          { key: 'refunded', label: '已退款', value: m.refundedFen, text: formatMoney(m.refundedFen), color: '#e5484d' },
          { key: 'held', label: '拼团中待分配', value: m.heldFen, text: formatMoney(m.heldFen), color: '#c9d1cd' },
        ]} />
      </Card>

      <Card title='团购排行（按支付金额）'>
        <Ranking rows={r.topCampaigns} unitLabel='件' />
      </Card>
      <Card title='商品排行（按支付金额）'>
        <Ranking rows={r.topProducts} unitLabel='件' />
      </Card>
    </View>
  );
}
