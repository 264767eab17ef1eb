import { Image, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { CampaignItemDTO } from '@shared/types/campaign';
import type { ProductReviewsDTO } from '@shared/types/review';
import { Tag } from '../../../components/Tag';
import { StarRating } from '../../../components/StarRating';
import { formatDateTime, formatMoney } from '../../../utils/format';
import { STORAGE_LABEL } from '../../../utils/labels';
import { TierList } from './TierList';
import { TraceCard } from './TraceCard';

export interface ItemCardProps {
  item: CampaignItemDTO;
  images: string[];
  reviews: ProductReviewsDTO | 'loading' | 'error' | null;
  onShowReviews: () => void;
}

/** One product of the campaign: picture, price (with tiers), stock and limit, rating, traceability. */
export function ItemCard({ item, images, reviews, onShowReviews }: ItemCardProps) {
  const [broken, setBroken] = useState(false);
  const cover = images[0];
  return (
    <View className='item-card'>
      <View className='item-card__top'>
        {cover && !broken ? (
          <Image className='item-card__img' src={cover} mode='aspectFill' lazyLoad onError={() => setBroken(true)} />
        ) : (
          <View className='item-card__img item-card__img--blank'><Text>{Array.from(item.title)[0]}</Text></View>
        )}
        <View className='item-card__main'>
          <Text className='item-card__title'>{item.title}</Text>
          <Text className='item-card__spec'>{item.spec}</Text>
          <View className='item-card__tags'>
            {item.traceability.storage !== 'ambient' ? <Tag tone='orange'>{STORAGE_LABEL[item.traceability.storage]}配送</Tag> : null}
            {item.fresh ? <Tag tone='green'>生鲜</Tag> : null}
            {item.perPersonLimit ? <Tag tone='grey'>每人限{item.perPersonLimit}{item.unit}</Tag> : null}
          </View>
          <View className='item-card__price-line'>
            <Text className='item-card__price'>{formatMoney(item.currentPriceFen)}</Text>
            <Text className='item-card__unit'>/{item.unit}</Text>
            {item.listPriceFen > item.currentPriceFen ? <Text className='item-card__list'>{formatMoney(item.listPriceFen)}</Text> : null}
          </View>
        </View>
      </View>
      <View className='item-card__stock'>
        <Text>已售 {item.sold}{item.unit}</Text>
        <Text className={item.available === 0 ? 'item-card__soldout' : ''}>{item.available === 0 ? '已抢光' : `剩余 ${item.available}${item.unit}`}</Text>
      </View>
      <TierList basePriceFen={item.basePriceFen} tiers={item.tiers} />
      <TraceCard t={item.traceability} />
      <View className='item-card__rating' onClick={reviews === null ? onShowReviews : undefined}>
        {item.rating.count ? (
          <View className='item-card__rating-line'>
            <StarRating value={Math.round(item.rating.average ?? 0)} size='sm' />
            <Text className='item-card__rating-text'>{item.rating.average} 分 · {item.rating.count} 条评价</Text>
            {reviews === null ? <Text className='item-card__rating-more'>查看</Text> : null}
          </View>
        ) : (
          <Text className='item-card__rating-text'>暂无评价，取货后可以来评一评</Text>
        )}
        {reviews === 'loading' ? <Text className='item-card__rating-text'>评价加载中…</Text> : null}
        {reviews === 'error' ? <Text className='item-card__rating-text'>评价加载失败，点此重试</Text> : null}
        {reviews && typeof reviews === 'object' ? reviews.items.map((r) => (
          <View key={r.id} className='review-line'>
            <View className='review-line__head'>
              <Text className='review-line__author'>{r.author}</Text>
              <StarRating value={r.rating} size='sm' />
              <Text className='review-line__time'>{formatDateTime(r.createdAt)}</Text>
            </View>
            {r.text ? <Text className='review-line__text'>{r.text}</Text> : null}
          </View>
        )) : null}
      </View>
    </View>
  );
}
