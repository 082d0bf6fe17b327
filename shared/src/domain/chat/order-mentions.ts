/**
 * Order numbers a buyer types in a chat message (issue 11: one that does not exist is flagged
 * to the agent). A marketplace order number is a long run of digits (Taobao: 16–19); shorter
 * runs are phones (11), dates, prices or tracking numbers and are not taken. A number after
 * 订单号 / 订单编号 (or "order no") is taken whatever its form, as the buyer says what it is.
 * Pure: the server looks the found numbers up in the order registry.
 */
import { OrderNo } from '../../schemas/chat.ts';

/** A bare run of 16–20 digits, not part of a longer word or number. */
const BARE = /(?<![A-Za-z0-9])\d{16,20}(?![A-Za-z0-9])/g;
/** A number the buyer labels as an order number: 订单号 / 订单编号 / order no, then the number. */
const LABELLED = /(?:订单编?号|order\s*(?:no\.?|number|#))\s*(?:[:：#是为]\s*)?([A-Za-z0-9][A-Za-z0-9-]{5,31})(?![A-Za-z0-9-])/gi;

/** At most this many numbers are looked up per message. */
export const MAX_ORDER_MENTIONS = 5;

/** The order-number-like tokens of a text, in order of appearance, each once, upper-cased. */
export function orderNumbersIn(text: string): string[] {
  const found: Array<{ at: number; no: string }> = [];
  for (const match of text.matchAll(LABELLED)) found.push({ at: match.index + match[0].length - match[1]!.length, no: match[1]! });
  for (const match of text.matchAll(BARE)) found.push({ at: match.index, no: match[0] });
  const out: string[] = [];
  for (const { no } of found.sort((a, b) => a.at - b.at)) {
    const upper = no.toUpperCase();
    if (!out.includes(upper) && OrderNo.safeParse(upper).success) out.push(upper);
    if (out.length === MAX_ORDER_MENTIONS) break;
  }
  return out;
}
