import { Text, View } from '@tarojs/components';

export interface Bar { key: string; label: string; value: number; text: string }

/**
 * Daily bars drawn with Views: each bar's height is a percentage of the tallest, inside a box of fixed height,
 * which renders the same in WeChat and on the web (no canvas, no chart library). Tapping a bar selects it; the
 * page shows the selected day's figures.
 */
export function BarChart({ bars, tone, selected, onSelect, id }: { bars: Bar[]; tone: 'green' | 'orange'; selected: string | null; onSelect: (key: string) => void; id?: string }) {
  const max = Math.max(0, ...bars.map((b) => b.value));
  // Day labels under the first, middle and last bars; more would not fit 30 bars on a phone.
  const labelled = new Set([0, Math.floor((bars.length - 1) / 2), bars.length - 1]);
  return (
    <View className='bar-chart' id={id}>
      <View className='bar-chart__plot'>
        {bars.map((b) => (
          <View key={b.key} className={`bar-chart__slot${selected === b.key ? ' bar-chart__slot--on' : ''}`} onClick={() => onSelect(b.key)} aria-label={`${b.label} ${b.text}`}>
            <View className={`bar-chart__bar bar-chart__bar--${tone}${b.value === 0 ? ' bar-chart__bar--zero' : ''}`}
              style={{ height: `${max > 0 ? Math.max(2, Math.round((b.value / max) * 100)) : 2}%` }} />
          </View>
        ))}
      </View>
      <View className='bar-chart__axis'>
        {bars.map((b, i) => <Text key={b.key} className='bar-chart__tick'>{labelled.has(i) ? b.label : ''}</Text>)}
      </View>
    </View>
  );
}
