/**
 * What a list shows when it has no rows to show: skeleton cards while loading, a friendly empty state, or the
 * error's message with a retry. Presentational: the page decides which and passes the texts.
 */
import { View, Text } from '@tarojs/components';
import { AppButton } from '../AppButton';
import './index.scss';

export type StateViewProps =
  | { kind: 'loading'; rows?: number }
  | { kind: 'empty'; title: string; description?: string; actionText?: string; onAction?: () => void }
  | { kind: 'error'; message: string; onRetry: () => void };

export function StateView(props: StateViewProps) {
  if (props.kind === 'loading') {
    return (
      <View className='state-view state-view--loading' aria-busy='true'>
        {Array.from({ length: props.rows ?? 3 }, (_, i) => (
          <View key={i} className='state-skeleton'>
            <View className='state-skeleton__thumb' />
            <View className='state-skeleton__lines'>
              <View className='state-skeleton__line state-skeleton__line--long' />
              <View className='state-skeleton__line' />
              <View className='state-skeleton__line state-skeleton__line--short' />
            </View>
          </View>
        ))}
        <Text className='state-view__sr'>加载中…</Text>
      </View>
    );
  }
  if (props.kind === 'empty') {
    return (
      <View className='state-view state-view--empty'>
        <View className='state-view__art state-view__art--empty'>
          <View className='state-view__basket' />
        </View>
        <Text className='state-view__title'>{props.title}</Text>
        {props.description ? <Text className='state-view__desc'>{props.description}</Text> : null}
        {props.actionText && props.onAction ? (
          <View className='state-view__action'>
            <AppButton variant='secondary' size='sm' onClick={props.onAction}>{props.actionText}</AppButton>
          </View>
        ) : null}
      </View>
    );
  }
  return (
    <View className='state-view state-view--error' role='alert'>
      <View className='state-view__art state-view__art--error'>
        <Text className='state-view__mark'>!</Text>
      </View>
      <Text className='state-view__title'>加载失败</Text>
      <Text className='state-view__desc'>{props.message}</Text>
      <View className='state-view__action'>
        <AppButton variant='secondary' size='sm' onClick={props.onRetry}>重试</AppButton>
      </View>
    </View>
  );
}
