/**
 * The marketplace's two-file export (订单报表 + 宝贝报表, joined by 订单编号) turned into
 * orders to import (docs/orders.md "Import"). Pure: the decoded rows and the shop's zone in,
 * candidate orders and per-line errors out. Each candidate is still checked by the
 * ImportOrder schema, the same one the JSON import uses.
 */
import type { CsvRow } from './csv.ts';
import { parseAttributes } from '../receiver.ts';
import type { IMPORT_ERROR_CODES, ImportOrder } from '../../../schemas/orders-import.ts';

/** The columns read from 订单报表 (others are ignored). */
export const ORDER_COLUMNS = {
  orderNo: '订单编号',
  buyerId: '买家会员名',
  paidAmount: '买家实际支付金额',
  status: '订单状态',
  buyerMessage: '买家留言',
  receiverName: '收货人姓名',
  address: '收货地址',
  mobile: '联系手机',
  phone: '联系电话',
  placedAt: '订单创建时间',
  paidAt: '订单付款时间',
  trackingNo: '物流单号',
  courier: '物流公司',
  sellerNote: '订单备注',
  changedAddress: '修改后的收货地址',
  // Refunds and disputes (docs/disputes.md "From the order import"): read when the export has them.
  refundStatus: '退款状态',
  refundAmount: '退款金额',
  refundDeadline: '退款超时时间',
  disputeStatus: '维权状态',
  disputeDeadline: '维权超时时间',
} as const;

/** The columns read from 宝贝报表. */
export const ITEM_COLUMNS = {
  orderNo: '订单编号',
  title: '标题',
  price: '价格',
  quantity: '购买数量',
  attributes: '商品属性',
  merchantCode: '商家编码',
} as const;

const REQUIRED_ORDER_COLUMNS = ['orderNo', 'buyerId', 'status'] as const;
const REQUIRED_ITEM_COLUMNS = ['orderNo', 'title', 'price', 'quantity'] as const;

export type ImportStatus = ImportOrder['status'];

/**
 * The marketplace's states mapped to ours. Checked in this order, because the back office
 * writes combined states such as "买家已付款，等待卖家发货" and "交易关闭(买家取消)".
 */
const STATUS_WORDS: ReadonlyArray<[string, ImportStatus]> = [
  ['交易关闭', 'cancelled'],
  ['交易成功', 'delivered'],
  ['卖家已发货', 'shipped'],
  ['买家已付款', 'paid'],
  ['等待卖家发货', 'paid'],
  ['等待买家付款', 'unpaid'],
];

export function mapMarketplaceStatus(text: string): ImportStatus | null {
  for (const [words, status] of STATUS_WORDS) if (text.includes(words)) return status;
  return null;
}

/**
 * Whether the export's 退款状态 / 维权状态 says a refund or a dispute is still open (the shop
 * has to act before the marketplace's deadline). Ended ones (退款成功, 退款关闭, 维权结束…) and
 * none (没有申请退款, empty) are not.
 */
export function refundOpen(text: string): boolean {
  if (!text || /成功|关闭|结束|撤销|没有|^无$/.test(text)) return false;
  return /退款中|申请退款|等待卖家|等待买家退货|待处理|处理中/.test(text);
}

export function disputeOpen(text: string): boolean {
  if (!text || /结束|关闭|撤销|完结|没有|^无$/.test(text)) return false;
  return /维权中|处理中|待处理|投诉中|介入/.test(text);
}

/**
 * A cell as written, without what protects long numbers from spreadsheets: a leading `'` or
 * tab, or the formula form `="…"`.
 */
export function cleanCell(raw: string): string {
  let value = raw.trim();
  const formula = /^="(.*)"$/s.exec(value);
  if (formula) value = formula[1]!;
  if (value.startsWith("'") || value.startsWith('\t')) value = value.slice(1);
  return value.trim();
}

/** 商品属性 (`颜色分类：黑色;尺码：38`) as the item's colour and size, absent when not given. */
function attributesOf(text: string): { colour?: string; size?: string } {
  const { colour, size } = parseAttributes(text);
  return { ...(colour ? { colour } : {}), ...(size ? { size } : {}) };
}

/** `299.00` (yuan) → 29900 fen; anything else → null. */
export function yuanToFen(text: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.replace(/^[¥￥]/, ''));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const hourOffsets = new Map<string, number>();

/** The zone's UTC offset at an instant, in minutes. */
function offsetMinutes(at: Date, tz: string): number {
  let format = offsetFormats.get(tz);
  if (!format) {
    // Made once per zone: building a formatter costs far more than using it (10,000-row files).
    format = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    offsetFormats.set(tz, format);
  }
  const parts = format.formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((wall - at.getTime()) / 60_000);
}

/** `2026-11-29 10:15:32` or `2026/11/29 10:15` on the shop's wall clock → the UTC instant (ISO); bad → null. */
export function shopTimeToIso(text: string, tz: string): string | null {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  // Two passes find the offset in force at that wall time (the zone may change offset around
  // it); zones change offset on whole hours, so one answer serves a whole wall-clock hour.
  const wallHour = `${tz}|${Math.floor(wall / 3_600_000)}`;
  let offset = hourOffsets.get(wallHour);
  if (offset === undefined) {
    offset = offsetMinutes(new Date(wall - offsetMinutes(new Date(wall), tz) * 60_000), tz);
    if (hourOffsets.size > 10_000) hourOffsets.clear();
    hourOffsets.set(wallHour, offset);
  }
  return new Date(wall - offset * 60_000).toISOString();
}

export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

export interface RowError {
  file: 'orders' | 'items';
  line: number;
  orderNo?: string;
  code: ImportErrorCode;
  /** The field at fault (a column's key or the schema's path). */
  field?: string;
  message: string;
}

/** A candidate order with the line it came from, to be checked by the ImportOrder schema. */
export interface ExportedOrder {
  line: number;
  orderNo: string;
  candidate: Record<string, unknown>;
}

function columnIndex<K extends string>(header: string[], columns: Record<K, string>): Partial<Record<K, number>> {
  const names = header.map((h) => cleanCell(h).replace(/^\uFEFF/, ''));
  const index: Partial<Record<K, number>> = {};
  for (const key of Object.keys(columns) as K[]) {
    const at = names.indexOf(columns[key]);
    if (at >= 0) index[key] = at;
  }
  return index;
}

function missingColumns<K extends string>(file: 'orders' | 'items', index: Partial<Record<K, number>>, required: readonly K[], columns: Record<K, string>): RowError[] {
  return required.filter((key) => index[key] === undefined).map((key) => ({ file, line: 1, code: 'missing_column' as const, field: key, message: `the ${file === 'orders' ? '订单报表' : '宝贝报表'} has no column ${columns[key]}` }));
}

/**
 * Joins the two reports. An order whose own row or any item row is bad is left out whole
 * (never half an order) and reported at the bad line; good orders are returned in file order.
 */
export function readMarketplaceExport(orderRows: CsvRow[], itemRows: CsvRow[], tz: string): { orders: ExportedOrder[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const [orderHeader, ...orderBody] = orderRows;
  const [itemHeader, ...itemBody] = itemRows;
  if (!orderHeader || !itemHeader) {
    return { orders: [], errors: [{ file: orderHeader ? 'items' : 'orders', line: 1, code: 'missing_column', message: 'the file is empty' }] };
  }
  const oi = columnIndex(orderHeader.cells, ORDER_COLUMNS);
  const ii = columnIndex(itemHeader.cells, ITEM_COLUMNS);
  const missing = [...missingColumns('orders', oi, REQUIRED_ORDER_COLUMNS, ORDER_COLUMNS), ...missingColumns('items', ii, REQUIRED_ITEM_COLUMNS, ITEM_COLUMNS)];
  if (missing.length) return { orders: [], errors: missing };

  const cell = <K extends string>(row: CsvRow, index: Partial<Record<K, number>>, key: K): string => {
    const at = index[key];
    return at === undefined ? '' : cleanCell(row.cells[at] ?? '');
  };

  // Items first, grouped by order; a bad item spoils its order.
  const itemsByOrder = new Map<string, { line: number; item: Record<string, unknown> }[]>();
  const spoiled = new Set<string>();
  for (const row of itemBody) {
    const orderNo = cell(row, ii, 'orderNo');
    const price = yuanToFen(cell(row, ii, 'price'));
    const quantityText = cell(row, ii, 'quantity');
    const quantity = /^\d+$/.test(quantityText) ? Number(quantityText) : null;
    const bad = (field: string, message: string) => {
      errors.push({ file: 'items', line: row.line, ...(orderNo ? { orderNo } : {}), code: 'invalid_field', field, message });
      if (orderNo) spoiled.add(orderNo);
    };
    if (!orderNo) {
      bad('orderNo', `${ITEM_COLUMNS.orderNo} is empty`);
      continue;
    }
    if (price === null) {
      bad('price', `${ITEM_COLUMNS.price} "${cell(row, ii, 'price')}" is not an amount in yuan`);
      continue;
    }
    if (quantity === null) {
      bad('quantity', `${ITEM_COLUMNS.quantity} "${quantityText}" is not a whole number`);
      continue;
    }
    const merchantCode = cell(row, ii, 'merchantCode');
    const item: Record<string, unknown> = { title: cell(row, ii, 'title'), quantity, priceFen: price, ...attributesOf(cell(row, ii, 'attributes')) };
    if (merchantCode) item.merchantCode = merchantCode;
    const list = itemsByOrder.get(orderNo) ?? [];
    list.push({ line: row.line, item });
    itemsByOrder.set(orderNo, list);
  }

  const orders: ExportedOrder[] = [];
  const seen = new Set<string>();
  for (const row of orderBody) {
    const orderNo = cell(row, oi, 'orderNo');
    const fail = (code: ImportErrorCode, field: string | undefined, message: string) =>
      errors.push({ file: 'orders', line: row.line, ...(orderNo ? { orderNo } : {}), code, ...(field ? { field } : {}), message });
    if (!orderNo) {
      fail('invalid_field', 'orderNo', `${ORDER_COLUMNS.orderNo} is empty`);
      continue;
    }
    if (seen.has(orderNo)) {
      fail('duplicate_order', 'orderNo', `order ${orderNo} appears twice in the 订单报表`);
      continue;
    }
    seen.add(orderNo);
    const statusText = cell(row, oi, 'status');
    const status = mapMarketplaceStatus(statusText);
    if (!status) {
      fail('unknown_status', 'status', `${ORDER_COLUMNS.status} "${statusText}" is not a state we know`);
      continue;
    }
    const times: Record<string, string> = {};
    let badTime = false;
    for (const key of ['placedAt', 'paidAt'] as const) {
      const text = cell(row, oi, key);
      if (!text) continue;
      const iso = shopTimeToIso(text, tz);
      if (!iso) {
        fail('invalid_field', key, `${ORDER_COLUMNS[key]} "${text}" is not a date and time`);
        badTime = true;
      } else times[key] = iso;
    }
    if (badTime) continue;
    if (spoiled.has(orderNo)) continue; // already reported at the item's line
    const items = itemsByOrder.get(orderNo);
    if (!items?.length) {
      fail('no_items', 'items', `order ${orderNo} has no rows in the 宝贝报表`);
      continue;
    }
    const candidate: Record<string, unknown> = { orderNo, buyerId: cell(row, oi, 'buyerId'), status, items: items.map((i) => i.item) };
    // An unpaid or closed-before-payment order has no payment time worth keeping.
    if (times.placedAt) candidate.placedAt = times.placedAt;
    if (times.paidAt && status !== 'unpaid') candidate.paidAt = times.paidAt;
    const address = cell(row, oi, 'changedAddress') || cell(row, oi, 'address');
    const name = cell(row, oi, 'receiverName');
    const phone = cell(row, oi, 'mobile') || cell(row, oi, 'phone');
    if (address || name || phone) candidate.receiver = { name, phone, address };
    for (const key of ['buyerMessage', 'courier', 'trackingNo', 'sellerNote'] as const) {
      const value = cell(row, oi, key);
      if (value) candidate[key] = value;
    }
    // An open refund or dispute comes with the order (a paid one only: nothing to refund before).
    if (status !== 'unpaid') {
      let badAftersale = false;
      for (const [kind, open, deadlineKey] of [
        ['refund', refundOpen(cell(row, oi, 'refundStatus')), 'refundDeadline'],
        ['dispute', disputeOpen(cell(row, oi, 'disputeStatus')), 'disputeDeadline'],
      ] as const) {
        if (!open) continue;
        const item: Record<string, unknown> = {};
        const deadlineText = cell(row, oi, deadlineKey);
        if (deadlineText) {
          const deadline = shopTimeToIso(deadlineText, tz);
          if (!deadline) {
            fail('invalid_field', deadlineKey, `${ORDER_COLUMNS[deadlineKey]} "${deadlineText}" is not a date and time`);
            badAftersale = true;
            break;
          }
          item.deadlineAt = deadline;
        }
        if (kind === 'refund') {
          const amountText = cell(row, oi, 'refundAmount');
          const amount = amountText ? yuanToFen(amountText) : null;
          if (amountText && amount === null) {
            fail('invalid_field', 'refundAmount', `${ORDER_COLUMNS.refundAmount} "${amountText}" is not an amount in yuan`);
            badAftersale = true;
            break;
          }
          if (amount) item.amountFen = amount;
        }
        candidate[kind] = item;
      }
      if (badAftersale) continue;
    }
    if (status === 'unpaid' || status === 'cancelled') {
      // Nothing will be printed for these: a waybill reserved for them is not theirs any more.
      delete candidate.courier;
      delete candidate.trackingNo;
    }
    orders.push({ line: row.line, orderNo, candidate });
  }
  for (const [orderNo, items] of itemsByOrder) {
    if (!seen.has(orderNo)) {
      errors.push({ file: 'items', line: items[0]!.line, orderNo, code: 'unknown_order', field: 'orderNo', message: `order ${orderNo} is in the 宝贝报表 but not in the 订单报表` });
    }
  }
  return { orders, errors };
}
