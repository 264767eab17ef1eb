/**
 * A list fed by the API: skeletons while loading, an empty state, or an error with a retry; otherwise the rows.
 * The page owns the request (useRemote) and passes its status through. The `remote-list--<status>` class lets
 * the browser tests wait for a settled list whatever it holds.
 */
import { View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { StateView } from '../StateView';
import { CellGroup } from '../Cell';
import type { RemoteState } from '../../hooks/useRemote';

export interface RemoteListProps<T> {
  status: 'loading' | 'ready' | 'empty' | 'error';
  items?: readonly T[];
  errorMessage?: string;
  onRetry: () => void;
  empty: { title: string; description?: string; actionText?: string };
  renderItem: (item: T) => ReactNode;
  /** Rows are <Cell>s sharing one card, rather than cards of their own. */
  group?: boolean;
}

/** The list's state props from a useRemote of the rows themselves: `<RemoteList {...remoteListProps(list)} …/>`. */
export function remoteListProps<T>(list: RemoteState<readonly T[]> & { reload: () => void }): Pick<RemoteListProps<T>, 'status' | 'items' | 'errorMessage' | 'onRetry'> {
  return {
    status: list.status,
    items: list.status === 'ready' ? list.data : undefined,
    errorMessage: list.status === 'error' ? list.error.message : undefined,
    onRetry: list.reload,
  };
}

export function RemoteList<T>({ status, items, errorMessage, onRetry, empty, renderItem, group }: RemoteListProps<T>) {
  const shown = status === 'ready' && (!items || items.length === 0) ? 'empty' : status;
  let body: ReactNode;
  if (shown === 'loading') body = <StateView kind='loading' />;
  else if (shown === 'error') body = <StateView kind='error' message={errorMessage ?? '加载失败'} onRetry={onRetry} />;
  else if (shown === 'empty') {
    body = <StateView kind='empty' title={empty.title} description={empty.description} actionText={empty.actionText ?? '刷新看看'} onAction={onRetry} />;
  } else {
    const rows = (items ?? []).map(renderItem);
    body = group ? <CellGroup>{rows}</CellGroup> : rows;
  }
  return <View className={`remote-list remote-list--${shown}`}>{body}</View>;
}
