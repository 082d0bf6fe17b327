/**
 * Printing (打单, docs/orders.md "Printing"): the printers' queue of paid orders and the
 * day's signed print batches.
 */
import { z } from 'zod';
import { Order, OrderNo, TrackingNo } from './orders.ts';

export const MAX_BATCH_ORDERS = 2_000;

/** POST /api/print/batches. */
export const NewPrintBatch = z.strictObject({
  orderNos: z
    .array(OrderNo, { error: () => 'orderNos must be a list of order numbers' })
    .min(1, 'choose at least one order to print')
    .max(MAX_BATCH_ORDERS, `a batch holds at most ${MAX_BATCH_ORDERS} orders`)
    .refine((nos) => new Set(nos).size === nos.length, 'an order appears twice in orderNos'),
  /** The first number of the roll of waybills in the printer: orders without a tracking number take the next ones. */
  firstTrackingNo: TrackingNo.optional(),
  /** The courier of that roll (中通快递…). */
  courier: z.string().trim().min(1).max(40).optional(),
}).refine((b) => b.firstTrackingNo === undefined || b.courier !== undefined, { message: 'a roll of waybills needs its courier', path: ['courier'] });
export type NewPrintBatch = z.infer<typeof NewPrintBatch>;

export const PrintBatch = z.object({
  id: z.number(),
  label: z.string(),
  orderNos: z.array(z.string()),
  /** The orders of the batch printed before (a reprint, recorded as such). */
  reprints: z.array(z.string()),
  printedAt: z.string(),
  printedBy: z.object({ id: z.number(), displayName: z.string() }),
});
export type PrintBatch = z.infer<typeof PrintBatch>;

export const PrintBatchesQuery = z.strictObject({
  /** The shop day, YYYY-MM-DD; today when absent. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'day must look like YYYY-MM-DD').optional(),
});
export const PrintBatches = z.object({ day: z.string(), batches: z.array(PrintBatch) });
export type PrintBatches = z.infer<typeof PrintBatches>;

export const PrintQueueQuery = z.strictObject({
  /** Part of an order number, buyer or item title. */
  q: z.string().trim().min(1).max(64).optional(),
  /** Only handmade (全羊毛…, 48 h) or only ready-made items. */
  kind: z.enum(['handmade', 'ready']).optional(),
  /** Paid before today's cut-off only (what must go out today). */
  dueToday: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type PrintQueueQuery = z.infer<typeof PrintQueueQuery>;

export const PrintQueueOrder = Order.extend({
  /** Notes to print (imported seller notes), and how many of them lack a signature. */
  notes: z.array(z.object({ text: z.string(), signed: z.boolean() })),
});
export const PrintQueue = z.object({ orders: z.array(PrintQueueOrder), cutoff: z.string() });
export type PrintQueue = z.infer<typeof PrintQueue>;

export const PrintViewQuery = z.strictObject({
  size: z.enum(['a4', 'thermal']).default('a4'),
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
});
export type PrintViewQuery = z.infer<typeof PrintViewQuery>;
