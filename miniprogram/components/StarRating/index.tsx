/** Five stars: tap to rate (1–5), or read-only with `onChange` left out. */
import { Text, View } from '@tarojs/components';
import './index.scss';

const WORDS = ['', '很差', '较差', '一般', '满意', '非常满意'];

export function StarRating({ value, onChange, size = 'md' }: { value: number; onChange?: (v: number) => void; size?: 'sm' | 'md' }) {
  return (
    <View className={`stars stars--${size}`}>
      {[1, 2, 3, 4, 5].map((n) => (
        <Text
          key={n}
          className={`stars__star${n <= value ? ' stars__star--on' : ''}`}
          onClick={onChange ? () => onChange(n) : undefined}
          aria-label={`${n}星`}
        >★</Text>
      ))}
      {onChange && value > 0 ? <Text className='stars__word'>{WORDS[value]}</Text> : null}
    </View>
  );
}
