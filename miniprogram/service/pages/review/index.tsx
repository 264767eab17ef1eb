/**
 * 评价 (sub-package "service"): after pickup, each item of the order is rated once — stars, a few words and up
 * to 6 photos. Items already reviewed show the review instead of the form. Ratings feed the product's score
 * shown on every campaign that sells it.
 */
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { OrderDTO, OrderItemDTO } from '@shared/types/order';
import type { ReviewDTO } from '@shared/types/review';
import { StateView } from '../../../components/StateView';
import { Card } from '../../../components/Card';
import { AppButton } from '../../../components/AppButton';
import { StarRating } from '../../../components/StarRating';
import { PhotoPicker } from '../../../components/PhotoPicker';
import { TextArea } from '../../../components/TextArea';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePhotoUpload } from '../../../hooks/usePhotoUpload';
import { createReview, getOrder, listMyReviews } from '../../../services/order.api';
import { userMessage } from '../../../services/api-error';
import { assetUrl } from '../../../services/assets';
import { idParam } from '../../../utils/nav';
import '../service.scss';

function ItemReviewForm({ order, item, onDone }: { order: OrderDTO; item: OrderItemDTO; onDone: (r: ReviewDTO) => void }) {
  const [rating, setRating] = useState(5);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const photos = usePhotoUpload(6);
  const submit = async () => {
    if (submitting || photos.uploading) return;
    setSubmitting(true);
    setError(null);
    try {
      onDone(await createReview(order.id, { orderItemId: item.id, rating, text: text.trim(), photos: photos.photos }));
      void Taro.showToast({ title: '感谢评价', icon: 'success' });
    } catch (err) {
      setError(userMessage(err));
    } finally {
      setSubmitting(false);
    }
  };
  return (
    <Card title={item.title} className='review-form'>
      <StarRating value={rating} onChange={setRating} />
      <View className='review-form__text'>
        <TextArea id={`review-text-${item.id}`} value={text} maxLength={500} placeholder='口感、新鲜度、分量怎么样？说给邻居听听' onInput={setText} />
      </View>
      <PhotoPicker photos={photos.photos.map((p) => assetUrl(p) ?? p)} max={6} uploading={photos.uploading} onAdd={() => void photos.add()} onRemove={photos.remove} />
      {photos.error || error ? <Text className='service-error-text'>{error ?? photos.error}</Text> : null}
      <View className='review-form__submit'>
        <AppButton block loading={submitting} disabled={photos.uploading} onClick={submit}>提交评价</AppButton>
      </View>
    </Card>
  );
}

export default function ReviewPage() {
  const session = useRoleGuard(null);
  const id = idParam(useRouter().params.id);
  const load = useCallback(async () => {
    const [order, reviews] = await Promise.all([getOrder(id ?? 0), listMyReviews(id ?? 0)]);
    return { order, reviews };
  }, [id]);
  const state = useRemote(load, { enabled: session !== null && id !== null });
  const [added, setAdded] = useState<ReviewDTO[]>([]);

  if (!session) return null;
  if (id === null) return <View className='page'><StateView kind='empty' title='链接不完整' description='请从订单详情进入' /></View>;
  if (state.status === 'loading') return <View className='page service-page'><StateView kind='loading' rows={2} /></View>;
  if (state.status !== 'ready') {
    return <View className='page service-page'><StateView kind='error' message={state.status === 'error' ? state.error.message : '加载失败'} onRetry={state.reload} /></View>;
  }
  const { order } = state.data;
  const reviews = [...state.data.reviews, ...added];
  const byItem = new Map(reviews.map((r) => [r.orderItemId, r]));
  if (!order.actions.includes('review') && reviews.length === 0) {
    return <View className='page service-page'><StateView kind='empty' title='取货后就可以评价啦' description='商品到店并取货后，再来说说感受' /></View>;
  }
  return (
    <View className='page service-page'>
      {order.items.map((item) => {
        const done = byItem.get(item.id);
        if (!done) return <ItemReviewForm key={item.id} order={order} item={item} onDone={(r) => setAdded((a) => [...a, r])} />;
        return (
          <Card key={item.id} title={item.title} className='review-done'>
            <StarRating value={done.rating} size='sm' />
            {done.text ? <Text className='review-done__text'>{done.text}</Text> : null}
            <Text className='review-done__note'>已评价，谢谢你</Text>
          </Card>
        );
      })}
    </View>
  );
}
