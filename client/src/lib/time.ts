/**
 * Timestamps travel in UTC; the shop's zone is used only to display them (STYLE.md habit
 * 10). The server's SHOP_TZ defaults to the same zone.
 */
export const SHOP_TZ = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(instant: Date, timeZone: string): Record<string, string> {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return Object.fromEntries(formatter.formatToParts(instant).map((part) => [part.type, part.value]));
}

function toDate(instant: Date | string): Date {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  return date;
}

/** "2026-11-03 09:30" in the shop's zone, whatever the browser's zone is. */
export function formatShopDateTime(instant: Date | string, timeZone: string = SHOP_TZ): string {
  const p = partsIn(toDate(instant), timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** "2026-11-03", the shop's calendar day of an instant. */
export function formatShopDate(instant: Date | string, timeZone: string = SHOP_TZ): string {
  const p = partsIn(toDate(instant), timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}
