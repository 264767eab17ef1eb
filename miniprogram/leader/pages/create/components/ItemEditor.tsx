import { Input, Text, View } from '@tarojs/components';
import type { CatalogueEntryDTO } from '@shared/types/leader-campaign';
import { Chips } from '../../../../components/Chips';
import { Tag } from '../../../../components/Tag';
import { formatDay, formatMoney } from '../../../../utils/format';
import { STORAGE_LABEL } from '../../../../utils/labels';
import type { ItemDraft } from '../form';

function Field({ label, value, onInput, unit, id, placeholder }: { label: string; value: string; onInput: (v: string) => void; unit?: string; id?: string; placeholder?: string }) {
  return (
    <View className='field'>
      <Text className='field__label'>{label}</Text>
      <Input id={id} className='field__input' type='digit' value={value} placeholder={placeholder} onInput={(e) => onInput(e.detail.value)} />
      {unit ? <Text className='field__unit'>{unit}</Text> : null}
    </View>
  );
}

/** One campaign item: SKU, lot (traceability), group price, stock, per-person limit, price tiers. */
export function ItemEditor({ entry, draft, onChange, onRemove, index }: { entry: CatalogueEntryDTO; draft: ItemDraft; onChange: (d: ItemDraft) => void; onRemove: () => void; index: number }) {
  const sku = entry.skus.find((s) => s.id === draft.skuId) ?? entry.skus[0];
  const set = (patch: Partial<ItemDraft>) => onChange({ ...draft, ...patch });
  return (
    <View className='item-editor' id={`item-editor-${index}`}>
      <View className='item-editor__head'>
        <Text className='item-editor__title'>{entry.product.title}</Text>
        {entry.product.storage !== 'ambient' ? <Tag tone='orange'>{STORAGE_LABEL[entry.product.storage]}</Tag> : null}
        <Text className='item-editor__remove' onClick={onRemove}>移除</Text>
      </View>
      <Text className='item-editor__note'>{entry.supplier.name} · 建议零售 {formatMoney(sku.listPriceFen)} · 供货 {formatMoney(sku.supplyCostFen)} · 可分配 {sku.stock}</Text>
      {entry.skus.length > 1 ? <Chips options={entry.skus.map((s) => ({ key: s.id, label: s.spec }))} value={draft.skuId} onChange={(skuId) => set({ skuId })} /> : <Text className='item-editor__spec'>{sku.spec}</Text>}
      <Text className='item-editor__label'>批次（溯源）</Text>
      {entry.lots.length ? (
        <Chips options={entry.lots.map((l) => ({ key: l.id, label: `${l.lotCode} · ${formatDay(l.harvestedOn)}` }))} value={draft.lotId} onChange={(lotId) => set({ lotId })} />
      ) : <Text className='item-editor__note'>该商品暂无批次信息</Text>}
      <View className='item-editor__grid'>
        <Field id={`price-${index}`} label='团购价' unit='元' value={draft.price} onInput={(price) => set({ price })} />
        <Field id={`stock-${index}`} label='库存' unit={entry.product.unit} value={draft.stock} onInput={(stock) => set({ stock })} />
        <Field id={`limit-${index}`} label='每人限购' unit={entry.product.unit} value={draft.limit} placeholder='不限' onInput={(limit) => set({ limit })} />
      </View>
      <Text className='item-editor__label'>阶梯价（参团人数越多越便宜）</Text>
      {draft.tiers.map((t, k) => (
        <View key={k} className='tier-row'>
          <Text>满</Text>
          <Input className='tier-row__input' type='number' value={t.minParticipants} onInput={(e) => set({ tiers: draft.tiers.map((x, j) => (j === k ? { ...x, minParticipants: e.detail.value } : x)) })} />
          <Text>人 每{entry.product.unit}</Text>
          <Input className='tier-row__input' type='digit' value={t.price} onInput={(e) => set({ tiers: draft.tiers.map((x, j) => (j === k ? { ...x, price: e.detail.value } : x)) })} />
          <Text>元</Text>
          <Text className='tier-row__remove' onClick={() => set({ tiers: draft.tiers.filter((_, j) => j !== k) })}>删除</Text>
        </View>
      ))}
      {draft.tiers.length < 5 ? <Text className='item-editor__add-tier' onClick={() => set({ tiers: [...draft.tiers, { minParticipants: String(((draft.tiers.length + 1) * 10) + 10), price: '' }] })}>＋ 添加阶梯价</Text> : null}
    </View>
  );
}
