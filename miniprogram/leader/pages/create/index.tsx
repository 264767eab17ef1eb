/**
 * 开团 (sub-package "leader"): pick products from the catalogue (SKU, traceable lot, group price, stock,
 * per-person limit, price tiers), the threshold, the times (open now or later, deadline, pickup window) and the
 * community's pickup points — chilled or frozen goods need one with cold storage, which the server also checks.
 * Creates the draft, then opens or schedules it, and lands on the campaign's management page to share it.
 */
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { CatalogueEntryDTO } from '@shared/types/leader-campaign';
import type { PickupPointBriefDTO } from '@shared/types/campaign';
import { StateView } from '../../../components/StateView';
import { Card } from '../../../components/Card';
import { Chips } from '../../../components/Chips';
import { Tag } from '../../../components/Tag';
import { StickyBar } from '../../../components/StickyBar';
import { AppButton } from '../../../components/AppButton';
import { TextArea } from '../../../components/TextArea';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { createCampaign, listCatalogue, listMyPickupPoints, moveCampaign } from '../../../services/leader.api';
import { userMessage } from '../../../services/api-error';
import { formatDateTime, formatMoney } from '../../../utils/format';
import { pageUrl } from '../../../utils/nav';
import { ItemEditor } from './components/ItemEditor';
import { newItem, times, toRequest, type FormDraft } from './form';
import './index.scss';

interface Sources { catalogue: CatalogueEntryDTO[]; points: PickupPointBriefDTO[] }

const START = [{ key: 0, label: '立即开团' }, { key: 12, label: '12小时后' }, { key: 24, label: '明天此时' }];
const DEADLINE = [1, 2, 3, 5, 7].map((d) => ({ key: d, label: `${d}天后 20:00` }));
const PICKUP = [{ key: 1, label: '截团后第2天' }, { key: 2, label: '截团后第3天' }];

export default function LeaderCreatePage() {
  const session = useRoleGuard('leader');
  const load = useCallback(async (): Promise<Sources> => {
    const [catalogue, points] = await Promise.all([listCatalogue(), listMyPickupPoints()]);
    return { catalogue, points };
  }, []);
  const src = useRemote(load, { enabled: session !== null });
  const [form, setForm] = useState<FormDraft>({
    title: '', description: '', thresholdKind: 'participants', thresholdValue: '10', startInHours: 0, deadlineDays: 2, pickupAfterDays: 1,
    items: [], pickupPointIds: [],
  });
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (!session) return null;
  if (src.status === 'loading') return <View className='page create-page'><StateView kind='loading' rows={3} /></View>;
  if (src.status !== 'ready') return <View className='page create-page'><StateView kind='error' message={src.status === 'error' ? src.error.message : '加载失败'} onRetry={src.reload} /></View>;
  const { catalogue, points } = src.data;
  const set = (patch: Partial<FormDraft>) => setForm((f) => ({ ...f, ...patch }));
  const needsCold = form.items.some((it) => catalogue.find((e) => e.product.id === it.productId)?.product.storage !== 'ambient');
  const t = times(form);

  const addProduct = (entry: CatalogueEntryDTO) => {
    const items = [...form.items, newItem(entry)];
    // A title to start from: the products' names, which the leader can change.
    const auto = items.map((it) => catalogue.find((e) => e.product.id === it.productId)?.product.title).filter(Boolean).join(' · ');
    set({ items, title: form.title && form.title !== autoTitle(form, catalogue) ? form.title : `${auto} 邻里团`.slice(0, 60) });
  };

  const submit = async () => {
    if (submitting) return;
    const req = toRequest(form, catalogue);
    if (!req.ok) { setError(req.problem); return; }
    setError(null);
    setSubmitting(true);
    try {
      const draft = await createCampaign(req.body);
      await moveCampaign(draft.id, form.startInHours === 0 ? 'open' : 'schedule');
      void Taro.showToast({ title: form.startInHours === 0 ? '已开团，快去分享吧' : '已排期', icon: 'none' });
      void Taro.redirectTo({ url: pageUrl('leaderCampaign', { id: draft.id }) });
    } catch (err) {
      setError(userMessage(err));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <View className='page create-page create-page--ready'>
      <Card title='选品' extra={<Text>{catalogue.length} 件商品</Text>}>
        {catalogue.length === 0 ? <Text className='create-note'>商品库还是空的，请联系平台运营上架商品</Text> : null}
        {catalogue.map((e) => {
          const added = form.items.some((it) => it.productId === e.product.id);
          return (
            <View key={e.product.id} className='catalogue-row'>
              <View className='catalogue-row__main'>
                <View className='catalogue-row__line'>
                  <Text className='catalogue-row__title'>{e.product.title}</Text>
                  {e.product.storage !== 'ambient' ? <Tag tone='orange'>冷链</Tag> : null}
                </View>
                <Text className='catalogue-row__note'>{e.supplier.name} · {e.skus[0] ? `零售 ${formatMoney(e.skus[0].listPriceFen)}` : '暂无规格'}</Text>
              </View>
              <AppButton size='sm' variant={added ? 'ghost' : 'secondary'} disabled={added || !e.skus.length} onClick={() => addProduct(e)}>{added ? '已添加' : '添加'}</AppButton>
            </View>
          );
        })}
      </Card>

      {form.items.map((it, i) => {
        const entry = catalogue.find((e) => e.product.id === it.productId);
        if (!entry) return null;
        return (
          <Card key={it.productId}>
            <ItemEditor index={i} entry={entry} draft={it}
              onChange={(d) => set({ items: form.items.map((x, j) => (j === i ? d : x)) })}
              onRemove={() => set({ items: form.items.filter((_, j) => j !== i) })} />
          </Card>
        );
      })}

      <Card title='成团条件'>
        <Chips options={[{ key: 'participants', label: '按参团人数' }, { key: 'quantity', label: '按总份数' }]} value={form.thresholdKind} onChange={(thresholdKind) => set({ thresholdKind })} />
        <View className='field'>
          <Text className='field__label'>满</Text>
          <Input id='threshold' className='field__input' type='number' value={form.thresholdValue} onInput={(e) => set({ thresholdValue: e.detail.value })} />
          <Text className='field__unit'>{form.thresholdKind === 'participants' ? '人成团' : '份成团'}</Text>
        </View>
      </Card>

      <Card title='时间'>
        <Text className='create-label'>开团</Text>
        <Chips options={START} value={form.startInHours} onChange={(startInHours) => set({ startInHours })} />
        <Text className='create-label'>截团</Text>
        <Chips options={DEADLINE} value={form.deadlineDays} onChange={(deadlineDays) => set({ deadlineDays })} />
        <Text className='create-label'>自提</Text>
        <Chips options={PICKUP} value={form.pickupAfterDays} onChange={(pickupAfterDays) => set({ pickupAfterDays })} />
        <Text className='create-note'>
          {form.startInHours === 0 ? '现在开团' : `${formatDateTime(t.startsAt)} 开团`}，{formatDateTime(t.deadlineAt)} 截团，{formatDateTime(t.pickupStartsAt)} – {formatDateTime(t.pickupEndsAt)} 自提
        </Text>
      </Card>

      <Card title='自提点' extra={needsCold ? <Text>含冷链商品，需有冷柜的点</Text> : undefined}>
        {points.length === 0 ? <Text className='create-note'>小区还没有审核通过的自提点</Text> : null}
        {points.map((p) => {
          const on = form.pickupPointIds.includes(p.id);
          return (
            <View key={p.id} id={`create-point-${p.id}`} className={`check-row${on ? ' check-row--on' : ''}`}
              onClick={() => set({ pickupPointIds: on ? form.pickupPointIds.filter((x) => x !== p.id) : [...form.pickupPointIds, p.id] })}>
              <View className='check-row__box'>{on ? <Text>✓</Text> : null}</View>
              <View className='check-row__main'>
                <Text className='check-row__name'>{p.name}</Text>
                <Text className='check-row__addr'>{p.address}</Text>
              </View>
              {p.coldStorage ? <Tag tone='green'>有冷柜</Tag> : <Tag tone='grey'>无冷柜</Tag>}
            </View>
          );
        })}
      </Card>

      <Card title='标题与介绍'>
        <Input id='title' className='title-input' value={form.title} maxlength={60} placeholder='例如：奉化水蜜桃 邻里团' onInput={(e) => set({ title: e.detail.value })} />
        <TextArea id='description' value={form.description} maxLength={2000} placeholder='产地、口感、为什么推荐给邻居' onInput={(description) => set({ description })} />
      </Card>

      {error ? <View className='create-error' role='alert'><Text>{error}</Text></View> : null}

      <StickyBar>
        <AppButton block loading={submitting} onClick={submit}>{form.startInHours === 0 ? '发布并开团' : '发布并排期'}</AppButton>
      </StickyBar>
    </View>
  );
}

function autoTitle(f: FormDraft, catalogue: CatalogueEntryDTO[]): string {
  const names = f.items.map((it) => catalogue.find((e) => e.product.id === it.productId)?.product.title).filter(Boolean).join(' · ');
  return `${names} 邻里团`.slice(0, 60);
}
