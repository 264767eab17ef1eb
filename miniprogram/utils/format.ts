/**
 * Display formatting. Money: integer fen through shared/money.ts, never floats. Times: the device's own time
 * zone (where the user is), by the Date's local getters — WeChat's JS engines do not all ship Intl time zones.
 */
import { formatFen } from '@shared/money';

/** 1230 → "¥12.30". */
export function formatMoney(fen: number): string {
  return formatFen(fen);
}

const pad = (n: number) => String(n).padStart(2, '0');

function toDate(value: string | number | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/**
 * "今天 18:00", "明天 09:30", "昨天 20:15", "3月8日 18:00", or "2024年12月1日 18:00" in another year,
 * in the user's time zone.
 */
export function formatDateTime(value: string | number | Date, now: Date = new Date()): string {
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return '';
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const dayMs = 24 * 3600 * 1000;
  if (sameDay(d, now)) return `今天 ${time}`;
  if (sameDay(d, new Date(now.getTime() + dayMs))) return `明天 ${time}`;
  if (sameDay(d, new Date(now.getTime() - dayMs))) return `昨天 ${time}`;
  const date = `${d.getMonth() + 1}月${d.getDate()}日`;
  return d.getFullYear() === now.getFullYear() ? `${date} ${time}` : `${d.getFullYear()}年${date} ${time}`;
}

/**
 * Time left, from the server's `secondsLeft` (its clock, not the phone's, which may be off): "2天3小时",
 * "3小时12分", "12分钟", "不到1分钟", or "已截止".
 */
export function formatSecondsLeft(secondsLeft: number): string {
  if (!Number.isFinite(secondsLeft) || secondsLeft <= 0) return '已截止';
  const minutes = Math.floor(secondsLeft / 60);
  if (minutes < 1) return '不到1分钟';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}天${hours}小时` : `${days}天`;
  if (hours > 0) return mins > 0 ? `${hours}小时${mins}分` : `${hours}小时`;
  return `${mins}分钟`;
}

/** A greeting by the user's local hour. */
export function greeting(now: Date = new Date()): string {
  const h = now.getHours();
  if (h < 5) return '夜深了';
  if (h < 11) return '早上好';
  if (h < 13) return '中午好';
  if (h < 18) return '下午好';
  return '晚上好';
}

/** A live countdown: "1天 03:12:45", "03:12:45", "12:45"; "00:00" at the end. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const clock = h > 0 || days > 0 ? `${pad(h)}:${pad(m)}:${pad(sec)}` : `${pad(m)}:${pad(sec)}`;
  return days > 0 ? `${days}天 ${clock}` : clock;
}

/** "2026-07-21" → "7月21日" (a calendar day, as written by the supplier: no time zone to convert). */
export function formatDay(ymd: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd ?? '');
  if (!m) return ymd ?? '';
  return `${Number(m[2])}月${Number(m[3])}日`;
}
