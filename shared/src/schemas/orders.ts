/**
 * The order registry's requests and answers (docs/orders.md). An order is recorded from the
 * marketplace's back office and then moved on as the shop works it; every move is kept.
 */
import { z } from 'zod';
import { plainText } from './text.ts';
import { ORDER_STATUSES } from '../domain/orders/status.ts';
import { parseAddress, PHONE_PATTERN } from '../domain/orders/receiver.ts';
import { BuyerId, OrderNo } from './chat.ts';
import { Instant, IdParam, QueryInt } from './common.ts';

export { BuyerId, OrderNo };

export const OrderStatusSchema = z.enum(ORDER_STATUSES, { error: () => `status must be one of ${ORDER_STATUSES.join(', ')}` });

/** Notes and reasons may have several lines; titles, SKUs and couriers one. */
const Text = (field: string, max: number) =>
  plainText(
    z
      .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be text`) })
      .trim()
      .min(1, `${field} must not be empty`)
      .max(max, `${field} must have at most ${max} characters`),
    field,
    { multiline: field === 'note' || field === 'reason' },
  );

export const MAX_ORDER_ITEMS = 50;

/** 颜色分类, e.g. 黑色. */
export const Colour = Text('colour', 30);
/** 尺码, e.g. 38 (written 38码 in notes) or 均码. */
export const Size = Text('size', 20).transform((size) => size.replace(/码$/, '') || size);

export const NewOrderItem = z.strictObject({
  /** The item's title as the marketplace shows it (全羊毛… makes it handmade). */
  title: Text('title', 120),
  colour: Colour.optional(),
  size: Size.optional(),
  quantity: z.number({ error: () => 'quantity must be a number' }).int('quantity must be a whole number').min(1, 'quantity must be at least 1').max(99, 'quantity must be at most 99'),
  priceFen: z.number({ error: () => 'priceFen must be a number of fen' }).int('priceFen must be a whole number of fen').nonnegative('priceFen must not be negative').max(100_000_000, 'priceFen must be at most 100000000'),
  inStock: z.boolean({ error: () => 'inStock must be true or false' }).default(true),
});
export type NewOrderItem = z.infer<typeof NewOrderItem>;

/** An address in its four parts (district may be empty: some buyers write none). */
export const AddressPartsSchema = z.strictObject({
  province: Text('province', 20),
  city: Text('city', 30),
  district: z.string({ error: () => 'district must be text' }).trim().max(30, 'district must have at most 30 characters').default(''),
  street: Text('street', 200),
});

/**
 * Wherever the API takes an address it takes the parts, or one line as buyers write it
 * (浙江省杭州市西湖区文三路100号), split by `parseAddress`; a line that cannot be split is
 * refused with the reason, so the agent types the parts.
 */
export const AddressInput = z
  .preprocess((value, ctx) => {
    if (typeof value !== 'string') return value;
    const line = value.trim();
    const parts = line.length > 250 ? null : parseAddress(line);
    if (!parts) {
      ctx.addIssue({ code: 'custom', input: value, message: line ? 'address could not be split into province, city, district and street; give the parts' : 'address must not be empty' });
      return z.NEVER;
    }
    return parts;
  }, AddressPartsSchema)
  .describe('{province, city, district, street}, or one line of text as buyers write it (浙江省杭州市西湖区文三路100号)');
export type AddressInput = z.output<typeof AddressInput>;

export const Phone = z
  .string({ error: () => 'phone must be text' })
  .trim()
  .transform((phone) => phone.replace(/\s+/g, ''))
  .refine((phone) => PHONE_PATTERN.test(phone), 'phone must be a mobile (11 digits) or a landline with its area code');

/** 收货人: name, phone, address. */
export const ReceiverInput = z.strictObject({
  name: Text('receiver name', 40),
  phone: Phone,
  address: AddressInput,
});
export type ReceiverInput = z.output<typeof ReceiverInput>;

/** 买家留言, as the buyer wrote it when placing the order. */
export const BuyerMessage = Text('buyerMessage', 500);

/** POST /api/orders: an order as the back office shows it, unpaid or paid. */
export const NewOrder = z
  .strictObject({
    orderNo: OrderNo,
    buyerId: BuyerId,
    items: z.array(NewOrderItem).min(1, 'an order needs at least one item').max(MAX_ORDER_ITEMS, `an order has at most ${MAX_ORDER_ITEMS} items`),
    /** When the buyer placed it (拍下); defaults to when it was paid, else now. */
    placedAt: Instant.optional(),
    status: z.enum(['unpaid', 'paid'], { error: () => 'a new order is unpaid or paid' }).default('paid'),
    /** When it was paid; only for a paid order, defaults to now. */
    paidAt: Instant.optional(),
    note: Text('note', 500).optional(),
    receiver: ReceiverInput.optional(),
    buyerMessage: BuyerMessage.optional(),
  })
  .refine((order) => order.status === 'paid' || order.paidAt === undefined, { message: 'paidAt is only for a paid order', path: ['paidAt'] });
export type NewOrder = z.infer<typeof NewOrder>;

/** A waybill number as couriers print it. */
export const TrackingNo = z
  .string({ error: () => 'trackingNo must be text' })
  .trim()
  .regex(/^[A-Za-z0-9-]{6,40}$/, 'trackingNo must be 6 to 40 letters, digits or -');

/** POST /api/orders/:orderNo/moves: move an order on; `version` guards against a colleague's change. */
export const OrderMove = z
  .strictObject({
    to: OrderStatusSchema,
    version: z.number({ error: () => 'version must be the order version you saw' }).int().positive(),
    courier: Text('courier', 40).optional(),
    trackingNo: TrackingNo.optional(),
    /** Why (a cancellation needs one). */
    note: Text('note', 500).optional(),
  })
  .refine((move) => move.to !== 'shipped' || (move.trackingNo !== undefined && move.courier !== undefined), {
    message: 'shipping needs the courier and the tracking number',
    path: ['trackingNo'],
  })
  .refine((move) => move.to !== 'cancelled' || move.note !== undefined, { message: 'a cancellation needs a note saying why', path: ['note'] });
export type OrderMove = z.infer<typeof OrderMove>;

export const OrderNoParams = z.object({ orderNo: OrderNo });

export const OrdersQuery = z.strictObject({
  buyerId: BuyerId.optional(),
  status: OrderStatusSchema.optional(),
  /** Part of an order number or of a buyer's nickname. */
  q: z.string().trim().min(1).max(64).optional(),
  /** Orders listed before this id (the next page). */
  before: IdParam.optional(),
  limit: QueryInt(1, 200).default(50),
});
export type OrdersQuery = z.infer<typeof OrdersQuery>;

const StaffRef = z.object({ id: z.number(), displayName: z.string() });

export const OrderItem = z.object({
  lineNo: z.number(),
  title: z.string(),
  colour: z.string().nullable(),
  size: z.string().nullable(),
  /** Colour and size as notes write them: 黑色38码. */
  attributes: z.string(),
  quantity: z.number(),
  priceFen: z.number(),
  inStock: z.boolean(),
  handmade: z.boolean(),
});
export type OrderItem = z.infer<typeof OrderItem>;

export const OrderEvent = z.object({
  id: z.number(),
  from: OrderStatusSchema.nullable(),
  to: OrderStatusSchema,
  at: z.string(),
  by: StaffRef,
  courier: z.string().nullable(),
  trackingNo: z.string().nullable(),
  note: z.string().nullable(),
});
export type OrderEvent = z.infer<typeof OrderEvent>;

export const AddressParts = z.object({ province: z.string(), city: z.string(), district: z.string(), street: z.string() });

/** The receiver as the console shows it: the phone masked (138****5678) unless asked for, audited. */
export const Receiver = z.object({
  name: z.string(),
  /** Masked; the full number comes from GET /api/orders/:orderNo/receiver-phone. */
  phone: z.string(),
  address: AddressParts,
  /** The address in one line, as notes and waybills print it. */
  addressText: z.string(),
});
export type Receiver = z.infer<typeof Receiver>;

/** GET /api/orders/:orderNo/receiver-phone: the full number, for the supervisor and whoever handles a change (audited). */
export const ReceiverPhone = z.object({ orderNo: z.string(), phone: z.string() });
export type ReceiverPhone = z.infer<typeof ReceiverPhone>;

export const Order = z.object({
  id: z.number(),
  orderNo: z.string(),
  buyerId: z.string(),
  receiver: Receiver.nullable(),
  buyerMessage: z.string().nullable(),
  status: OrderStatusSchema,
  totalFen: z.number(),
  items: z.array(OrderItem),
  placedAt: z.string(),
  paidAt: z.string().nullable(),
  shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  returnedAt: z.string().nullable(),
  courier: z.string().nullable(),
  trackingNo: z.string().nullable(),
  createdBy: StaffRef,
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type Order = z.infer<typeof Order>;

export const OrderDetail = Order.extend({
  history: z.array(OrderEvent),
  /** A courier recall slip was made for it (docs/recall.md): it is never marked delivered. */
  recalled: z.boolean(),
});
export type OrderDetail = z.infer<typeof OrderDetail>;

export const OrdersPage = z.object({ orders: z.array(Order), nextBefore: z.number().nullable() });
export type OrdersPage = z.infer<typeof OrdersPage>;
