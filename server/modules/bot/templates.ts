/**
 * What the bot says, in Chinese, short, each group message with the campaign's link. Pure functions of plain
 * facts: rendering (flows/bot-render.ts) gathers the facts, these words turn them into text that fits the
 * transport (lists summarised or split by text-limits.ts, never cut mid-character).
 */
import { formatFen } from '../../../shared/money';
import { campaignLink } from './links';
import { splitList, summariseList, truncateBytes, type ListMessage } from './text-limits';

export interface TemplateContext {
  publicBaseUrl: string;
  /** Business time zone for the times in texts (storage is UTC). */
  timeZone: string;
  /** The transport's size limit for one text message, in UTF-8 bytes. */
  maxBytes: number;
  /** The group's leader: links carry their code, so people who come through the group are theirs (first touch). */
  leaderCode?: string | null;
}

export interface CampaignFacts {
  id: number;
  title: string;
  status: string;
  thresholdKind: 'participants' | 'quantity';
  thresholdValue: number;
  paidParticipants: number;
  paidQuantity: number;
  deadlineAt: Date;
  pickupStartsAt: Date;
  pickupEndsAt: Date;
}

export interface ItemFacts { index: number; name: string; priceFen: number; unit: string }
export interface JielongEntry { displayName: string; items: Array<{ title: string; quantity: number }> }

/** "奉化水蜜桃（5 斤装）" → "奉化水蜜桃": list lines stay short. */
export function shortTitle(title: string): string {
  const i = title.search(/[（(]/);
  return i > 0 ? title.slice(0, i).trim() : title.trim();
}

export function formatTime(d: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('zh-CN', { timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('month')}月${get('day')}日 ${get('hour')}:${get('minute')}`;
}

/** "还差 2 人成团" / "已成团" — the one line every campaign message leans on. */
export function thresholdLine(c: CampaignFacts): string {
  const byPeople = c.thresholdKind === 'participants';
  const have = byPeople ? c.paidParticipants : c.paidQuantity;
  const missing = Math.max(0, c.thresholdValue - have);
  const count = byPeople ? `已有 ${c.paidParticipants} 人参团` : `已接 ${c.paidQuantity} 份（${c.paidParticipants} 人）`;
  return missing > 0 ? `${count}，还差 ${missing} ${byPeople ? '人' : '份'}成团` : `${count}，已成团`;
}

export function missingCount(c: CampaignFacts): number {
  return Math.max(0, c.thresholdValue - (c.thresholdKind === 'participants' ? c.paidParticipants : c.paidQuantity));
}

export function jielongLines(list: readonly JielongEntry[]): string[] {
  return list.map((e, i) => `${i + 1}. ${e.displayName} ${e.items.map((it) => `${shortTitle(it.title)}×${it.quantity}`).join(' ')}`.trim());
}

const link = (t: TemplateContext, c: { id: number }) => campaignLink(t.publicBaseUrl, c.id, t.leaderCode ? { l: t.leaderCode } : {});
const fit = (t: TemplateContext, lines: string[]) => truncateBytes(lines.filter((l) => l !== '').join('\n'), t.maxBytes);
const listOf = (t: TemplateContext, c: CampaignFacts, head: string[], list: readonly JielongEntry[]): ListMessage => ({
  head, lines: jielongLines(list), tail: [link(t, c)], omitted: (n) => `…… 另有 ${n} 位邻居，完整接龙见链接`,
});

export const groupTemplates = {
  opened(t: TemplateContext, c: CampaignFacts, items: readonly ItemFacts[]): string[] {
    const goal = c.thresholdKind === 'participants' ? `满 ${c.thresholdValue} 人成团` : `满 ${c.thresholdValue} 份成团`;
    const example = items.length > 1 ? `「+1 ${shortTitle(items[0].name)}」或「+2 ${items[1].index}号」` : '「+1」或「+2」';
    return [summariseList({
      head: [`【开团】${c.title}`],
      lines: items.map((i) => `${i.index}. ${shortTitle(i.name)} ${formatFen(i.priceFen)}/${i.unit}`),
      tail: [`${goal}，${formatTime(c.deadlineAt, t.timeZone)} 截止`, `在群里发${example}即可接龙`, link(t, c)],
      omitted: (n) => `…… 另有 ${n} 件商品`,
    }, t.maxBytes)];
  },

  progress(t: TemplateContext, c: CampaignFacts, list: readonly JielongEntry[]): string[] {
    return [summariseList(listOf(t, c, [`【接龙】${c.title}`, thresholdLine(c)], list), t.maxBytes)];
  },

  thresholdReached(t: TemplateContext, c: CampaignFacts, list: readonly JielongEntry[]): string[] {
    const goal = c.thresholdKind === 'participants' ? `${c.thresholdValue} 人` : `${c.thresholdValue} 份`;
    return [summariseList(listOf(t, c, [`【成团啦】${c.title} 已满 ${goal}！截止前还能继续接龙`], list), t.maxBytes)];
  },

  closingSoon(t: TemplateContext, c: CampaignFacts, now: Date): string[] {
    const minutes = Math.max(1, Math.round((c.deadlineAt.getTime() - now.getTime()) / 60_000));
    const left = minutes >= 60 ? `${Math.round(minutes / 60)} 小时` : `${minutes} 分钟`;
    const missing = missingCount(c);
    const ask = missing > 0 ? `还差 ${missing} ${c.thresholdKind === 'participants' ? '人' : '份'}成团，喊上邻居一起吧` : '已成团，还没接龙的抓紧上车';
    return [fit(t, [`【即将截团】${c.title} 还有 ${left}截止（${formatTime(c.deadlineAt, t.timeZone)}）`, ask, link(t, c)])];
  },

  /** The final list may be long: split over at most three messages, then summarised. */
  closed(t: TemplateContext, c: CampaignFacts, list: readonly JielongEntry[]): string[] {
    const head = [`【截团】${c.title} 已成团截止，共 ${c.paidParticipants} 人 ${c.paidQuantity} 份`, `自提时间：${formatTime(c.pickupStartsAt, t.timeZone)} 起，到货后另行通知`];
    return splitList(listOf(t, c, head, list), t.maxBytes, 3);
  },

  failed(t: TemplateContext, c: CampaignFacts): string[] {
    const have = c.thresholdKind === 'participants' ? `${c.paidParticipants}/${c.thresholdValue} 人` : `${c.paidQuantity}/${c.thresholdValue} 份`;
    const first = c.status === 'cancelled' ? `【活动取消】${c.title} 已取消` : `【未成团】${c.title} 截止时 ${have}，未能成团`;
    return [fit(t, [first, '已付款的邻居将原路全额退款，请留意微信通知', link(t, c)])];
  },

  arrived(t: TemplateContext, c: CampaignFacts, point: { name: string; address: string; hours: string }, orders: number, note: string | null): string[] {
    return [fit(t, [
      `【到货】${c.title} 已到「${point.name}」（${orders} 单）`,
      `地址：${point.address}，营业 ${point.hours}`,
      `请凭取货码到店自提，${formatTime(c.pickupEndsAt, t.timeZone)} 前有效`,
      note ? `备注：${note}` : '',
      link(t, c),
    ])];
  },

  pickupReminder(t: TemplateContext, c: CampaignFacts, orders: number, points: readonly string[]): string[] {
    return [fit(t, [
      `【取货提醒】${c.title} 还有 ${orders} 单未取`,
      `请尽快到${points.map((p) => `「${p}」`).join('、')}自提，${formatTime(c.pickupEndsAt, t.timeZone)} 前有效`,
      link(t, c),
    ])];
  },
};

/** Replies to commands typed in the group; `@name` first so the member sees it is for them. */
export const replyTemplates = {
  joinPlaced(name: string, line: string, amountFen: number, pointName: string, payUrl: string, expiryMinutes: number, replayed: boolean): string {
    const first = replayed ? `@${name} 这条接龙已下过单：${line}，${formatFen(amountFen)}` : `@${name} 已为你下单：${line}，${formatFen(amountFen)}`;
    return [first, `自提点：${pointName}`, `请在 ${expiryMinutes} 分钟内付款，付款后才算接龙成功：`, payUrl].join('\n');
  },
  joinAlreadyPaid(name: string, line: string): string {
    return `@${name} 这条接龙的订单已付款：${line}，谢谢！`;
  },
  personalLink(name: string, line: string, url: string): string {
    return [`@${name} 第一次在群里接龙？请点开你的专属链接确认下单并付款（${line}）：`, url, '链接只能本人使用，24 小时内有效'].join('\n');
  },
  refused(name: string, reason: string): string {
    return `@${name} ${reason}`;
  },
  noOpenCampaign(name: string): string {
    return `@${name} 群里现在没有进行中的团购，开团后会第一时间通知大家`;
  },
  cancelled(name: string, lines: readonly string[]): string {
    return [`@${name} 已取消：${lines.join('；')}`, '已付款的订单将原路退款'].join('\n');
  },
  nothingToCancel(name: string): string {
    return `@${name} 你在本次团购里没有可以取消的订单`;
  },
  cancelRefused(name: string, reason: string): string {
    return `@${name} 没能取消：${reason}`;
  },
  query(name: string, title: string, lines: readonly string[]): string {
    return lines.length ? [`@${name} 你在「${title}」的订单：`, ...lines].join('\n') : `@${name} 你在「${title}」还没有订单，发「+1」即可接龙`;
  },
  help(items: readonly ItemFacts[]): string {
    const list = items.length ? items.map((i) => `${i.index}. ${shortTitle(i.name)}`).join('\n') : '（现在没有进行中的团购）';
    return [
      '【接龙口令】',
      '+1 / +2：接龙几份（只有一件商品时）',
      '+2 桃子 / +1 2号：接龙指定商品',
      '取消：取消本次团购的订单', '查询 / 我的订单：查看我的订单', '帮助：再看一遍本说明',
      '本次商品：', list,
    ].join('\n');
  },
  bound(communityName: string): string {
    return `邻里团购小助手已接入「${communityName}」。开团、成团、到货都会在群里通知；发「帮助」查看接龙口令`;
  },
};
