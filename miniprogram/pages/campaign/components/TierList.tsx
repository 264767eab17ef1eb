import { Text, View } from '@tarojs/components';
import type { TierDTO } from '@shared/types/campaign';
import { formatMoney } from '../../../utils/format';

/** 阶梯价: the base price and each tier; the one in force now is marked, reached ones are green. */
export function TierList({ basePriceFen, tiers }: { basePriceFen: number; tiers: TierDTO[] }) {
  if (!tiers.length) return null;
  const baseCurrent = !tiers.some((t) => t.current);
  const steps = [{ key: 'base', label: '开团价', priceFen: basePriceFen, reached: true, current: baseCurrent }, ...tiers.map((t) => ({
    key: String(t.minParticipants), label: `满${t.minParticipants}人`, priceFen: t.priceFen, reached: t.reached, current: t.current,
  }))];
  return (
    <View className='tiers'>
      {steps.map((s) => (
        <View key={s.key} className={`tiers__step${s.reached ? ' tiers__step--reached' : ''}${s.current ? ' tiers__step--current' : ''}`}>
          <Text className='tiers__price'>{formatMoney(s.priceFen)}</Text>
          <Text className='tiers__label'>{s.label}</Text>
          {s.current ? <Text className='tiers__now'>当前</Text> : null}
        </View>
      ))}
    </View>
  );
}
