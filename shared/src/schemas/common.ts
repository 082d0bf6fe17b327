import { z } from 'zod';

/**
 * Ids and numbers are strict (issue 12): a JSON body or a socket payload carries a JSON
 * number — never `"2"` or `[2]`; a path or a query string carries digits only — never
 * `" 1"`, `"0x10"`, `"1e3"`, `"+1"` or `"01"`. Every schema takes its ids from here.
 */
export const Id = z.number({ error: 'must be an id (a positive whole number)' }).int('must be a whole number').positive('must be positive').max(Number.MAX_SAFE_INTEGER);

const DIGITS_ONLY = 'written in digits only';

/** An id in a path or a query string: digits, no leading zero. */
export const IdParam = z
  .string({ error: 'must be an id written in digits' })
  .regex(/^[1-9][0-9]{0,15}$/, `must be an id ${DIGITS_ONLY}`)
  .transform(Number)
  .pipe(Id);
export const IdParams = z.object({ id: IdParam });

/** A whole number in a query string (a limit, a sequence number): digits only, then its range. */
export function QueryInt(min: number, max: number) {
  return z
    .string({ error: `must be a whole number ${DIGITS_ONLY}` })
    .regex(/^(0|[1-9][0-9]{0,15})$/, `must be a whole number ${DIGITS_ONLY}`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** A scoring month, YYYY-MM. */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must look like YYYY-MM');
/** A calendar day of the shop's zone, YYYY-MM-DD (an employment's first or last day). */
export const Day = z.iso.date();
/** An instant with its zone, ISO 8601 (`2026-11-03T09:30:00+08:00`). */
export const Instant = z.iso.datetime({ offset: true });
export const Fen = z.number().int().nonnegative().max(100_000_000);
