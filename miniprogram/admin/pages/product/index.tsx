/**
 * 商品 (admin sub-package): create a product, or edit one (?id=), with its SKUs (prices in yuan, sent as fen) and
 * traceable lots, its supplier, storage and after-sales class. One save sends the whole product; the server keeps
 * SKUs and lots a campaign sells (its 409 names them) and changes nothing when it refuses.
 */
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { AdminProductDTO, SupplierDTO } from '@shared/types/admin-catalogue';
import { STORAGE_KINDS } from '@shared/types/statuses';
import { Card } from '../../../components/Card';
import { Chips } from '../../../components/Chips';
import { StateView } from '../../../components/StateView';
import { StickyBar } from '../../../components/StickyBar';
import { AppButton } from '../../../components/AppButton';
import { TextArea } from '../../../components/TextArea';
import { PhotoPicker } from '../../../components/PhotoPicker';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { createProduct, deleteProduct, getProduct, listSuppliers, saveProduct } from '../../../services/admin-catalogue.api';
import { uploadImage } from '../../../services/upload.api';
import { assetUrl } from '../../../services/assets';
import { userMessage } from '../../../services/api-error';
import { idParam, pageUrl } from '../../../utils/nav';
import { STORAGE_LABEL } from '../../../utils/labels';
import { CATEGORY_LABEL, categoryLabel } from '../catalogue/labels';
import { blankLot, blankProduct, blankSku, fromProduct, toRequest, type ProductDraft } from './form';
import { Field } from './components/Field';
import { SkuEditor } from './components/SkuEditor';
import { LotEditor } from './components/LotEditor';
import './index.scss';

interface Sources { suppliers: SupplierDTO[]; product: AdminProductDTO | null }

const pad = (n: number) => String(n).padStart(2, '0');
/** Today in the admin's own time zone, as a lot date. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Back to the list (which reloads on show), or to it afresh when this page was opened directly. */
function leave(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.redirectTo({ url: pageUrl('adminCatalogue') });
}

export default function AdminProductPage() {
  const session = useRoleGuard('admin');
  const id = idParam(useRouter().params.id);
  const load = useCallback(async (): Promise<Sources> => {
    const [suppliers, product] = await Promise.all([listSuppliers(), id ? getProduct(id) : Promise.resolve(null)]);
    return { suppliers, product };
  }, [id]);
  const src = useRemote(load, { enabled: session !== null });
  const [form, setForm] = useState<ProductDraft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'delete' | 'upload' | null>(null);

  useEffect(() => {
    if (src.status === 'ready' && form === null) setForm(src.data.product ? fromProduct(src.data.product) : blankProduct(today()));
  }, [src.status]);
  useEffect(() => { void Taro.setNavigationBarTitle({ title: id ? '编辑商品' : '新建商品' }); }, [id]);

  if (!session) return null;
  if (src.status === 'loading' || (src.status === 'ready' && !form)) return <View className='page product-page'><StateView kind='loading' rows={3} /></View>;
  if (src.status !== 'ready' || !form) {
    return <View className='page product-page'><StateView kind='error' message={src.status === 'error' ? src.error.message : '加载失败'} onRetry={src.reload} /></View>;
  }
  const { suppliers, product } = src.data;
  const set = (patch: Partial<ProductDraft>) => setForm((f) => (f ? { ...f, ...patch } : f));
  const categories = [...new Set([...Object.keys(CATEGORY_LABEL), form.category])];

  const save = async () => {
    if (busy) return;
    const req = toRequest(form);
    if (!req.ok) { setError(req.problem); return; }
    setError(null);
    setBusy('save');
    try {
      if (product) await saveProduct(product.id, req.body);
      else await createProduct(req.body);
      void Taro.showToast({ title: product ? '已保存' : '已上架到商品库', icon: 'none' });
      leave();
    } catch (err) {
      setError(userMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    if (!product || busy) return;
    const { confirm } = await Taro.showModal({ title: '删除商品', content: `删除「${product.title}」及其规格和批次？已用于团购的商品不能删除。`, confirmText: '删除', confirmColor: '#e5484d' });
    if (!confirm) return;
    setBusy('delete');
    try {
      await deleteProduct(product.id);
      void Taro.showToast({ title: '已删除', icon: 'none' });
      leave();
    } catch (err) {
      setError(userMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const addImage = async () => {
    if (busy || form.images.length >= 9) return;
    let path: string;
    try {
      path = (await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] })).tempFilePaths[0];
    } catch {
      return; // picker closed
    }
    setBusy('upload');
    try {
      const { url } = await uploadImage(path);
      setForm((f) => (f ? { ...f, images: [...f.images, url] } : f));
    } catch (err) {
      setError(userMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const sold = product ? product.skus.some((s) => s.campaignCount) || product.lots.some((l) => l.campaignCount) : false;

  return (
    <View className='page product-page product-page--ready'>
      <Card title='基本信息'>
        <Input id='product-title' className='pf-title' value={form.title} maxlength={120} placeholder='商品名称，如 奉化水蜜桃' onInput={(e) => set({ title: e.detail.value })} />
        <Text className='pf-label'>供应商</Text>
        {suppliers.length ? (
          <Chips idPrefix='supplier' options={suppliers.map((s) => ({ key: s.id, label: s.name }))} value={form.supplierId} onChange={(supplierId) => set({ supplierId })} />
        ) : <Text className='pf-note'>还没有供应商：请先在商品库的「供应商」里添加</Text>}
        <Text className='pf-label'>品类</Text>
        <Chips idPrefix='category' options={categories.map((c) => ({ key: c, label: categoryLabel(c) }))} value={form.category} onChange={(category) => set({ category })} />
        <Text className='pf-label'>储存方式</Text>
        <Chips idPrefix='storage' options={STORAGE_KINDS.map((k) => ({ key: k, label: STORAGE_LABEL[k] }))} value={form.storage} onChange={(storage) => set({ storage })} />
        <Text className='pf-label'>售后时效</Text>
        <Chips idPrefix='fresh' options={[{ key: 'fresh', label: '生鲜 · 取货后 48 小时' }, { key: 'other', label: '非生鲜 · 7 天' }]}
          value={form.fresh ? 'fresh' : 'other'} onChange={(k) => set({ fresh: k === 'fresh' })} />
        <View className='pf-grid'>
          <Field id='product-unit' label='单位' value={form.unit} placeholder='箱/袋/斤' onInput={(unit) => set({ unit })} />
          <Field id='product-weight' label='重量' unit='克' type='number' value={form.weight} placeholder='选填' onInput={(weight) => set({ weight })} />
          <Field id='product-shelf-life' label='保质期' unit='天' type='number' value={form.shelfLife} placeholder='选填' onInput={(shelfLife) => set({ shelfLife })} />
          <Field id='product-commission' label='团长佣金' unit='%' type='digit' value={form.commission} placeholder='默认' onInput={(commission) => set({ commission })} />
        </View>
        <Text className='pf-label'>商品图片</Text>
        <PhotoPicker photos={form.images.map((u) => assetUrl(u) ?? u)} max={9} uploading={busy === 'upload'} onAdd={addImage}
          onRemove={(i) => set({ images: form.images.filter((_, j) => j !== i) })} />
        <Text className='pf-label'>商品介绍</Text>
        <TextArea id='product-description' value={form.description} maxLength={2000} placeholder='口感、规格、适合谁（选填）' onInput={(description) => set({ description })} />
      </Card>

      <Card title='规格与价格' extra={<Text>金额单位：元</Text>}>
        {form.skus.map((s, i) => (
          <SkuEditor key={s.id ?? `new-${i}`} sku={s} index={i} unit={form.unit.trim()} removable={form.skus.length > 1}
            onChange={(d) => set({ skus: form.skus.map((x, j) => (j === i ? d : x)) })}
            onRemove={() => set({ skus: form.skus.filter((_, j) => j !== i) })} />
        ))}
        {form.skus.length < 20 ? <Text id='add-sku' className='pf-add' onClick={() => set({ skus: [...form.skus, blankSku()] })}>＋ 添加规格</Text> : null}
      </Card>

      <Card title='批次与溯源' extra={<Text>展示在团购的溯源卡上</Text>}>
        {form.lots.length === 0 ? <Text className='pf-note'>还没有批次：开团时需要选择批次，邻居才能看到产地和采收日期</Text> : null}
        {form.lots.map((l, i) => (
          <LotEditor key={l.id ?? `new-${i}`} lot={l} index={i}
            onChange={(d) => set({ lots: form.lots.map((x, j) => (j === i ? d : x)) })}
            onRemove={() => set({ lots: form.lots.filter((_, j) => j !== i) })} />
        ))}
        <Text id='add-lot' className='pf-add' onClick={() => set({ lots: [...form.lots, blankLot(today())] })}>＋ 添加批次</Text>
      </Card>

      {product && !sold ? (
        <View className='pf-delete'><AppButton variant='danger' size='sm' loading={busy === 'delete'} onClick={remove}>删除商品</AppButton></View>
      ) : null}

      {error ? <View className='pf-error' role='alert'><Text>{error}</Text></View> : null}

      <StickyBar>
        <AppButton block loading={busy === 'save'} onClick={save}>{product ? '保存修改' : '上架到商品库'}</AppButton>
      </StickyBar>
    </View>
  );
}
