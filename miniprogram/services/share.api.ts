/**
 * Sharing. A neighbour opened a share link: the server binds them to its leader if they are bound to nobody
 * (first touch). Best effort — the join carries the code anyway, so a failure here changes no order's attribution.
 * A leader shares a campaign: the campaigns they may share, the share card, and the code and poster images.
 */
import Taro from '@tarojs/taro';
import type { CampaignSummaryDTO } from '@shared/types/campaign';
import type { ShareCardDTO } from '@shared/types/share';
import { API_BASE, request } from './request';
import { ApiError } from './api-error';
import { clearSession, getSession } from '../stores/session';

export const recordShareVisit = (campaignId: number, leaderCode: string) =>
  request<unknown>({ url: '/api/share/visit', method: 'POST', data: { campaignId, leaderCode } });

/** My own campaigns and the platform's (help-selling) that are open or about to open. */
export const listShareableCampaigns = () => request<CampaignSummaryDTO[]>({ url: '/api/leader/share/campaigns' });

/** Share card data: title, mini-program path and web link with my leader code, and where the images are. */
export const getShareCard = (campaignId: number) => request<ShareCardDTO>({ url: `/api/leader/share/campaigns/${campaignId}` });

const IMAGE_ERROR: Record<number, string> = {
  401: '登录已过期，请重新登录',
  403: '没有权限分享这个团购',
  404: '团购不存在',
  409: '团购当前不能分享',
};

/**
 * A PNG that needs my token (the code to scan, the poster), as a local path an <Image> can show and the album
 * can save: an `<Image src>` cannot send an Authorization header, so the file is downloaded with it first.
 * WeChat: a temporary file (the API's domain must be on the downloadFile whitelist). Web: a blob: URL.
 */
export async function downloadAuthorizedImage(apiPath: string): Promise<string> {
  const session = getSession();
  const header: Record<string, string> = {};
  if (session) header.Authorization = `Bearer ${session.token}`;
  let res: Taro.downloadFile.FileSuccessCallbackResult;
  try {
    res = await Taro.downloadFile({ url: API_BASE + apiPath, header, timeout: 30_000 } as Taro.downloadFile.Option);
  } catch (err) {
    throw new ApiError('NETWORK_ERROR', '图片下载失败，请检查网络后重试', 0, err);
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return res.tempFilePath;
  if (res.statusCode === 401 && session) clearSession();
  throw new ApiError(res.statusCode === 401 ? 'UNAUTHORIZED' : res.statusCode === 403 ? 'FORBIDDEN' : res.statusCode === 404 ? 'NOT_FOUND' : 'INTERNAL',
    IMAGE_ERROR[res.statusCode] ?? '图片生成失败，请稍后再试', res.statusCode);
}
