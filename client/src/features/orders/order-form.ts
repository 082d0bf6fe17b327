/**
 * The "record an order" form as plain data, and what it sends: prices typed in yuan become
 * integer fen (STYLE.md habit 10), times typed on the shop's wall clock become instants with
 * the shop's offset. Pure; the server validates everything again with the shared schema.
 */
import { parseAddress, PHONE_PATTERN } from '@kefu/shared/domain/orders/receiver';
import { MAX_ORDER_ITEMS, OrderNo, type NewOrder } from '@kefu/shared/schemas/orders';
import { parseYuanToFen } from '../../lib/money.ts';
import { shopWallTimeToIso } from '../../lib/time.ts';

export interface ItemLineInput {
  title: string;
  /** 颜色分类, e.g. 黑色. */
  colour: string;
  /** 尺码, e.g. 38. */
  size: string;
  /** As typed; a whole number 1–99. */
  quantity: string;
  /** The unit price as typed, in yuan ("128", "128.50", "¥128"). */
  price: string;
  inStock: boolean;
}

export interface OrderFormInput {
  orderNo: string;
  buyerId: string;
  status: 'unpaid' | 'paid';
  /** When the buyer placed it (拍下), a datetime-local value on the shop's clock; empty: the paid time (the server's default), else now. */
  placedAt: string;
  /** A datetime-local value on the shop's clock; empty means "now" (the server's clock). */
  paidAt: string;
  /** 收货人; all three or none (an order typed in before the receiver is known). */
  receiverName: string;
  receiverPhone: string;
  /** One line as the buyer wrote it; split into province/city/district/street. */
  receiverAddress: string;
  buyerMessage: string;
  items: ItemLineInput[];
}

/** What the form itself finds wrong; `line` is 1-based, as people count the lines on screen. */
export type OrderFormProblem =
  | { key: 'orderNoInvalid' }
  | { key: 'buyerRequired' }
  | { key: 'itemsRequired' }
  | { key: 'tooManyItems'; max: number }
  | { key: 'titleRequired'; line: number }
  | { key: 'quantityInvalid'; line: number }
  | { key: 'priceInvalid'; line: number }
  | { key: 'receiverIncomplete' }
  | { key: 'phoneInvalid' }
  | { key: 'addressUnreadable' }
  | { key: 'placedAtInvalid' }
  | { key: 'paidAtInvalid' }
  | { key: 'paidBeforePlaced' };

/** The most a line's unit price may be (NewOrderItem.priceFen's limit): ¥1,000,000.00. */
export const MAX_PRICE_FEN = 100_000_000;

export const emptyItemLine = (): ItemLineInput => ({ title: '', colour: '', size: '', quantity: '1', price: '', inStock: true });

export const emptyOrderForm = (): OrderFormInput => ({
  orderNo: '',
  buyerId: '',
  status: 'paid',
  placedAt: '',
  paidAt: '',
  receiverName: '',
  receiverPhone: '',
  receiverAddress: '',
  buyerMessage: '',
  items: [emptyItemLine()],
});

/** The receiver the form sends: none when all three are empty, else all three, checked. */
export function receiverFrom(form: Pick<OrderFormInput, 'receiverName' | 'receiverPhone' | 'receiverAddress'>): { receiver: NewOrder['receiver'] } | { problem: OrderFormProblem } {
  const name = form.receiverName.trim();
  const phone = form.receiverPhone.replace(/\s+/g, '');
  const line = form.receiverAddress.trim();
  if (!name && !phone && !line) return { receiver: undefined };
  if (!name || !phone || !line) return { problem: { key: 'receiverIncomplete' } };
  if (!PHONE_PATTERN.test(phone)) return { problem: { key: 'phoneInvalid' } };
  const address = parseAddress(line);
  if (!address) return { problem: { key: 'addressUnreadable' } };
  return { receiver: { name, phone, address } };
}

/** A typed quantity → 1…99, or null. */
export function parseQuantity(typed: string): number | null {
  const trimmed = typed.trim();
  if (!/^\d{1,2}$/.test(trimmed)) return null;
  const quantity = Number(trimmed);
  return quantity >= 1 && quantity <= 99 ? quantity : null;
}

/** A typed unit price in yuan → fen within the schema's limit, or null. */
export function parsePriceFen(typed: string): number | null {
  const fen = parseYuanToFen(typed);
  return fen !== null && fen <= MAX_PRICE_FEN ? fen : null;
}

/** What the lines add up to, in fen, for the running total under the form; null while a line is unreadable. */
export function linesTotalFen(items: readonly ItemLineInput[]): number | null {
  let total = 0;
  for (const item of items) {
    const quantity = parseQuantity(item.quantity);
    const price = parsePriceFen(item.price);
    if (quantity === null || price === null) return null;
    total += quantity * price;
  }
  return total;
}

/** The request the form sends, or the first thing to fix. */
export function newOrderFrom(form: OrderFormInput, timeZone?: string): { order: NewOrder } | { problem: OrderFormProblem } {
  const orderNo = form.orderNo.trim();
  if (!OrderNo.safeParse(orderNo).success) return { problem: { key: 'orderNoInvalid' } };
  const buyerId = form.buyerId.trim();
  if (buyerId === '') return { problem: { key: 'buyerRequired' } };
  if (form.items.length === 0) return { problem: { key: 'itemsRequired' } };
  if (form.items.length > MAX_ORDER_ITEMS) return { problem: { key: 'tooManyItems', max: MAX_ORDER_ITEMS } };

  const items: NewOrder['items'] = [];
  for (const [index, line] of form.items.entries()) {
    const lineNo = index + 1;
    const title = line.title.trim();
    if (title === '') return { problem: { key: 'titleRequired', line: lineNo } };
    const quantity = parseQuantity(line.quantity);
    if (quantity === null) return { problem: { key: 'quantityInvalid', line: lineNo } };
    const priceFen = parsePriceFen(line.price);
    if (priceFen === null) return { problem: { key: 'priceInvalid', line: lineNo } };
    const colour = line.colour.trim();
    const size = line.size.trim();
    items.push({ title, ...(colour ? { colour } : {}), ...(size ? { size } : {}), quantity, priceFen, inStock: line.inStock });
  }

  const receiver = receiverFrom(form);
  if ('problem' in receiver) return receiver;
  const order: NewOrder = { orderNo, buyerId, items, status: form.status };
  if (receiver.receiver) order.receiver = receiver.receiver;
  const buyerMessage = form.buyerMessage.trim();
  if (buyerMessage) order.buyerMessage = buyerMessage;
  let placedAt: string | undefined;
  if (form.placedAt.trim() !== '') {
    placedAt = shopWallTimeToIso(form.placedAt, timeZone) ?? undefined;
    if (!placedAt) return { problem: { key: 'placedAtInvalid' } };
  }
  if (form.status === 'paid' && form.paidAt.trim() !== '') {
    const paidAt = shopWallTimeToIso(form.paidAt, timeZone);
    if (!paidAt) return { problem: { key: 'paidAtInvalid' } };
    if (placedAt && new Date(paidAt) < new Date(placedAt)) return { problem: { key: 'paidBeforePlaced' } };
    order.paidAt = paidAt; // without a placed time, the server takes this one for it too
  }
  if (placedAt) order.placedAt = placedAt;
  return { order };
}
