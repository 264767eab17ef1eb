/**
 * 收益明细: every commission entry of mine, newest first — earned at 成团, taken back by a refund, moved to
 * 已确认 when the order completed — with the order, the campaign and the statement that settled it. Pages of
 * PAGE_SIZE; "more" appends the next page.
 */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { EarningEntryDTO } from '@shared/types/commission';
import type { Page } from '@shared/types/api';
import { AppButton } from '../../../../components/AppButton';
import { Cell } from '../../../../components/Cell';
import { RemoteList } from '../../../../components/RemoteList';
import { useRemote } from '../../../../hooks/useRemote';
import { listMyEntries } from '../../../../services/earnings.api';
import { userMessage } from '../../../../services/api-error';
import { formatDateTime, formatMoney } from '../../../../utils/format';
import { ENTRY_TYPE_LABEL } from '../text';

const PAGE_SIZE = 20;

/**
 * A completed order's commission moves from 待确认 to 已确认 as a pair of release entries (minus on one side,
 * plus on the other); each is named for its side so the pair reads as one move, not as money lost and won.
 */
function entryTitle(e: EarningEntryDTO): string {
  if (e.entryType !== 'release') return ENTRY_TYPE_LABEL[e.entryType];
  return e.bucket === 'pending' ? '订单完成，移出待确认' : '订单完成，转入已确认';
}

function EntryRow({ e }: { e: EarningEntryDTO }) {
  const where = e.statementId ? `对账单 #${e.statementId}` : e.bucket === 'pending' ? '待确认' : '已确认';
  return (
    <Cell
      title={<Text className='ern-entry__title'>{entryTitle(e)} · {e.campaignTitle}</Text>}
      note={`订单 ${e.orderNo} · ${formatDateTime(e.postedAt)} · ${where}`}
      value={<Text className={`ern-entry__amount${e.amountFen < 0 ? ' ern-fig__value--neg' : ''}`} id={`entry-${e.id}`}>{e.amountFen > 0 ? '+' : ''}{formatMoney(e.amountFen)}</Text>}
    />
  );
}

export function EntryList({ enabled, version }: { enabled: boolean; version: unknown }) {
  // `version` changes when the page reloads (pull to refresh): the list starts again from its first page.
  const load = useCallback(() => listMyEntries(0, PAGE_SIZE), [version]); // eslint-disable-line react-hooks/exhaustive-deps
  const first = useRemote(load, { enabled, isEmpty: (p: Page<EarningEntryDTO>) => p.items.length === 0 });
  const [more, setMore] = useState<{ base: Page<EarningEntryDTO>; items: EarningEntryDTO[]; next: string | null } | null>(null);
  const [loading, setLoading] = useState(false);

  const base = first.status === 'ready' ? first.data : null;
  const extra = more && more.base === base ? more : null;
  const items = base ? [...base.items, ...(extra?.items ?? [])] : undefined;
  const next = extra ? extra.next : base?.nextCursor ?? null;

  const loadMore = async () => {
    if (!base || !next || loading) return;
    setLoading(true);
    try {
      const page = await listMyEntries(Number(next), PAGE_SIZE);
      setMore({ base, items: [...(extra?.items ?? []), ...page.items], next: page.nextCursor });
    } catch (err) {
      void Taro.showToast({ title: userMessage(err), icon: 'none', duration: 3000 });
    } finally {
      setLoading(false);
    }
  };

  return (
    <View>
      <RemoteList
        group
        status={first.status}
        items={items}
        errorMessage={first.status === 'error' ? first.error.message : undefined}
        onRetry={first.reload}
        empty={{ title: '还没有佣金明细', description: '团购成团后，每笔订单的佣金会记在这里' }}
        renderItem={(e) => <EntryRow key={e.id} e={e} />}
      />
      {next ? <View className='ern-more'><AppButton variant='secondary' size='sm' loading={loading} onClick={loadMore}>加载更多</AppButton></View> : null}
    </View>
  );
}
