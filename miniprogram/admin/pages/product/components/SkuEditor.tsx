import { Text, View } from '@tarojs/components';
import type { SkuDraft } from '../form';
import { Field } from './Field';

/** One SKU: spec, list price and supply cost in yuan, stock, optional code. A SKU a campaign sells stays. */
export function SkuEditor({ sku, index, unit, onChange, onRemove, removable }: {
  sku: SkuDraft; index: number; unit: string; onChange: (s: SkuDraft) => void; onRemove: () => void; removable: boolean;
}) {
  const set = (patch: Partial<SkuDraft>) => onChange({ ...sku, ...patch });
  return (
    <View className='pf-part' id={`sku-${index}`}>
      <View className='pf-part__head'>
        <Text className='pf-part__title'>规格 {index + 1}</Text>
        {sku.campaignCount ? <Text className='pf-part__note'>已用于 {sku.campaignCount} 个团购，可改不可删</Text>
          : removable ? <Text className='pf-part__remove' onClick={onRemove}>删除</Text> : null}
      </View>
      <Field wide id={`sku-spec-${index}`} label='规格' value={sku.spec} placeholder='如 5斤装（8–10个）' onInput={(spec) => set({ spec })} />
      <View className='pf-grid'>
        <Field id={`sku-price-${index}`} label='零售价' unit='元' type='digit' value={sku.price} onInput={(price) => set({ price })} />
        <Field id={`sku-cost-${index}`} label='供货价' unit='元' type='digit' value={sku.cost} onInput={(cost) => set({ cost })} />
        <Field id={`sku-stock-${index}`} label='库存' unit={unit || '件'} type='number' value={sku.stock} onInput={(stock) => set({ stock })} />
        <Field id={`sku-code-${index}`} label='编码' value={sku.code} placeholder='自动生成' onInput={(code) => set({ code })} />
      </View>
    </View>
  );
}
