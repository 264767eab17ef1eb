import { Text, View } from '@tarojs/components';
import type { PickupPointBriefDTO } from '@shared/types/campaign';
import { Tag } from '../../../components/Tag';

export interface PointChoice { point: PickupPointBriefDTO; disabledReason: string | null }

/** The campaign's pickup points as radio rows; points that cannot take this basket say why. */
export function PointPicker({ choices, selected, onSelect }: { choices: PointChoice[]; selected: number | null; onSelect: (id: number) => void }) {
  return (
    <View className='point-picker'>
      {choices.map(({ point, disabledReason }) => {
        const on = selected === point.id;
        return (
          <View
            key={point.id}
            id={`point-${point.id}`}
            className={`point-row${on ? ' point-row--on' : ''}${disabledReason ? ' point-row--off' : ''}`}
            onClick={disabledReason ? undefined : () => onSelect(point.id)}
            role='radio'
            aria-checked={on}
            aria-disabled={Boolean(disabledReason)}
          >
            <View className='point-row__radio' />
            <View className='point-row__main'>
              <View className='point-row__line'>
                <Text className='point-row__name'>{point.name}</Text>
                {point.coldStorage ? <Tag tone='green'>有冷柜</Tag> : null}
              </View>
              <Text className='point-row__addr'>{point.address} · 营业 {point.hours}</Text>
              {disabledReason ? <Text className='point-row__why'>{disabledReason}</Text> : null}
            </View>
          </View>
        );
      })}
    </View>
  );
}
