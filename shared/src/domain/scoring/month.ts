/**
 * Scoring months in the shop's time zone.
 *
 * Choice (scoring.md): a scoring month is a calendar month of the shop's zone (`SHOP_TZ`,
 * default Asia/Shanghai); an entry belongs to the month of its occurrence time in that zone.
 * The settlement runs by itself at 00:30 shop time on the day before payday, payday being
 * a day of the following month (`PAYDAY`, default the 10th).
 *
 * Only Intl is used, so every IANA zone works, daylight-saving ones included.
 */
import { AppError } from '../../errors.ts';

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

interface YearMonth {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
}

function parseMonth(month: string): YearMonth {
  const match = MONTH_PATTERN.exec(month);
  if (!match) throw new AppError('invalid', `month must look like YYYY-MM, got "${month}"`, { month });
  return { year: Number(match[1]), month: Number(match[2]) };
}

function formatMonth({ year, month }: YearMonth): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The month `delta` months after (or before) the given one; plain arithmetic, no zone. */
function shiftMonth(month: string, delta: number): string {
  const { year, month: m } = parseMonth(month);
  const index = year * 12 + (m - 1) + delta;
  return formatMonth({ year: Math.floor(index / 12), month: (index % 12) + 1 });
}

export function previousMonth(month: string): string {
  return shiftMonth(month, -1);
}

export function nextMonth(month: string): string {
  return shiftMonth(month, 1);
}

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(tz: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    wallClockFormats.set(tz, format);
  }
  return format;
}

/** The zone's wall clock at an instant as `YYYY-MM-DDTHH:mm:ss`, which sorts like time. */
function wallClock(at: Date, tz: string): string {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of wallClockFormat(tz).formatToParts(at)) parts[part.type] = part.value;
  const year = (parts.year ?? '').padStart(4, '0');
  return `${year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

function assertValidDate(at: Date): void {
  if (Number.isNaN(at.getTime())) throw new AppError('invalid', 'the time is not a valid date', { at: String(at) });
}

/** The scoring month (YYYY-MM) an instant falls in, in the zone `tz`. */
export function scoringMonth(at: Date, tz: string): string {
  assertValidDate(at);
  return wallClock(at, tz).slice(0, 7);
}

/** The shop day (YYYY-MM-DD) an instant falls on, in the zone `tz`. */
export function shopDay(at: Date, tz: string): string {
  assertValidDate(at);
  return wallClock(at, tz).slice(0, 10);
}

const HOUR_SECONDS = 3_600;

/**
 * The first instant at which the zone's wall clock reads `wall` (given as a UTC date whose
 * fields are the wanted local fields) or later. Where the wall time does not exist (a
 * daylight-saving gap, e.g. America/Asuncion skipped from 00:00 to 01:00 on 2017-10-01),
 * that is the instant of the jump.
 *
 * Found by bisection over whole seconds (zone offsets and transitions are whole seconds):
 * every offset ever used lies well within ±26 hours, so the answer lies in that window.
 */
function firstInstantAtOrAfter(wall: Date, tz: string): Date {
  const target = wall.toISOString().slice(0, 19);
  const wallSeconds = Math.floor(wall.getTime() / 1000);
  let before = wallSeconds - 26 * HOUR_SECONDS; // the clock reads earlier than target here
  let after = wallSeconds + 26 * HOUR_SECONDS; // …and target or later here
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2);
    if (wallClock(new Date(mid * 1000), tz) >= target) after = mid;
    else before = mid;
  }
  return new Date(after * 1000);
}

function localInstant(year: number, month: number, day: number, hour: number, minute: number, tz: string): Date {
  // setUTCFullYear rolls month 13 into January of the next year, so callers may pass month + 1
  // (and, unlike Date.UTC, leaves years 0–99 alone).
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, 0, 0);
  return firstInstantAtOrAfter(wall, tz);
}

/**
 * The instant the zone's wall clock reads `time` (HH:mm) on `day` (YYYY-MM-DD), or the
 * first instant after it where that wall time does not exist (a daylight-saving gap).
 * Shifts (the roster) are written in the shop's wall clock and turned into instants here.
 */
export function wallInstant(day: string, time: string, tz: string): Date {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!d || !t) throw new AppError('invalid', `a day must look like YYYY-MM-DD and a time like HH:mm, got "${day}" "${time}"`, { day, time });
  return localInstant(Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2]), tz);
}

/**
 * The month as a half-open interval of instants: `start` is local midnight on the 1st,
 * `end` local midnight on the next month's 1st. `scoringMonth(t, tz) === month` exactly
 * when `start <= t < end`.
 */
export function monthBounds(month: string, tz: string): { start: Date; end: Date } {
  const { year, month: m } = parseMonth(month);
  return { start: localInstant(year, m, 1, 0, 0, tz), end: localInstant(year, m + 1, 1, 0, 0, tz) };
}

export const DEFAULT_PAYDAY = 10;

/**
 * Payday is a day of the month after the scoring month. Choice: it must be 2–28, so that
 * it exists in every month and the day before it (the settlement) falls after the month ends.
 */
function assertPayday(paydayDay: number): void {
  if (!Number.isInteger(paydayDay) || paydayDay < 2 || paydayDay > 28) {
    throw new AppError('invalid', `payday must be a whole day of the month from 2 to 28, got ${paydayDay}`, { paydayDay });
  }
}

/** Local midnight starting payday of the month after `month` (after it everyone starts again at 100). */
export function paydayInstant(month: string, paydayDay: number, tz: string): Date {
  assertPayday(paydayDay);
  const { year, month: m } = parseMonth(month);
  return localInstant(year, m + 1, paydayDay, 0, 0, tz);
}

/**
 * When the automatic settlement of `month` runs: 00:30 shop time on the day before payday
 * (每月发工资前一天由部门主管结算分数). Payday 10 → the 9th of the next month, 00:30 local.
 */
export function settlementRunAt(month: string, paydayDay: number, tz: string): Date {
  assertPayday(paydayDay);
  const { year, month: m } = parseMonth(month);
  return localInstant(year, m + 1, paydayDay - 1, 0, 30, tz);
}

/** The instant the shop's wall clock first reads this day and time (an imported entry's `2026-10-05 14:30`). */
export function shopInstant(day: string, hour: number, minute: number, tz: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return localInstant(year, month, date, hour, minute, tz);
}
