import { Image, Text, View } from '@tarojs/components';
import type { CampaignItemDTO } from '@shared/types/campaign';
import { QuantityStepper } from '../../../components/QuantityStepper';
import { formatMoney } from '../../../utils/format';

/** A campaign item with its quantity: the most one may take is what is left and the per-person limit. */
export function LineItem({ item, image, quantity, max, onChange }: { item: CampaignItemDTO; image: string | null; quantity: number; max: number; onChange: (q: number) => void }) {
  const limitText = item.available === 0 ? '已抢光' : item.perPersonLimit ? `每人限${item.perPersonLimit}${item.unit} · 剩${item.available}` : `剩${item.available}${item.unit}`;
  return (
    <View className='line-item'>
      {image ? <Image className='line-item__img' src={image} mode='aspectFill' /> : <View className='line-item__img' />}
      <View className='line-item__main'>
        <Text className='line-item__title'>{item.title}</Text>
        <Text className='line-item__spec'>{item.spec}</Text>
        <View className='line-item__foot'>
          <Text className='line-item__price'>{formatMoney(item.currentPriceFen)}</Text>
          <QuantityStepper id={`qty-${item.id}`} value={quantity} max={max} onChange={onChange} disabled={max === 0} />
        </View>
        <Text className='line-item__limit'>{limitText}</Text>
      </View>
    </View>
  );
}
