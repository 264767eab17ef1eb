/** One row of a grouped list (profile fields, settings, a role to switch to). Wrap rows in <CellGroup>. */
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export function CellGroup({ children }: { children: ReactNode }) {
  return <View className='cell-group'>{children}</View>;
}

export interface CellProps {
  title: ReactNode;
  /** A line under the title, or several (each on its own line). */
  note?: string | string[];
  value?: ReactNode;
  arrow?: boolean;
  onClick?: () => void;
}

export function Cell({ title, note, value, arrow, onClick }: CellProps) {
  return (
    <View className={`cell${onClick ? ' cell--link' : ''}`} hoverClass={onClick ? 'cell--pressed' : 'none'} onClick={onClick}>
      <View className='cell__main'>
        <View className='cell__title'>{title}</View>
        {(typeof note === 'string' ? [note] : note ?? []).map((line) => <Text key={line} className='cell__note'>{line}</Text>)}
      </View>
      {value !== undefined ? <View className='cell__value'>{value}</View> : null}
      {arrow ? <View className='cell__arrow' /> : null}
    </View>
  );
}
