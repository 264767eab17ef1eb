/** How a campaign summary reads in lists (neighbour cards, leader rows). */
import type { CampaignSummaryDTO } from '@shared/types/campaign';
import { formatDateTime, formatSecondsLeft } from './format';
import { CAMPAIGN_STATUS_LABEL } from './labels';

/** "8人已参团 · 还差2人成团" / "已拼30份 · 还差10份成团" / "12人已参团"; before it opens, "满10人成团". */
export function progressText({ progress, status }: CampaignSummaryDTO): string {
  const unit = progress.kind === 'participants' ? '人' : '份';
  if (status === 'scheduled' || status === 'draft') return `满${progress.target}${unit}成团`;
  const done = progress.kind === 'participants' ? `${progress.paidParticipants}人已参团` : `已拼${progress.paidQuantity}份`;
  if (progress.reached || progress.missing <= 0) return done;
  return `${done} · 还差${progress.missing}${unit}成团`;
}

/** "剩 2天3小时" while open, "明天 09:00 开团" before it starts, else the state. */
export function timeText(c: CampaignSummaryDTO): string {
  if (c.status === 'open') return `剩 ${formatSecondsLeft(c.secondsLeft)}`;
  if (c.status === 'scheduled') return `${formatDateTime(c.startsAt)} 开团`;
  return CAMPAIGN_STATUS_LABEL[c.status];
}

export function badge(c: CampaignSummaryDTO): { text: string; tone: 'green' | 'orange' | 'grey' } {
  if (c.succeeded && (c.status === 'open' || c.status === 'closed')) return { text: '已成团', tone: 'green' };
  if (c.status === 'open') return { text: '拼团中', tone: 'orange' };
  if (c.status === 'scheduled') return { text: '即将开团', tone: 'grey' };
  return { text: CAMPAIGN_STATUS_LABEL[c.status], tone: 'grey' };
}
