/**
 * The ship-date promise an agent gives a buyer (domain.md "Chat", 发货时间):
 * - in stock and paid before 16:00 → ships the same day;
 * - in stock and paid at or after 16:00 → the next day (the day's parcels have left);
 * - not in stock → ships the next day;
 * - handmade items (全羊毛, 橡胶底手工鞋) → made to order, ships within 48 hours of payment.
 * Days are the shop's (`tz`); an unpaid order is promised as if paid `now`.
 * A buyer in a hurry: check the stock with the warehouse first (the advice says so).
 */

/** Words in an item's name that make it handmade (made to order). */
export const HANDMADE_KEYWORDS = ['全羊毛', '橡胶底手工鞋'] as const;
/** Paid before this hour (shop time) and in stock → ships the same day. */
export const SAME_DAY_CUTOFF_HOUR = 16;
export const MADE_TO_ORDER_HOURS = 48;
export const HURRY_ADVICE = '买家着急时，先与仓库核对库存再承诺发货时间';

export interface ShipDateInput {
  now: Date;
  /** null: not paid yet (promised as if paid now). */
  paidAt: Date | null;
  inStock: boolean;
  itemName: string;
  /** Overrides the name check when the catalogue knows. */
  handmade?: boolean;
  tz: string;
}

export type ShipPromise =
  | { rule: 'same_day'; shipDay: string; text: string; advice: string }
  | { rule: 'next_day'; because: 'after_cutoff' | 'not_in_stock'; shipDay: string; text: string; advice: string }
  | { rule: 'made_to_order'; shipBy: Date; text: string; advice: string };

export function isHandmade(itemName: string): boolean {
  return HANDMADE_KEYWORDS.some((word) => itemName.includes(word));
}

const formats = new Map<string, Intl.DateTimeFormat>();
function localParts(at: Date, tz: string): { day: string; hour: number } {
  let format = formats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
    formats.set(tz, format);
  }
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of format.formatToParts(at)) parts[part.type] = part.value;
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/** The calendar day after `day` (YYYY-MM-DD); plain date arithmetic, no zone. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function dayText(shipDay: string, now: Date, tz: string): string {
  const today = localParts(now, tz).day;
  if (shipDay === today) return '今天发货';
  if (shipDay === nextDay(today)) return '明天发货';
  const [, m, d] = shipDay.split('-').map(Number);
  return `${m}月${d}日发货`;
}

/** The rulebook's fixed sentence for handmade shoes (售前 ⑨): said exactly so, every time. */
export const MADE_TO_ORDER_SENTENCE = `您购买的是手工鞋，需要订做，付款后${MADE_TO_ORDER_HOURS}小时内发货`;

export function promiseShipDate(input: ShipDateInput): ShipPromise {
  const paidAt = input.paidAt ?? input.now;
  if (Number.isNaN(paidAt.getTime()) || Number.isNaN(input.now.getTime())) throw new RangeError('promiseShipDate: invalid date');
  const advice = HURRY_ADVICE;
  if (input.handmade ?? isHandmade(input.itemName)) {
    const shipBy = new Date(paidAt.getTime() + MADE_TO_ORDER_HOURS * 3_600_000);
    return { rule: 'made_to_order', shipBy, text: MADE_TO_ORDER_SENTENCE, advice };
  }
  const paid = localParts(paidAt, input.tz);
  if (!input.inStock) {
    const shipDay = nextDay(paid.day);
    return { rule: 'next_day', because: 'not_in_stock', shipDay, text: dayText(shipDay, input.now, input.tz), advice };
  }
  if (paid.hour < SAME_DAY_CUTOFF_HOUR) {
    return { rule: 'same_day', shipDay: paid.day, text: dayText(paid.day, input.now, input.tz), advice };
  }
  const shipDay = nextDay(paid.day);
  return { rule: 'next_day', because: 'after_cutoff', shipDay, text: dayText(shipDay, input.now, input.tz), advice };
}
