/** The action bar fixed to the bottom of a page (join, pay, submit), clear of the phone's home indicator. */
import { View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export function StickyBar({ children }: { children: ReactNode }) {
  return (
    <>
      <View className='sticky-bar__spacer' />
      <View className='sticky-bar'>{children}</View>
    </>
  );
}
