/** How chat times read on screen: the shop's clock, short when it is today. */
import { formatShopDate, formatShopDateTime } from '../../lib/time.ts';

/** "09:30" today, "2026-11-02 09:30" another day (shop time). */
export function chatTime(iso: string, now: Date): string {
  const full = formatShopDateTime(iso);
  return formatShopDate(iso) === formatShopDate(now) ? full.slice(11) : full;
}

/** Whole minutes and seconds since `iso`, for "waiting 3:05"; never negative. */
export function elapsed(iso: string, now: Date): { minutes: number; seconds: number; totalSeconds: number } {
  const totalSeconds = Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 1000));
  return { minutes: Math.floor(totalSeconds / 60), seconds: totalSeconds % 60, totalSeconds };
}

/** "0:42", "3:05", "75:00": a waiting time at a glance. */
export function formatElapsed(iso: string, now: Date): string {
  const { minutes, seconds } = elapsed(iso, now);
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** The 3-minute response rate is what the KPI counts: a buyer waiting longer is shown as late. */
export const LATE_AFTER_SECONDS = 180;
