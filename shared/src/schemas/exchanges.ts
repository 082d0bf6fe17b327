/** Exchanges shipped (docs/recall.md "Exchanges shipped"): requests and answers. */
import { z } from 'zod';
import { plainText } from './text.ts';
import { Day } from './common.ts';
import { TrackingNo } from './orders.ts';

const Text = (field: string, max: number) =>
  plainText(z.string({ error: () => `${field} is required` }).trim().min(1, `${field} must not be empty`).max(max, `${field} must have at most ${max} characters`), field, { multiline: false });

/** The exchange waybill's tracking number, entered by the printer. */
export const ExchangeShipment = z.strictObject({ courier: Text('courier', 40), trackingNo: TrackingNo });
export type ExchangeShipment = z.infer<typeof ExchangeShipment>;
export const ExchangeFollowUp = z.strictObject({ note: Text('note', 500) });
export const ExchangesQuery = z.strictObject({ day: Day.optional() });
/**
 * The printable exchange waybills (打单 ⑥): one exchange (`caseId`, before or after printing)
 * or the day's exchange batch (`day`, every waybill printed that shop day, behind its clip
 * label 换货 YYYY.MM.DD 姓名). Exactly one of the two.
 */
export const ExchangeViewQuery = z
  .strictObject({
    caseId: z.coerce.number({ error: () => 'caseId must be a number' }).int().positive().optional(),
    day: Day.optional(),
    lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
    size: z.enum(['a4', 'thermal']).default('thermal'),
  })
  .refine((q) => (q.caseId === undefined) !== (q.day === undefined), 'give caseId or day, not both');
export type ExchangeViewQuery = z.infer<typeof ExchangeViewQuery>;

const StaffRef = z.object({ id: z.number(), displayName: z.string() });
const Signed = z.object({ by: StaffRef, at: z.string() }).nullable();

export const Exchange = z.object({
  caseId: z.number(),
  orderNo: z.string(),
  buyerId: z.string(),
  caseStatus: z.string(),
  wanted: z.string(),
  receiver: z.string().nullable(),
  agent: StaffRef,
  /** `换货 2026.11.29 孙磊`: the day's exchange batch this waybill was printed in. */
  batchLabel: z.string().nullable(),
  printed: Signed,
  courier: z.string().nullable(),
  trackingNo: z.string().nullable(),
  shipped: Signed,
  told: Signed,
  followUpOn: z.string().nullable(),
  followUpDue: z.boolean(),
  followedUp: Signed,
  followUpNote: z.string().nullable(),
});
export type Exchange = z.infer<typeof Exchange>;
export const ExchangesList = z.object({ exchanges: z.array(Exchange) });
export type ExchangesList = z.infer<typeof ExchangesList>;
