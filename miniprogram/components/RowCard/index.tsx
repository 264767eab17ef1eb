/**
 * One record in a work list (an application, a refund, a statement…): a title with a state tag, an amount on the
 * right, a few note lines, and the actions that record allows. Tappable when `onClick` is given.
 */
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { Tag } from '../Tag';
import './index.scss';

export interface RowCardProps {
  title: ReactNode;
  tag?: { text: string; tone: 'green' | 'orange' | 'grey' };
  amount?: string;
  /** Each on its own line; empty ones are skipped. */
  lines?: Array<string | null | undefined | false>;
  actions?: ReactNode;
  onClick?: () => void;
  id?: string;
  children?: ReactNode;
}

export function RowCard({ title, tag, amount, lines, actions, onClick, id, children }: RowCardProps) {
  return (
    <View id={id} className={`row-card${onClick ? ' row-card--link' : ''}`} hoverClass={onClick ? 'row-card--pressed' : 'none'} onClick={onClick}>
      <View className='row-card__head'>
        <View className='row-card__title'>{title}</View>
        {tag ? <Tag tone={tag.tone}>{tag.text}</Tag> : null}
        {amount ? <Text className='row-card__amount'>{amount}</Text> : null}
      </View>
      {(lines ?? []).filter((l): l is string => Boolean(l)).map((l, i) => <Text key={i} className='row-card__line'>{l}</Text>)}
      {children}
      {actions ? <View className='row-card__actions' onClick={(e) => e.stopPropagation()}>{actions}</View> : null}
    </View>
  );
}
