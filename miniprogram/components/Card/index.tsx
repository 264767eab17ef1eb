/** A white rounded block of a detail page, with an optional title line. */
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export function Card({ title, extra, children, className }: { title?: string; extra?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <View className={`card${className ? ` ${className}` : ''}`}>
      {title ? (
        <View className='card__head'>
          <Text className='card__title'>{title}</Text>
          {extra ? <View className='card__extra'>{extra}</View> : null}
        </View>
      ) : null}
      {children}
    </View>
  );
}
