/**
 * A campaign, as a neighbour opening a share link sees it: pictures, each item with its price tiers and
 * traceability card, progress to the threshold with a live countdown, the 接龙 list and the pickup points.
 * Public (no sign-in needed to look); joining asks to sign in first and comes back here. The sharer's leader
 * code (from our card, the server's cards and bot links, or a scanned code's scene) goes along to checkout so
 * the order is attributed to the leader who shared it.
 * Progress and 接龙 refresh every 15 s while the page is on screen.
 */
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { CampaignDetailDTO } from '@shared/types/campaign';
import type { ProductReviewsDTO } from '@shared/types/review';
import { StateView } from '../../components/StateView';
import { Card } from '../../components/Card';
import { Tag } from '../../components/Tag';
import { ProgressBar } from '../../components/ProgressBar';
import { StickyBar } from '../../components/StickyBar';
import { AppButton } from '../../components/AppButton';
import { useRemote } from '../../hooks/useRemote';
import { usePullRefresh } from '../../hooks/usePullRefresh';
import { usePolling } from '../../hooks/usePolling';
import { useCountdown } from '../../hooks/useCountdown';
import { useSession } from '../../stores/session';
import { getCampaign, getProductReviews } from '../../services/campaign.api';
import { getLeaderMe } from '../../services/leader.api';
import { assetUrl } from '../../services/assets';
import { formatCountdown, formatDateTime, formatMoney } from '../../utils/format';
import { badge, progressText } from '../../utils/campaign-text';
import { LOGIN_PAGE, openPage, pageUrl } from '../../utils/nav';
import { campaignSharePath, campaignWebLink, shareParams } from '../../utils/share';
import { recordShareVisit } from '../../services/share.api';
import { ItemCard } from './components/ItemCard';
import { JielongList } from './components/JielongList';
import './index.scss';

type ReviewsState = Record<number, ProductReviewsDTO | 'loading' | 'error'>;

export default function CampaignPage() {
  const { params } = useRouter();
  const { id, leaderCode: incomingCode } = shareParams(params);
  const session = useSession();
  const load = useCallback(() => getCampaign(id ?? 0), [id]);
  const detail = useRemote(load, { enabled: id !== null });
  usePullRefresh(detail.reload);
  const c = detail.status === 'ready' ? detail.data : null;
  usePolling(detail.reload, 15_000, c !== null && (c.status === 'open' || c.status === 'scheduled'));

  // A leader sharing passes their own code; anyone else passes on the code they came with, else the owner's.
  const [myCode, setMyCode] = useState<string | null>(null);
  const isLeader = session?.user.roles.includes('leader') ?? false;
  useEffect(() => {
    if (isLeader) getLeaderMe().then((me) => setMyCode(me.code), () => undefined);
  }, [isLeader]);
  const shareCode = myCode ?? incomingCode ?? c?.leader?.code ?? null;

  // Came through someone's share while signed in: first-touch binding to that leader (once per page).
  const signedIn = session !== null;
  useEffect(() => {
    if (signedIn && id !== null && incomingCode) recordShareVisit(id, incomingCode).catch(() => undefined);
  }, [signedIn, id, incomingCode]);

  useShareAppMessage(() => ({
    title: c ? `${c.title}｜${formatMoney(c.fromPriceFen)}起，邻居一起拼` : '邻里团购',
    path: campaignSharePath(id ?? 0, shareCode),
    imageUrl: assetUrl(c?.coverImage) ?? undefined,
  }));

  useEffect(() => {
    if (c) void Taro.setNavigationBarTitle({ title: c.title.length > 12 ? `${c.title.slice(0, 12)}…` : c.title });
  }, [c?.title]);

  const [reviews, setReviews] = useState<ReviewsState>({});
  const showReviews = (productId: number) => {
    setReviews((r) => ({ ...r, [productId]: 'loading' }));
    getProductReviews(productId).then(
      (data) => setReviews((r) => ({ ...r, [productId]: data })),
      () => setReviews((r) => ({ ...r, [productId]: 'error' })),
    );
  };

  if (id === null) return <View className='page campaign-page'><StateView kind='empty' title='链接不完整' description='没有找到要看的团购，请从团购列表进入' /></View>;
  if (detail.status === 'loading') return <View className='page campaign-page campaign-page--loading'><StateView kind='loading' rows={3} /></View>;
  if (detail.status === 'error' || !c) {
    const message = detail.status === 'error' ? detail.error.message : '加载失败';
    return <View className='page campaign-page campaign-page--error'><StateView kind='error' message={message} onRetry={detail.reload} /></View>;
  }

  const join = () => {
    const target = pageUrl('checkout', { id: c.id, leaderCode: incomingCode });
    if (!session) void Taro.navigateTo({ url: `${LOGIN_PAGE}?redirect=${encodeURIComponent(target)}` });
    else void Taro.navigateTo({ url: target });
  };
  const copyLink = () => {
    const origin = typeof window !== 'undefined' ? window.location.origin : '';
    void Taro.setClipboardData({ data: campaignWebLink(origin, c.id, shareCode) });
  };

  return (
    <View className='page campaign-page campaign-page--ready'>
      <Hero detail={c} />
      <Card className='campaign-head'>
        <View className='campaign-head__line'>
          <Tag tone={badge(c).tone}>{badge(c).text}</Tag>
          <Text className='campaign-head__owner'>
            {c.ownerKind === 'platform' ? '平台直供 · 团长帮卖' : c.leader ? `团长 ${c.leader.name}${c.leader.succeededCampaigns ? ` · 已成团 ${c.leader.succeededCampaigns} 次` : ''}` : ''}
          </Text>
        </View>
        <Text className='campaign-head__title'>{c.title}</Text>
        {c.description ? <Text className='campaign-head__desc'>{c.description}</Text> : null}
        <View className='campaign-head__share'>
          {process.env.TARO_ENV === 'weapp'
            ? <Button className='share-btn' openType='share'>分享给邻居</Button>
            : <View className='share-btn' onClick={copyLink} role='button'>复制分享链接</View>}
        </View>
      </Card>

      <ProgressCard detail={c} />

      {c.items.map((item) => (
        <ItemCard
          key={item.id}
          item={item}
          images={item.images.map((src) => assetUrl(src)).filter((x): x is string => x !== null)}
          reviews={reviews[item.productId] ?? null}
          onShowReviews={() => showReviews(item.productId)}
        />
      ))}

      <Card title={`接龙 · ${c.jielongTotal}人`} extra={<Text>付款后上榜</Text>}>
        <JielongList campaignId={c.id} entries={c.jielong} total={c.jielongTotal} />
      </Card>

      <Card title='自提点'>
        {c.pickupPoints.map((p) => (
          <View key={p.id} className='pickup-line'>
            <View className='pickup-line__main'>
              <Text className='pickup-line__name'>{p.name}</Text>
              <Text className='pickup-line__addr'>{p.address} · {p.hours}</Text>
            </View>
            {p.coldStorage ? <Tag tone='green'>有冷柜</Tag> : <Tag tone='grey'>常温</Tag>}
          </View>
        ))}
        <Text className='pickup-window'>取货时间 {formatDateTime(c.pickupStartsAt)} – {formatDateTime(c.pickupEndsAt)}</Text>
      </Card>

      {/* Leaders manage from their own page; a link here saves a hunt when they look at their own campaign. */}
      {isLeader && c.leader && myCode === c.leader.code ? (
        <View className='manage-link' onClick={() => openPage('leaderCampaign', { id: c.id })}><Text>管理这个团 ›</Text></View>
      ) : null}

      <StickyBar>
        <View className='join-bar__price'>
          <Text className='join-bar__amount'>{formatMoney(c.fromPriceFen)}</Text>
          <Text className='join-bar__from'>起</Text>
        </View>
        <View className='join-bar__btn'>
          <AppButton block disabled={c.status !== 'open'} onClick={join}>{joinLabel(c)}</AppButton>
        </View>
      </StickyBar>
    </View>
  );
}

function joinLabel(c: CampaignDetailDTO): string {
  if (c.status === 'open') return c.items.every((i) => i.available === 0) ? '已抢光' : '立即参团';
  if (c.status === 'scheduled') return `${formatDateTime(c.startsAt)} 开团`;
  return '已截团';
}

function Hero({ detail }: { detail: CampaignDetailDTO }) {
  const [broken, setBroken] = useState(false);
  const src = assetUrl(detail.coverImage ?? detail.items[0]?.images[0]);
  return (
    <View className='campaign-hero'>
      {src && !broken ? (
        <>
          {/* The picture whole, over a blurred copy of itself: no cropping, whatever its shape. */}
          <Image className='campaign-hero__bg' src={src} mode='aspectFill' />
          <Image className='campaign-hero__img' src={src} mode='aspectFit' onError={() => setBroken(true)} />
        </>
      ) : <View className='campaign-hero__img campaign-hero__img--blank'><Text>团</Text></View>}
    </View>
  );
}

function ProgressCard({ detail }: { detail: CampaignDetailDTO }) {
  const left = useCountdown(detail.status === 'open' ? detail.secondsLeft : null);
  const p = detail.progress;
  const unit = p.kind === 'participants' ? '人' : '份';
  return (
    <Card className='progress-card'>
      <ProgressBar
        current={p.current}
        target={p.target}
        left={progressText(detail)}
        right={p.reached ? '已成团' : `${p.target}${unit}成团`}
        done={p.reached}
      />
      <View className='progress-card__time'>
        {detail.status === 'open' && left !== null ? (
          <>
            <Text className='progress-card__label'>距截团</Text>
            <Text className='progress-card__countdown' id='countdown'>{formatCountdown(left)}</Text>
          </>
        ) : (
          <Text className='progress-card__label'>{detail.status === 'scheduled' ? `${formatDateTime(detail.startsAt)} 开团` : `截团时间 ${formatDateTime(detail.deadlineAt)}`}</Text>
        )}
      </View>
      {p.reached ? <Text className='progress-card__note'>已成团，截团时按达到的最低阶梯价结算，差价自动退回</Text> : null}
    </Card>
  );
}
