import { Text, View } from '@tarojs/components';
import type { LotDraft } from '../form';
import { Field } from './Field';

/** One traceable lot: code, origin (province / county / village), harvest or production date, storage note. */
export function LotEditor({ lot, index, onChange, onRemove }: { lot: LotDraft; index: number; onChange: (l: LotDraft) => void; onRemove: () => void }) {
  const set = (patch: Partial<LotDraft>) => onChange({ ...lot, ...patch });
  return (
    <View className='pf-part' id={`lot-${index}`}>
      <View className='pf-part__head'>
        <Text className='pf-part__title'>批次 {index + 1}</Text>
        {lot.campaignCount ? <Text className='pf-part__note'>已用于 {lot.campaignCount} 个团购，可改不可删</Text>
          : <Text className='pf-part__remove' onClick={onRemove}>删除</Text>}
      </View>
      <View className='pf-grid'>
        <Field id={`lot-code-${index}`} label='批次号' value={lot.lotCode} placeholder='如 FH-0721-A' onInput={(lotCode) => set({ lotCode })} />
        <Field id={`lot-date-${index}`} label='采收日' value={lot.harvestedOn} placeholder='2026-07-21' onInput={(harvestedOn) => set({ harvestedOn })} />
        <Field id={`lot-province-${index}`} label='省份' value={lot.province} placeholder='浙江' onInput={(province) => set({ province })} />
        <Field id={`lot-county-${index}`} label='区县' value={lot.county} placeholder='宁波市奉化区' onInput={(county) => set({ county })} />
      </View>
      <Field wide id={`lot-village-${index}`} label='乡村' value={lot.village} placeholder='选填，如 萧王庙街道林家村' onInput={(village) => set({ village })} />
      <Field wide label='储存' value={lot.storageNote} placeholder='选填，如 采摘后 4 小时入冷库' onInput={(storageNote) => set({ storageNote })} />
    </View>
  );
}
