/**
 * A01 (客户沟通过要退换货，售后登记表上无登记): the return tracking number a buyer gave in chat
 * is entered in the registry by the end of that shop day (售后 ④ "及时登记"). Pure.
 */
import { addDays, dayStart, shopDay } from '../kpis/days.ts';

/** The instant by which a number given at `givenAt` must be in the registry: the next shop midnight. */
export function trackingDeadline(givenAt: Date, tz: string): Date {
  return dayStart(addDays(shopDay(givenAt, tz), 1), tz);
}

/**
 * Was the number entered late? Null while it is still in time (the day is not over and it is
 * not entered); true when entered after the deadline or still missing once the day is over.
 */
export function trackingEnteredLate(givenAt: Date, enteredAt: Date | null, now: Date, tz: string): boolean | null {
  const deadline = trackingDeadline(givenAt, tz);
  if (enteredAt) return enteredAt.getTime() >= deadline.getTime();
  return now.getTime() >= deadline.getTime() ? true : null;
}

/**
 * Courier number shapes as buyers type them: 2–4 letters then 8–20 digits (ZT7788123456,
 * SF1234567890123, YT…, JD…), or 10–20 digits alone (韵达, 中通 plain numbers). Bounded by
 * anything that is not a Latin letter or a digit, so Chinese text around it does not matter.
 */
const TRACKING_LIKE = /(?<![A-Za-z0-9])(?:[A-Za-z]{2,4}\d{8,20}|\d{10,20})(?![A-Za-z0-9])/g;
/** A mainland mobile number (11 digits, 1[3-9]…): buyers give their phone in the same chats. */
const MOBILE = /^1[3-9]\d{9}$/;

/**
 * A01's second half: the return tracking numbers a buyer's chat message seems to give,
 * upper-cased, in order, each once. Left out: the shop's own numbers (`shopNumbers`: its
 * order numbers and the waybills it sent, which buyers quote about the parcel they got) and
 * mobile numbers. Pure.
 */
export function trackingNumbersIn(text: string, shopNumbers: ReadonlySet<string> = new Set()): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(TRACKING_LIKE)) {
    const candidate = match[0].toUpperCase();
    if (MOBILE.test(candidate) || shopNumbers.has(candidate) || found.includes(candidate)) continue;
    found.push(candidate);
  }
  return found;
}
