/** One pickup point's sorting list (分拣单): which neighbour gets what, with the code tail to label the bag. */
import { Text, View } from '@tarojs/components';
import { useCallback } from 'react';
import { StateView } from '../../../../components/StateView';
import { useRemote } from '../../../../hooks/useRemote';
import { getSortingList } from '../../../../services/fulfilment.api';

export function SortingList({ campaignId, pointId }: { campaignId: number; pointId: number }) {
  const load = useCallback(() => getSortingList(campaignId, pointId), [campaignId, pointId]);
  const state = useRemote(load, { isEmpty: (l) => l.entries.length === 0 });
  if (state.status === 'loading') return <StateView kind='loading' rows={1} />;
  if (state.status === 'error') return <StateView kind='error' message={state.error.message} onRetry={state.reload} />;
  if (state.status === 'empty') return <Text className='ff-note'>这个自提点没有需要分拣的订单</Text>;
  const list = state.data;
  return (
    <View className='ff-sorting' id={`sorting-${pointId}`}>
      {list.entries.map((e) => (
        <View key={e.orderId} className='ff-sort'>
          <Text className='ff-sort__seq'>{e.seq}</Text>
          <View className='ff-sort__main'>
            <Text className='ff-sort__who'>{e.neighbour || '邻居'}{e.phoneTail ? ` (${e.phoneTail})` : ''}</Text>
            <Text className='ff-sort__what'>{e.items.map((i) => `${i.title} × ${i.quantity}`).join('，')}</Text>
          </View>
          <Text className='ff-sort__tail'>{e.codeTail ?? '—'}</Text>
        </View>
      ))}
      <Text className='ff-total'>合计：{list.totals.map((t) => `${t.title} × ${t.quantity}`).join('，')}</Text>
    </View>
  );
}
