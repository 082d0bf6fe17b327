/**
 * R01 (当天订单没有及时打完，导致发货延误, −2): an order paid before the print cut-off (16:00
 * shop time, 售前 ⑨), every item in stock and none made to order, must be printed that same
 * shop day. Pure: the day it was due and missed, or null.
 */
import { isHandmade } from '../../chat/ship-date.ts';
import { shopDay } from '../../scoring/month.ts';
import { PRINT_CUTOFF_HOUR } from './label.ts';

export interface PrintDeadlineFacts {
  paidAt: Date | null;
  items: ReadonlyArray<{ title: string; inStock: boolean }>;
  /** The first time the order moved to printed, if ever. */
  firstPrintedAt: Date | null;
  cancelledAt: Date | null;
}

const hourFormats = new Map<string, Intl.DateTimeFormat>();
function shopHour(at: Date, tz: string): number {
  let format = hourFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', hourCycle: 'h23' });
    hourFormats.set(tz, format);
  }
  return Number(format.formatToParts(at).find((part) => part.type === 'hour')?.value ?? '0');
}

/** The shop day (YYYY-MM-DD) the order had to be printed on, when it applies; else null. */
export function printDueDay(order: Pick<PrintDeadlineFacts, 'paidAt' | 'items'>, tz: string, cutoffHour = PRINT_CUTOFF_HOUR): string | null {
  if (!order.paidAt || order.items.length === 0) return null;
  if (order.items.some((item) => !item.inStock || isHandmade(item.title))) return null;
  if (shopHour(order.paidAt, tz) >= cutoffHour) return null;
  return shopDay(order.paidAt, tz);
}

/**
 * The day an order was due and not printed, once that day is over at `now`; null when it was
 * printed that day, cancelled by then, is not due the same day, or the day is not over yet.
 */
export function missedPrintDay(order: PrintDeadlineFacts, now: Date, tz: string, cutoffHour = PRINT_CUTOFF_HOUR): string | null {
  const due = printDueDay(order, tz, cutoffHour);
  if (!due || shopDay(now, tz) <= due) return null;
  if (order.firstPrintedAt && shopDay(order.firstPrintedAt, tz) <= due) return null;
  if (order.cancelledAt && shopDay(order.cancelledAt, tz) <= due && (!order.firstPrintedAt || order.cancelledAt < order.firstPrintedAt)) return null;
  return due;
}
