/**
 * After-sale cases (docs/orders.md): a return, exchange, refund or courier recall opened on
 * an order; an open case sends the buyer's chat to after-sale.
 */
import { z } from 'zod';
import { plainText } from './text.ts';
import { IdParam, QueryInt } from './common.ts';
import { CASE_KINDS, CASE_STATUSES } from '../domain/aftersale/cases.ts';
import { BuyerId, OrderNo } from './chat.ts';

export const CaseKindSchema = z.enum(CASE_KINDS, { error: () => `kind must be one of ${CASE_KINDS.join(', ')}` });
export const CaseStatusSchema = z.enum(CASE_STATUSES, { error: () => `status must be one of ${CASE_STATUSES.join(', ')}` });

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

export const NewCase = z.strictObject({
  orderNo: OrderNo,
  kind: CaseKindSchema,
  /** What the buyer says is wrong, or why; for a quality problem, exactly where (A03). */
  reason: Text('reason', 500),
});
export type NewCase = z.infer<typeof NewCase>;

export const CloseCase = z.strictObject({
  version: z.number({ error: () => 'version must be the case version you saw' }).int().positive(),
  /** How it ended (refunded, exchanged, parcel back…). */
  note: Text('note', 500),
});
export type CloseCase = z.infer<typeof CloseCase>;

export const CasesQuery = z.strictObject({
  status: CaseStatusSchema.optional(),
  buyerId: BuyerId.optional(),
  orderNo: OrderNo.optional(),
  before: IdParam.optional(),
  limit: QueryInt(1, 200).default(50),
});
export type CasesQuery = z.infer<typeof CasesQuery>;

const StaffRef = z.object({ id: z.number(), displayName: z.string() });

export const AfterSaleCase = z.object({
  id: z.number(),
  orderNo: z.string(),
  buyerId: z.string(),
  kind: CaseKindSchema,
  status: CaseStatusSchema,
  reason: z.string(),
  openedBy: StaffRef,
  openedAt: z.string(),
  closedBy: StaffRef.nullable(),
  closedAt: z.string().nullable(),
  closeNote: z.string().nullable(),
  version: z.number(),
});
export type AfterSaleCase = z.infer<typeof AfterSaleCase>;

export const CasesPage = z.object({ cases: z.array(AfterSaleCase), nextBefore: z.number().nullable() });
export type CasesPage = z.infer<typeof CasesPage>;
