/** Progress towards a target: a bar with a text on each side. The page computes the texts. */
import { Text, View } from '@tarojs/components';
import './index.scss';

export function ProgressBar({ current, target, left, right, done }: { current: number; target: number; left?: string; right?: string; done?: boolean }) {
  const pct = target > 0 ? Math.min(100, Math.round((current / target) * 100)) : 100;
  return (
    <View className='progress-bar'>
      {left || right ? (
        <View className='progress-bar__texts'>
          <Text className='progress-bar__left'>{left}</Text>
          <Text className={`progress-bar__right${done ? ' progress-bar__right--done' : ''}`}>{right}</Text>
        </View>
      ) : null}
      <View className='progress-bar__track' role='progressbar' aria-valuenow={pct}>
        <View className={`progress-bar__fill${done ? ' progress-bar__fill--done' : ''}`} style={{ width: `${Math.max(pct, 3)}%` }} />
      </View>
    </View>
  );
}
