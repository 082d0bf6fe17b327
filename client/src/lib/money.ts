/**
 * Money in the console is integer fen (STYLE.md habit 10); yuan appear only on screen and
 * in form fields. No floating-point arithmetic touches an amount.
 */

const groupDigits = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** 1234 → "¥12.34"; 350000 → "¥3,500.00"; -50 → "-¥0.50". */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`an amount in fen must be an integer, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  return `${sign}¥${groupDigits(String(yuan))}.${String(cents).padStart(2, '0')}`;
}

/** The value a yuan input field starts with: 350000 → "3500.00". */
export function fenToYuanInput(fen: number): string {
  return formatFen(fen).replace('¥', '').replaceAll(',', '');
}

/**
 * What a person typed as yuan → integer fen, or null when it is not a non-negative amount
 * with at most two decimals. Accepts "3500", "3500.5", "3,500.50", "¥3500" and the
 * full-width "￥".
 */
export function parseYuanToFen(input: string): number | null {
  const cleaned = input.trim().replace(/^[¥￥]\s*/, '').replaceAll(',', '');
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const [, whole = '', decimals = ''] = match;
  const fen = Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}
