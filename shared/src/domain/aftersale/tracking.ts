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
