/** A row of choices where one is picked (threshold kind, deadline, lot…). */
import { Text, View } from '@tarojs/components';
import './index.scss';

export interface ChipOption<K extends string | number> { key: K; label: string; disabled?: boolean }

export function Chips<K extends string | number>({ options, value, onChange, idPrefix }: { options: Array<ChipOption<K>>; value: K | null; onChange: (k: K) => void; idPrefix?: string }) {
  return (
    <View className='chips'>
      {options.map((o) => (
        <Text
          key={String(o.key)}
          id={idPrefix ? `${idPrefix}-${o.key}` : undefined}
          className={`chip${o.key === value ? ' chip--on' : ''}${o.disabled ? ' chip--off' : ''}`}
          onClick={o.disabled ? undefined : () => onChange(o.key)}
        >{o.label}</Text>
      ))}
    </View>
  );
}
