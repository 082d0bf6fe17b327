/**
 * Order numbers a buyer types in a chat message (issue 11: one that does not exist is flagged
 * to the agent). Pure: the server looks the found numbers up in the order registry, and
 * never flags one that is a known shipment's tracking number (chat.order-mentions.ts).
 *
 * Telling an order number from a courier's tracking number by its shape:
 * - The shop sells on Taobao/Tmall (the rulebook's 旺旺 and E店宝): their order numbers
 *   (订单编号) are 16–19 plain digits. A bare run of 16–19 digits, not part of a longer word
 *   or number, is taken as an order number.
 * - A run of 20 or more digits is no marketplace order number: courier numbers are the
 *   numbers that long (and shorter runs are phones, dates, prices or tracking numbers).
 * - Couriers' numbers with letters (SF…, YT…, JT…, JD…) are never a bare run of digits.
 * - A number the buyer labels decides by the label: after 订单号 / 订单编号 / order no it is
 *   taken whatever its form; after a tracking label (快递单号, 运单号, 物流单号, 退货单号,
 *   a courier's name such as 顺丰 or 中通, tracking no, waybill) it is never taken, even when
 *   it has an order number's shape.
 */
import { OrderNo } from '../../schemas/chat.ts';

/** A bare run of 16–19 digits (a Taobao/Tmall order number's shape), not part of a longer word or number. */
const BARE = /(?<![A-Za-z0-9])\d{16,19}(?![A-Za-z0-9])/g;
/** A number the buyer labels as an order number: 订单号 / 订单编号 / order no, then the number. */
const LABELLED = /(?:订单编?号|order\s*(?:no\.?|number|#))\s*(?:[:：#是为]\s*)?([A-Za-z0-9][A-Za-z0-9-]{5,31})(?![A-Za-z0-9-])/gi;
/** Couriers buyers name before a tracking number. */
const COURIERS = '顺丰|中通|圆通|韵达|申通|极兔|邮政|EMS|京东|百世|德邦|天天|宅急送|菜鸟|丰网|安能|跨越';
/** A number the buyer labels as a tracking number (快递单号, 运单号, 中通 …, tracking no), then the number. */
const TRACKING_LABELLED = new RegExp(
  `(?:(?:快递|物流|运|退货|换货|寄回|包裹)(?:单号|单|号码|号)|(?:${COURIERS})(?:快递|速运|物流)?(?:单号|号码|号)?|tracking\\s*(?:no\\.?|number|#)?|waybill\\s*(?:no\\.?|number|#)?)` +
    `\\s*(?:[:：#是为]\\s*)?([A-Za-z0-9][A-Za-z0-9-]{5,39})(?![A-Za-z0-9-])`,
  'gi',
);

/** At most this many numbers are looked up per message. */
export const MAX_ORDER_MENTIONS = 5;

/** The order-number-like tokens of a text, in order of appearance, each once, upper-cased. */
export function orderNumbersIn(text: string): string[] {
  const tracking = new Set<number>();
  for (const match of text.matchAll(TRACKING_LABELLED)) tracking.add(match.index + match[0].length - match[1]!.length);
  const found: Array<{ at: number; no: string }> = [];
  for (const match of text.matchAll(LABELLED)) found.push({ at: match.index + match[0].length - match[1]!.length, no: match[1]! });
  for (const match of text.matchAll(BARE)) if (!tracking.has(match.index)) found.push({ at: match.index, no: match[0] });
  const out: string[] = [];
  for (const { no } of found.sort((a, b) => a.at - b.at)) {
    const upper = no.toUpperCase();
    if (!out.includes(upper) && OrderNo.safeParse(upper).success) out.push(upper);
    if (out.length === MAX_ORDER_MENTIONS) break;
  }
  return out;
}
