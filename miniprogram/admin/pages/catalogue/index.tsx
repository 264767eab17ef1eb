/**
 * 商品库 (admin sub-package): products with search and filters (category, storage, stock), and the suppliers with
 * their certifications. A product opens its edit page; "新建商品" opens an empty one; suppliers are added and
 * edited in a sheet. The list reloads when the admin comes back from a product page.
 */
import { useDidShow } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useRef, useState } from 'react';
import { STOCK_FILTERS, type StockFilter, type SupplierDTO } from '@shared/types/admin-catalogue';
import { STORAGE_KINDS, type StorageKind } from '@shared/types/statuses';
import { Chips } from '../../../components/Chips';
import { RemoteList } from '../../../components/RemoteList';
import { Cell } from '../../../components/Cell';
import { Tag } from '../../../components/Tag';
import { AppButton } from '../../../components/AppButton';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import { listProducts, listSuppliers } from '../../../services/admin-catalogue.api';
import { openPage } from '../../../utils/nav';
import { STORAGE_LABEL } from '../../../utils/labels';
import { ProductRow } from './components/ProductRow';
import { SupplierSheet } from './components/SupplierSheet';
import { categoryLabel, STOCK_LABEL } from './labels';
import './index.scss';

type Tab = 'products' | 'suppliers';
interface Filter { q: string; category: string; storage: StorageKind | 'all'; stock: StockFilter }

export default function AdminCataloguePage() {
  const session = useRoleGuard('admin');
  const [tab, setTab] = useState<Tab>('products');
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<Filter>({ q: '', category: 'all', storage: 'all', stock: 'all' });
  // The categories in use, kept from the last unfiltered answer so the chips don't vanish while filtering.
  const [categories, setCategories] = useState<string[]>([]);
  const [sheet, setSheet] = useState<{ supplier: SupplierDTO | null } | null>(null);

  const loadProducts = useCallback(async () => {
    const res = await listProducts({
      q: filter.q || undefined, category: filter.category === 'all' ? undefined : filter.category,
      storage: filter.storage === 'all' ? undefined : filter.storage, stock: filter.stock,
    });
    if (res.categories.length) setCategories(res.categories);
    return res;
  }, [filter]);
  const products = useRemote(loadProducts, { enabled: session !== null });
  const suppliers = useRemote(listSuppliers, { enabled: session !== null && tab === 'suppliers' });

  // A new filter loads again (the first load is useRemote's own).
  const firstFilter = useRef(true);
  useEffect(() => {
    if (firstFilter.current) { firstFilter.current = false; return; }
    void products.reload();
  }, [filter]);
  // Back from a product page: its save shows in the list.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void products.reload();
    shown.current = true;
  });
  usePullRefresh(tab === 'products' ? products.reload : suppliers.reload);

  if (!session) return null;
  const set = (patch: Partial<Filter>) => setFilter((f) => ({ ...f, ...patch }));
  const filtered = filter.q !== '' || filter.category !== 'all' || filter.storage !== 'all' || filter.stock !== 'all';

  return (
    <View className='page catalogue-page'>
      <View className='catalogue-tabs'>
        {(['products', 'suppliers'] as const).map((t) => (
          <Text key={t} id={`tab-${t}`} className={`catalogue-tab${tab === t ? ' catalogue-tab--on' : ''}`} onClick={() => setTab(t)}>
            {t === 'products' ? '商品' : '供应商'}
          </Text>
        ))}
      </View>

      {tab === 'products' ? (
        <View>
          <View className='catalogue-search'>
            <Input id='catalogue-search' className='catalogue-search__input' value={search} placeholder='搜索商品名或供应商' confirmType='search'
              onInput={(e) => setSearch(e.detail.value)} onConfirm={() => set({ q: search.trim() })} />
            <Text className='catalogue-search__go' onClick={() => set({ q: search.trim() })}>搜索</Text>
          </View>
          <View className='catalogue-filters'>
            <Chips idPrefix='cat' options={[{ key: 'all', label: '全部品类' }, ...categories.map((c) => ({ key: c, label: categoryLabel(c) }))]}
              value={filter.category} onChange={(category) => set({ category })} />
            <Chips idPrefix='storage' options={[{ key: 'all', label: '全部储存' }, ...STORAGE_KINDS.map((k) => ({ key: k, label: STORAGE_LABEL[k] }))]}
              value={filter.storage} onChange={(storage) => set({ storage })} />
            <Chips idPrefix='stock' options={STOCK_FILTERS.map((k) => ({ key: k, label: STOCK_LABEL[k] }))} value={filter.stock} onChange={(stock) => set({ stock })} />
          </View>
          <View className='catalogue-head'>
            <Text className='catalogue-head__count'>{products.status === 'ready' ? `${products.data.items.length} 件商品` : ''}</Text>
            <AppButton size='sm' onClick={() => openPage('adminProduct')}>＋ 新建商品</AppButton>
          </View>
          <RemoteList
            status={products.status}
            items={products.status === 'ready' ? products.data.items : undefined}
            errorMessage={products.status === 'error' ? products.error.message : undefined}
            onRetry={products.reload}
            empty={filtered
              ? { title: '没有符合条件的商品', description: '换个关键词或筛选条件试试' }
              : { title: '商品库还是空的', description: '先添加供应商，再新建商品' }}
            renderItem={(p) => <ProductRow key={p.id} p={p} onOpen={() => openPage('adminProduct', { id: p.id })} />}
          />
        </View>
      ) : (
        <View>
          <View className='catalogue-head'>
            <Text className='catalogue-head__count'>{suppliers.status === 'ready' ? `${suppliers.data.length} 家供应商` : ''}</Text>
            <AppButton size='sm' onClick={() => setSheet({ supplier: null })}>＋ 新增供应商</AppButton>
          </View>
          <RemoteList
            group
            status={suppliers.status === 'ready' && suppliers.data.length === 0 ? 'empty' : suppliers.status}
            items={suppliers.status === 'ready' ? suppliers.data : undefined}
            errorMessage={suppliers.status === 'error' ? suppliers.error.message : undefined}
            onRetry={suppliers.reload}
            empty={{ title: '还没有供应商', description: '合作社、农场和加工厂在这里登记' }}
            renderItem={(s) => (
              <Cell key={s.id} arrow onClick={() => setSheet({ supplier: s })}
                title={s.name}
                note={[s.region, s.certifications.length ? s.certifications.map((c) => `${c.name} ${c.number}`).join('；') : '暂无资质证书']}
                value={<Tag tone={s.productCount ? 'green' : 'grey'}>{s.productCount} 个商品</Tag>} />
            )}
          />
        </View>
      )}

      {sheet ? (
        <SupplierSheet supplier={sheet.supplier} onClose={() => setSheet(null)}
          onSaved={() => { setSheet(null); void suppliers.reload(); void products.reload(); }} />
      ) : null}
    </View>
  );
}
