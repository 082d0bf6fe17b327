/**
 * Timestamps travel in UTC; the shop's zone is used only to display them (STYLE.md habit
 * 10). The server writes its SHOP_TZ into the page (`<meta name="kefu-shop-tz">`); outside a
 * browser (unit tests) it is the default, Asia/Shanghai.
 */
export const SHOP_TZ: string =
  (typeof document === 'undefined' ? undefined : document.querySelector<HTMLMetaElement>('meta[name="kefu-shop-tz"]')?.content) || 'Asia/Shanghai';

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

/** "2026-11", the shop's calendar month of an instant (the scoring month it belongs to). */
export function formatShopMonth(instant: Date | string, timeZone: string = SHOP_TZ): string {
  const p = partsIn(toDate(instant), timeZone);
  return `${p.year}-${p.month}`;
}

/** "2026-11-03T09:30", the shop's wall clock of an instant, as a datetime-local field wants it. */
export function shopDateTimeInput(instant: Date | string, timeZone: string = SHOP_TZ): string {
  const p = partsIn(toDate(instant), timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Minutes the zone's clock is ahead of UTC at an instant (+480 in Shanghai). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const p = partsIn(instant, timeZone);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.trunc(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * What a datetime-local field holds ("2026-11-03T09:30"), read as the shop's wall clock
 * whatever the browser's zone is → ISO 8601 with the shop's offset
 * ("2026-11-03T09:30:00+08:00"), as the API wants occurrence times. Null when unreadable.
 */
export function shopWallTimeToIso(wall: string, timeZone: string = SHOP_TZ): string | null {
  const match = WALL_TIME.exec(wall.trim());
  if (!match) return null;
  const [, y = '', mo = '', d = '', h = '', mi = '', s = '00'] = match;
  const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(asUtc)) return null;
  // The offset at the wall time itself; twice, so a day-saving change between guess and answer settles.
  let offset = offsetMinutes(new Date(asUtc), timeZone);
  offset = offsetMinutes(new Date(asUtc - offset * 60_000), timeZone);
  const check = new Date(asUtc - offset * 60_000);
  if (Number.isNaN(check.getTime())) return null;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${formatOffset(offset)}`;
}
