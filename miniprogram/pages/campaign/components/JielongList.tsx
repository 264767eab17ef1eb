import { Text, View } from '@tarojs/components';
import type { JielongEntryDTO } from '@shared/types/campaign';

/** 接龙: who has joined (paid), in order, as the chat group sees it. */
export function JielongList({ entries }: { entries: JielongEntryDTO[] }) {
  if (!entries.length) return <Text className='jielong__empty'>还没有人接龙，来做第一个吧</Text>;
  return (
    <View className='jielong'>
      {entries.map((e) => (
        <View key={e.seq} className='jielong__row'>
          <Text className='jielong__seq'>{e.seq}.</Text>
          <Text className='jielong__name'>{e.displayName}</Text>
          <Text className='jielong__items'>{e.items}</Text>
        </View>
      ))}
    </View>
  );
}
