/**
 * The printers' day (docs/orders.md "Printing"): each day's printed batch is clipped with a
 * label carrying that day's date and the printer's signature (rulebook 打单 ②). Pure.
 */

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The shop's calendar day of an instant, YYYY-MM-DD. */
export function shopDay(at: Date, tz: string): string {
  let format = dayFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(tz, format);
  }
  return format.format(at);
}

/** `YYYY.MM.DD 姓名`: the signed label of a batch printed at `at` by `printer`. */
export function batchLabel(at: Date, tz: string, printer: string): string {
  return `${shopDay(at, tz).replaceAll('-', '.')} ${printer}`;
}

/**
 * Waybill numbers for orders that have none, from the first number of the printer's roll of
 * pre-numbered waybills: the numeric tail counts up, keeping its width
 * (`ZT0099` → `ZT0099`, `ZT0100`, …). Null when the first number has no digits at its end.
 */
export function waybillSequence(first: string, count: number): string[] | null {
  const match = /^(.*?)(\d+)$/.exec(first);
  if (!match) return null;
  const [, prefix, digits] = match as unknown as [string, string, string];
  const start = BigInt(digits);
  return Array.from({ length: count }, (_, i) => `${prefix}${(start + BigInt(i)).toString().padStart(digits.length, '0')}`);
}

/** The print cut-off (R01, shop time): orders paid before it are printed the same day. */
export const PRINT_CUTOFF_HOUR = 16;
