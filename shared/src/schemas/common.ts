import { z } from 'zod';

export const Id = z.coerce.number().int().positive();
export const IdParams = z.object({ id: Id });
/** A scoring month, YYYY-MM. */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must look like YYYY-MM');
/** A calendar day of the shop's zone, YYYY-MM-DD (an employment's first or last day). */
export const Day = z.iso.date();
/** An instant with its zone, ISO 8601 (`2026-11-03T09:30:00+08:00`). */
export const Instant = z.iso.datetime({ offset: true });
export const Fen = z.number().int().nonnegative().max(100_000_000);
