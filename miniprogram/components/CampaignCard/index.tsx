/** A campaign in a list: cover, title, price from, progress to the threshold, time left. All texts preformatted. */
import { Image, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Tag } from '../Tag';
import './index.scss';

export interface CampaignCardProps {
  title: string;
  coverUrl?: string | null;
  /** Already formatted ("¥12.30"), so the component stays free of money rules. */
  priceText: string;
  progressText: string;
  timeText: string;
  badge: { text: string; tone: 'green' | 'orange' | 'grey' };
  onClick?: () => void;
}

export function CampaignCard({ title, coverUrl, priceText, progressText, timeText, badge, onClick }: CampaignCardProps) {
  // A picture that fails to load shows the placeholder, not a broken-image icon.
  const [broken, setBroken] = useState(false);
  return (
    <View className='campaign-card' hoverClass='campaign-card--pressed' onClick={onClick}>
      {coverUrl && !broken ? (
        <Image className='campaign-card__cover' src={coverUrl} mode='aspectFill' lazyLoad onError={() => setBroken(true)} />
      ) : (
        <View className='campaign-card__cover campaign-card__cover--blank'><Text>团</Text></View>
      )}
      <View className='campaign-card__body'>
        <Text className='campaign-card__title'>{title}</Text>
        <View className='campaign-card__tags'>
          <Tag tone={badge.tone}>{badge.text}</Tag>
          <Text className='campaign-card__time'>{timeText}</Text>
        </View>
        <View className='campaign-card__foot'>
          <View className='campaign-card__price-line'>
            <Text className='campaign-card__price'>{priceText}</Text>
            <Text className='campaign-card__price-from'>起</Text>
          </View>
          <Text className='campaign-card__progress'>{progressText}</Text>
        </View>
      </View>
    </View>
  );
}
