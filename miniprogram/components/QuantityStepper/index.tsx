/** − n + for a quantity between min and max. Buttons at a limit are dimmed and do nothing. */
import { Text, View } from '@tarojs/components';
import './index.scss';

export interface QuantityStepperProps { value: number; min?: number; max: number; onChange: (next: number) => void; disabled?: boolean; id?: string }

export function QuantityStepper({ value, min = 0, max, onChange, disabled, id }: QuantityStepperProps) {
  const canDown = !disabled && value > min;
  const canUp = !disabled && value < max;
  return (
    <View className={`stepper${disabled ? ' stepper--disabled' : ''}`} id={id}>
      <View className={`stepper__btn${canDown ? '' : ' stepper__btn--off'}`} hoverClass={canDown ? 'stepper__btn--pressed' : 'none'}
        onClick={canDown ? () => onChange(value - 1) : undefined} role='button' aria-label='减少'>
        <Text>−</Text>
      </View>
      <Text className='stepper__value'>{value}</Text>
      <View className={`stepper__btn stepper__btn--plus${canUp ? '' : ' stepper__btn--off'}`} hoverClass={canUp ? 'stepper__btn--pressed' : 'none'}
        onClick={canUp ? () => onChange(value + 1) : undefined} role='button' aria-label='增加'>
        <Text>+</Text>
      </View>
    </View>
  );
}
