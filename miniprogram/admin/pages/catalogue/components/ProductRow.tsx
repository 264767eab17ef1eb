import { Image, Text, View } from '@tarojs/components';
import { LOW_STOCK_UNITS, type AdminProductSummaryDTO } from '@shared/types/admin-catalogue';
import { Tag } from '../../../../components/Tag';
import { assetUrl } from '../../../../services/assets';
import { formatMoney } from '../../../../utils/format';
import { STORAGE_LABEL } from '../../../../utils/labels';
import { categoryLabel } from '../labels';

/** One product of the admin's list: picture, title with storage, supplier and parts, price from, stock. */
export function ProductRow({ p, onOpen }: { p: AdminProductSummaryDTO; onOpen: () => void }) {
  const stockTone = p.totalStock === 0 ? 'out' : p.totalStock < LOW_STOCK_UNITS ? 'low' : 'ok';
  const image = assetUrl(p.image);
  return (
    <View className='product-row' id={`product-${p.id}`} hoverClass='product-row--pressed' onClick={onOpen}>
      {image ? <Image className='product-row__img' src={image} mode='aspectFill' /> : <View className='product-row__img product-row__img--none'><Text>{p.title.slice(0, 1)}</Text></View>}
      <View className='product-row__main'>
        <View className='product-row__line'>
          <Text className='product-row__title'>{p.title}</Text>
          {p.storage !== 'ambient' ? <Tag tone='orange'>{STORAGE_LABEL[p.storage]}</Tag> : null}
        </View>
        <Text className='product-row__note'>{p.supplier.name} · {categoryLabel(p.category)}</Text>
        <Text className='product-row__note'>{p.skuCount} 个规格 · {p.lotCount} 个批次</Text>
      </View>
      <View className='product-row__side'>
        <Text className='product-row__price'>{p.minListPriceFen === null ? '—' : `${formatMoney(p.minListPriceFen)}${p.skuCount > 1 ? '起' : ''}`}</Text>
        <Text className={`product-row__stock product-row__stock--${stockTone}`}>
          {stockTone === 'out' ? '缺货' : `库存 ${p.totalStock}${p.unit}`}
        </Text>
      </View>
    </View>
  );
}
