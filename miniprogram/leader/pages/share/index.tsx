/**
 * 分享团购 (sub-package "leader"). With `?id=<campaign>`: the share card as neighbours will see it (title,
 * mini-program path and web link, both with my leader code; copy the link), the code to scan, and the poster
 * with that code — saved to the album in WeChat, downloaded on the web. The WeChat share menu sends the same
 * card. Without an id: the campaigns I may share (mine and the platform's, open or about to open) to pick one.
 * Orders placed through these links are attributed to me.
 */
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { CampaignSummaryDTO } from '@shared/types/campaign';
import type { ShareCardDTO } from '@shared/types/share';
import { AppButton } from '../../../components/AppButton';
import { Card } from '../../../components/Card';
import { RemoteList, remoteListProps } from '../../../components/RemoteList';
import { StateView } from '../../../components/StateView';
import { Tag } from '../../../components/Tag';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import { getShareCard, listShareableCampaigns } from '../../../services/share.api';
import { assetUrl } from '../../../services/assets';
import { formatMoney } from '../../../utils/format';
import { badge, progressText, timeText } from '../../../utils/campaign-text';
import { PAGES, idParam, openPage } from '../../../utils/nav';
import { useAuthorizedImage } from './useAuthorizedImage';
import './index.scss';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';

function CampaignPick({ c }: { c: CampaignSummaryDTO }) {
  const b = badge(c);
  return (
    <View className='sh-pick' hoverClass='sh-pick--pressed' onClick={() => openPage('leaderShare', { id: c.id })} id={`share-pick-${c.id}`}>
      <View className='sh-pick__head'>
        <Text className='sh-pick__title'>{c.title}</Text>
        <Tag tone={b.tone}>{b.text}</Tag>
      </View>
      <View className='sh-pick__foot'>
        <Text>{c.ownerKind === 'platform' ? '平台团购 · 帮卖' : '我的团购'} · {formatMoney(c.fromPriceFen)}起</Text>
        <Text>{progressText(c)} · {timeText(c)}</Text>
      </View>
    </View>
  );
}

function PickCampaign() {
  const load = useCallback(() => listShareableCampaigns(), []);
  const list = useRemote(load);
  usePullRefresh(list.reload);
  return (
    <View className='page share-page'>
      <Text className='sh-intro'>选择要分享的团购。邻居通过你的分享下单，订单计入你的业绩。</Text>
      <RemoteList
        {...remoteListProps(list)}
        empty={{ title: '暂时没有可分享的团购', description: '进行中或即将开始的团购（你的和平台帮卖的）会出现在这里' }}
        renderItem={(c) => <CampaignPick key={c.id} c={c} />}
      />
    </View>
  );
}

/** WeChat asks once for the album; after a refusal only the settings page can grant it. */
async function saveToAlbum(filePath: string): Promise<void> {
  try {
    await Taro.saveImageToPhotosAlbum({ filePath });
    void Taro.showToast({ title: '海报已保存到相册', icon: 'success' });
  } catch (err) {
    const msg = String((err as { errMsg?: string })?.errMsg ?? '');
    if (/auth|deny|denied/i.test(msg)) {
      const { confirm } = await Taro.showModal({ title: '需要相册权限', content: '请在设置中允许保存到相册，再保存海报', confirmText: '去设置' });
      if (confirm) void Taro.openSetting();
    } else if (!/cancel/i.test(msg)) {
      void Taro.showToast({ title: '保存失败，请稍后再试', icon: 'none' });
    }
  }
}

/** The web has no album: the browser downloads the file. */
function downloadOnWeb(url: string, name: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

function ImageBox({ state, className, id, alt, mode }: { state: ReturnType<typeof useAuthorizedImage>; className: string; id: string; alt: string; mode: 'aspectFit' | 'widthFix' }) {
  if (state.status === 'ready') return <Image className={className} id={id} src={state.data} mode={mode} aria-label={alt} showMenuByLongpress />;
  if (state.status === 'error') return <StateView kind='error' message={state.error.message} onRetry={state.reload} />;
  return <View className={`${className} sh-img--loading`}><Text>生成中…</Text></View>;
}

function ShareCampaign({ id }: { id: number }) {
  const load = useCallback(() => getShareCard(id), [id]);
  const state = useRemote(load);
  const card: ShareCardDTO | null = state.status === 'ready' ? state.data : null;
  const code = useAuthorizedImage(card ? card.codeUrl : null);
  const poster = useAuthorizedImage(card ? card.posterUrl : null);
  const [saving, setSaving] = useState(false);
  const { reload } = state;
  const { reload: reloadCode } = code;
  const { reload: reloadPoster } = poster;
  // The images are reloaded only once there is a card to take their paths from.
  const hasCard = card !== null;
  usePullRefresh(useCallback(async () => {
    await Promise.all(hasCard ? [reload(), reloadCode(), reloadPoster()] : [reload()]);
  }, [hasCard, reload, reloadCode, reloadPoster]));

  useShareAppMessage(() => ({
    title: card?.title ?? '邻里团购',
    path: card ? (card.path.startsWith('/') ? card.path : `/${card.path}`) : '/pages/campaigns/index',
    imageUrl: assetUrl(card?.imageUrl) ?? undefined,
  }));

  if (state.status === 'loading') return <View className='page share-page'><StateView kind='loading' rows={2} /></View>;
  if (!card) {
    return (
      <View className='page share-page'>
        <StateView kind='error' message={state.status === 'error' ? state.error.message : '加载失败'} onRetry={state.reload} />
        <View className='sh-other'><AppButton variant='ghost' size='sm' onClick={() => Taro.redirectTo({ url: PAGES.leaderShare })}>选择其他团购</AppButton></View>
      </View>
    );
  }

  const copyLink = () => { void Taro.setClipboardData({ data: card.webUrl }); };
  const savePoster = async () => {
    if (poster.status !== 'ready' || saving) return;
    if (!IS_WEAPP) { downloadOnWeb(poster.data, `团购海报-${card.campaignId}.png`); return; }
    setSaving(true);
    try { await saveToAlbum(poster.data); } finally { setSaving(false); }
  };
  const cover = assetUrl(card.imageUrl);
  return (
    <View className='page share-page share-page--ready'>
      <Card title='分享卡片' extra={<Text>团长码 {card.leaderCode}</Text>}>
        <View className='sh-card' id='share-card'>
          <Text className='sh-card__title' id='share-title'>{card.title}</Text>
          {cover ? <Image className='sh-card__img' src={cover} mode='aspectFill' /> : <View className='sh-card__img sh-card__img--none'><Text>邻里团购</Text></View>}
          <Text className='sh-card__foot'>邻里团购 · 小程序</Text>
        </View>
        <View className='sh-kv'><Text className='sh-kv__k'>小程序路径</Text><Text className='sh-kv__v' id='share-path'>{card.path}</Text></View>
        <View className='sh-kv'><Text className='sh-kv__k'>网页链接</Text><Text className='sh-kv__v' id='share-web-url'>{card.webUrl}</Text></View>
        <View className='sh-actions'>
          {IS_WEAPP ? <Button className='sh-btn' openType='share'>分享到微信群</Button> : null}
          <View className={`sh-btn${IS_WEAPP ? ' sh-btn--ghost' : ''}`} onClick={copyLink} role='button' id='copy-web-link'>复制链接</View>
        </View>
      </Card>

      <Card title='扫码参团'>
        <View className='sh-code'>
          <ImageBox state={code} className='sh-code__img' id='share-code' alt='团购二维码' mode='aspectFit' />
        </View>
        <Text className='sh-note'>邻居扫码直接进入团购，订单计入你的业绩</Text>
      </Card>

      <Card title='分享海报'>
        <ImageBox state={poster} className='sh-poster' id='share-poster' alt='团购海报' mode='widthFix' />
        <View className='sh-actions'>
          <AppButton block loading={saving} disabled={poster.status !== 'ready'} onClick={savePoster}>{IS_WEAPP ? '保存到相册' : '下载海报'}</AppButton>
        </View>
        <Text className='sh-note'>{IS_WEAPP ? '保存后发到朋友圈或邻居群' : '也可以长按海报保存'}</Text>
      </Card>
    </View>
  );
}

export default function LeaderSharePage() {
  const session = useRoleGuard('leader');
  const rawId = useRouter().params.id;
  const id = idParam(rawId);
  if (!session) return null;
  if (rawId !== undefined && id === null) {
    return <View className='page share-page'><StateView kind='empty' title='链接不完整' description='请从工作台选择要分享的团购' /></View>;
  }
  return id === null ? <PickCampaign /> : <ShareCampaign id={id} />;
}
