import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { JielongEntryDTO } from '@shared/types/campaign';
import { getJielongPage } from '../../../services/campaign.api';
import { isApiError } from '../../../services/api-error';

/** How many more names one tap on "more" loads. */
const PAGE = 50;

interface Props {
  campaignId: number;
  /** The first entries, as the campaign detail carries them. */
  entries: JielongEntryDTO[];
  /** How many people the whole list has. */
  total: number;
}

/**
 * 接龙: who has joined (paid), in order, as the chat group sees it. The detail carries the first names; the
 * rest load a page at a time on request, so a campaign with hundreds of buyers still opens fast.
 */
export function JielongList({ campaignId, entries, total }: Props) {
  const [more, setMore] = useState<JielongEntryDTO[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A refreshed detail starts the list again from what it carries.
  useEffect(() => { setMore([]); setError(null); }, [campaignId, entries]);

  if (!entries.length) return <Text className='jielong__empty'>还没有人接龙，来做第一个吧</Text>;
  const shown = [...entries, ...more];
  const left = Math.max(0, total - shown.length);

  const loadMore = async () => {
    if (loading) return;
    setLoading(true);
    setError(null);
    try {
      const page = await getJielongPage(campaignId, shown.length, PAGE);
      setMore((m) => [...m, ...page.entries]);
    } catch (err) {
      setError(isApiError(err) ? err.message : '加载失败，请重试');
    } finally {
      setLoading(false);
    }
  };

  return (
    <View className='jielong'>
      {shown.map((e) => (
        <View key={e.seq} className='jielong__row'>
          <Text className='jielong__seq'>{e.seq}.</Text>
          <Text className='jielong__name'>{e.displayName}</Text>
          <Text className='jielong__items'>{e.items}</Text>
        </View>
      ))}
      {left > 0 && (
        <View className='jielong__more' id='jielong-more' hoverClass='jielong__more--pressed' onClick={loadMore}>
          <Text>{loading ? '加载中…' : error ? `${error} · 点此重试` : `查看更多（还有 ${left} 人）`}</Text>
        </View>
      )}
    </View>
  );
}
