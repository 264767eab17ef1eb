import { Text } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export function Tag({ children, tone = 'green' }: { children: ReactNode; tone?: 'green' | 'orange' | 'grey' | 'white' }) {
  return <Text className={`tag tag--${tone}`}>{children}</Text>;
}
