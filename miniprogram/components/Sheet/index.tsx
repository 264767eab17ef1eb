/** A bottom sheet over a dimmed page: pay, cancel with a reason, pick an item. Tapping the dim closes it. */
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export function Sheet({ title, open, onClose, children, id }: { title: string; open: boolean; onClose: () => void; children: ReactNode; id?: string }) {
  if (!open) return null;
  return (
    <View className='sheet' id={id}>
      <View className='sheet__mask' onClick={onClose} />
      <View className='sheet__panel' role='dialog' aria-label={title}>
        <View className='sheet__head'>
          <Text className='sheet__title'>{title}</Text>
          <View className='sheet__close' onClick={onClose} role='button' aria-label='关闭'><Text>×</Text></View>
        </View>
        <View className='sheet__body'>{children}</View>
      </View>
    </View>
  );
}
