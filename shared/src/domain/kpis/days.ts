/**
 * Shop days for the KPIs: a day is a calendar day of the shop's zone (`SHOP_TZ`). Only Intl
 * is used, so any IANA zone works. The SQL aggregates need a fixed UTC offset to turn an
 * instant into a shop day, so a range is cut where the zone's offset changes
 * (`offsetSegments`) and each piece is counted with its own offset.
 */
import { AppError } from '../../errors.ts';

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const formats = new Map<string, Intl.DateTimeFormat>();

function format(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formats.set(tz, f);
  }
  return f;
}

/** Minutes the zone is ahead of UTC at this instant (Asia/Shanghai: 480). */
export function offsetMinutes(at: Date, tz: string): number {
  const p: Record<string, string> = {};
  for (const part of format(tz).formatToParts(at)) p[part.type] = part.value;
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The shop day (YYYY-MM-DD) of an instant. */
export function shopDay(at: Date, tz: string): string {
  return new Date(at.getTime() + offsetMinutes(at, tz) * 60_000).toISOString().slice(0, 10);
}

/** Minutes since the shop's midnight (0–1439) of an instant. */
export function minuteOfDay(at: Date, tz: string): number {
  const local = new Date(at.getTime() + offsetMinutes(at, tz) * 60_000);
  return local.getUTCHours() * 60 + local.getUTCMinutes();
}

export function parseDay(day: string): number {
  const m = DAY_PATTERN.exec(day);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) throw new AppError('invalid', `a day must look like YYYY-MM-DD, got "${day}"`, { day });
  return ms;
}

export function addDays(day: string, n: number): string {
  return new Date(parseDay(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The instant the shop day starts (its local midnight). */
export function dayStart(day: string, tz: string): Date {
  const wall = parseDay(day);
  // Two rounds settle the offset, also next to a daylight-saving change.
  let at = wall - offsetMinutes(new Date(wall), tz) * 60_000;
  at = wall - offsetMinutes(new Date(at), tz) * 60_000;
  return new Date(at);
}

/** Every day from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The range [from, to] of shop days as instants [start, end), cut where the zone's offset changes. */
export function offsetSegments(from: string, to: string, tz: string): Array<{ start: Date; end: Date; offsetMinutes: number }> {
  const segments: Array<{ start: Date; end: Date; offsetMinutes: number }> = [];
  for (const day of daysOf(from, to)) {
    const start = dayStart(day, tz);
    const end = dayStart(addDays(day, 1), tz);
    const offset = offsetMinutes(start, tz);
    const last = segments.at(-1);
    // A day whose offset changes inside it is counted with its midnight's offset: the hour
    // around the change may land on the neighbouring day (written down in docs/kpis.md).
    if (last && last.offsetMinutes === offset) last.end = end;
    else segments.push({ start, end, offsetMinutes: offset });
  }
  return segments;
}
