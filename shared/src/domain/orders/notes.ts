/**
 * Signed order notes (红旗备注, 售前 ③④⑥, 售后 ⑥) in the rulebook's exact shapes, each ending
 * with the signature `---YYYY.MM.DD 姓名`: the date in the shop's zone, the author's display
 * name. Both come from the session and the clock, never from the request (P04: a note
 * without signature and date is a penalty, so the console cannot write one). Pure.
 */

export const NOTE_KINDS = ['attribute', 'address', 'special', 'after_print', 'exchange_shipped', 'correction', 'reply'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

/** Kinds a person writes through POST /api/orders/:orderNo/notes; `reply` is written by a printer's answer to an alert. */
export const WRITABLE_NOTE_KINDS = ['attribute', 'address', 'special', 'after_print', 'exchange_shipped', 'correction'] as const;

export type NoteFields =
  | { kind: 'attribute'; from: string; to: string }
  | { kind: 'address'; address: string }
  | { kind: 'special'; request: string }
  | { kind: 'after_print'; to: string }
  | { kind: 'exchange_shipped'; trackingNo: string }
  | { kind: 'correction'; corrects: number; text: string }
  | { kind: 'reply'; reply: string };

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** `YYYY.MM.DD` of the instant in the zone (the shop's day, not UTC's). */
export function noteDate(at: Date, tz: string): string {
  let format = dateFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(tz, format);
  }
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of format.formatToParts(at)) parts[part.type] = part.value;
  return `${(parts.year ?? '').padStart(4, '0')}.${parts.month}.${parts.day}`;
}

/** `---2026.11.29 李娜`. */
export function signature(authorName: string, at: Date, tz: string): string {
  return `---${noteDate(at, tz)} ${authorName}`;
}

/** The note's body without its signature: what an alert and a chat message repeat. */
export function noteBody(fields: NoteFields): string {
  switch (fields.kind) {
    case 'attribute':
      return `客户拍下${fields.from}，要求修改成${fields.to}，已修改妥当`;
    case 'address':
      return `客户要求修改地址，新地址为：${fields.address}`;
    case 'special':
      return `客户要求${fields.request.replace(/^客户要求/, '')}`;
    case 'after_print':
      return `客户要求修改成${fields.to}，已在发货单与快递单上修改妥当`;
    case 'exchange_shipped':
      return `换货已发出，单号为：${fields.trackingNo}`;
    case 'correction':
      return `更正第${fields.corrects}条备注：${fields.text}`;
    case 'reply':
      return `订单跟踪回复：${fields.reply}`;
  }
}

/** The whole note as the back office shows it. */
export function noteText(fields: NoteFields, authorName: string, at: Date, tz: string): string {
  return `${noteBody(fields)}${signature(authorName, at, tz)}`;
}

/** Does a note carry a valid `---YYYY.MM.DD 姓名` signature at its end (imported seller notes are checked, P04)? */
export function hasValidSignature(text: string): boolean {
  const match = /---(\d{4})\.(\d{2})\.(\d{2}) ?(\S.{0,19})\s*$/.exec(text.trim());
  if (!match) return false;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}
