import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

/** A titled block of a page, with an optional note or action on the right. */
export function Section({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <View className='section'>
      <View className='section__head'>
        <Text className='section__title'>{title}</Text>
        {extra ? <View className='section__extra'>{extra}</View> : null}
      </View>
      {children}
    </View>
  );
}
