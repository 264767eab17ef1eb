import { Text, View } from '@tarojs/components';

export interface Segment { key: string; label: string; value: number; text: string; color: string }

/** One bar split into parts by their share of the total (widths in %), with a legend of label and amount. */
export function SplitBar({ segments, id }: { segments: Segment[]; id?: string }) {
  const total = segments.reduce((s, x) => s + Math.max(0, x.value), 0);
  return (
    <View className='split-bar' id={id}>
      <View className='split-bar__track'>
        {total > 0 ? segments.filter((s) => s.value > 0).map((s) => (
          <View key={s.key} className='split-bar__part' style={{ width: `${(s.value / total) * 100}%`, background: s.color }} />
        )) : null}
      </View>
      <View className='split-bar__legend'>
        {segments.map((s) => (
          <View key={s.key} className='split-bar__item'>
            <View className='split-bar__dot' style={{ background: s.color }} />
            <Text className='split-bar__label'>{s.label}</Text>
            <Text className='split-bar__value'>{s.text}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
