/**
 * Importing orders from the back office (docs/orders.md "Import"): `POST /api/orders/import`
 * takes the export's two files (multipart `orders` and `items`) or a JSON array of these
 * orders; `npm run import:orders` reads the files. Both answer an ImportResult.
 */
import { z } from 'zod';
import { BuyerId, BuyerMessage, Colour, OrderNo, ReceiverInput, Size, TrackingNo } from './orders.ts';
import { Instant } from './common.ts';

const Text = (field: string, max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be text`) })
    .trim()
    .min(1, `${field} must not be empty`)
    .max(max, `${field} must have at most ${max} characters`);

/** The states an imported order may be in: the marketplace's, mapped (domain/orders/import/marketplace.ts). */
export const IMPORT_STATUSES = ['unpaid', 'paid', 'shipped', 'delivered', 'cancelled'] as const;

export const ImportOrderItem = z.strictObject({
  title: Text('title', 120),
  colour: Colour.optional(),
  size: Size.optional(),
  quantity: z.number({ error: () => 'quantity must be a number' }).int('quantity must be a whole number').min(1, 'quantity must be at least 1').max(99, 'quantity must be at most 99'),
  priceFen: z.number({ error: () => 'priceFen must be a number of fen' }).int('priceFen must be a whole number of fen').nonnegative('priceFen must not be negative').max(100_000_000, 'priceFen must be at most 100000000'),
  /** 商家编码: the shop's own article code. */
  merchantCode: Text('merchantCode', 40).optional(),
  inStock: z.boolean({ error: () => 'inStock must be true or false' }).default(true),
});
export type ImportOrderItem = z.infer<typeof ImportOrderItem>;

export const ImportOrder = z
  .strictObject({
    orderNo: OrderNo,
    buyerId: BuyerId,
    items: z.array(ImportOrderItem).min(1, 'an order needs at least one item').max(50, 'an order has at most 50 items'),
    status: z.enum(IMPORT_STATUSES, { error: () => `status must be one of ${IMPORT_STATUSES.join(', ')}` }),
    placedAt: Instant.optional(),
    paidAt: Instant.optional(),
    /** Name, phone and address (the parts, or one line as the export writes it). */
    receiver: ReceiverInput.optional(),
    buyerMessage: BuyerMessage.optional(),
    courier: Text('courier', 40).optional(),
    trackingNo: TrackingNo.optional(),
    /** 订单备注: the seller's note as the back office holds it (kept as an imported note). */
    sellerNote: Text('sellerNote', 1000).optional(),
    /** An open refund (退款中): the amount asked and the marketplace's auto-refund time, when the export gives them. */
    refund: z
      .strictObject({
        amountFen: z.number({ error: () => 'refund.amountFen must be a number of fen' }).int('refund.amountFen must be a whole number of fen').positive('refund.amountFen must be positive').max(100_000_000).optional(),
        deadlineAt: Instant.optional(),
      })
      .optional(),
    /** An open dispute (维权中): the marketplace's response time, when the export gives it. */
    dispute: z.strictObject({ deadlineAt: Instant.optional() }).optional(),
  })
  .refine((o) => (o.status !== 'shipped' && o.status !== 'delivered') || o.paidAt !== undefined, {
    message: 'a shipped or delivered order needs paidAt',
    path: ['paidAt'],
  })
  .refine((o) => o.status !== 'unpaid' || o.paidAt === undefined, { message: 'an unpaid order has no paidAt', path: ['paidAt'] })
  .refine((o) => o.status !== 'unpaid' || (o.refund === undefined && o.dispute === undefined), { message: 'an unpaid order has no refund or dispute', path: ['status'] })
  .refine((o) => (o.status !== 'shipped' && o.status !== 'delivered') || o.trackingNo !== undefined, {
    message: 'a shipped order needs its trackingNo',
    path: ['trackingNo'],
  });
export type ImportOrder = z.infer<typeof ImportOrder>;

export const MAX_IMPORT_JSON_ORDERS = 2_000;

/** The JSON form: an array of orders, each checked on its own (a bad one is reported, the rest go in). */
export const ImportOrdersJson = z
  .array(z.unknown(), { error: () => 'the body must be a JSON array of orders (or multipart files orders and items)' })
  .min(1, 'the array holds no order')
  .max(MAX_IMPORT_JSON_ORDERS, `at most ${MAX_IMPORT_JSON_ORDERS} orders per request; send larger imports as the export files`);

export const IMPORT_ERROR_CODES = ['missing_column', 'invalid_field', 'unknown_status', 'unknown_order', 'duplicate_order', 'no_items', 'conflict'] as const;

export const ImportError = z.object({
  /** The file line (the files) or the array index + 1 (JSON). */
  line: z.number(),
  orderNo: z.string().optional(),
  /** Which file the line is in (absent for JSON). */
  file: z.enum(['orders', 'items']).optional(),
  /** What is wrong, for the console to say in the reader's language; `message` says it in English. */
  code: z.enum(IMPORT_ERROR_CODES),
  field: z.string().optional(),
  message: z.string(),
});
export type ImportError = z.infer<typeof ImportError>;

export const ImportResult = z.object({
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  errors: z.array(ImportError),
});
export type ImportResult = z.infer<typeof ImportResult>;
