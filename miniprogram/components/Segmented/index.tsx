/** A segmented switch between a page's views (tabs of one list): one row, equal widths, the current one raised. */
import { Text, View } from '@tarojs/components';
import './index.scss';

export interface SegmentOption<K extends string> { key: K; label: string }

export function Segmented<K extends string>({ options, value, onChange, idPrefix = 'tab' }: { options: Array<SegmentOption<K>>; value: K; onChange: (k: K) => void; idPrefix?: string }) {
  return (
    <View className='segmented' role='tablist'>
      {options.map((o) => (
        <Text key={o.key} id={`${idPrefix}-${o.key}`}
          className={`segmented__item${o.key === value ? ' segmented__item--on' : ''}`} onClick={() => onChange(o.key)}>{o.label}</Text>
      ))}
    </View>
  );
}
