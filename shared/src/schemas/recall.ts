/**
 * Courier recall slips (快件退回单) and difficult parcels (疑难件): requests and answers
 * (docs/recall.md).
 */
import { z } from 'zod';
import { plainText } from './text.ts';
import { Day, IdParam, QueryInt } from './common.ts';
import { OrderNo } from './chat.ts';
import { PARCEL_KINDS, PARCEL_STATUSES, SLIP_STATUSES } from '../domain/recall/recall.ts';

const Text = (field: string, max: number, multiline = false) =>
  plainText(
    z
      .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be text`) })
      .trim()
      .min(1, `${field} must not be empty`)
      .max(max, `${field} must have at most ${max} characters`),
    field,
    { multiline },
  );
const Version = z.number({ error: () => 'version must be the version you saw' }).int().positive();

export const SlipStatusSchema = z.enum(SLIP_STATUSES, { error: () => `status must be one of ${SLIP_STATUSES.join(', ')}` });

/** POST /api/recall/slips: recall a shipped parcel. The courier defaults to the order's. */
export const NewSlip = z.strictObject({
  orderNo: OrderNo,
  reason: Text('reason', 500, true),
  courier: Text('courier', 40).optional(),
});
export type NewSlip = z.infer<typeof NewSlip>;

/** The courier's name as signed on part 1. */
export const SlipSignature = z.strictObject({ version: Version, courierName: Text('courierName', 32) });
export type SlipSignature = z.infer<typeof SlipSignature>;
export const SlipReceipt = z.strictObject({ version: Version });
export type SlipReceipt = z.infer<typeof SlipReceipt>;

export const SlipsQuery = z.strictObject({
  status: SlipStatusSchema.optional(),
  orderNo: OrderNo.optional(),
  before: IdParam.optional(),
  limit: QueryInt(1, 200).default(50),
});
export type SlipsQuery = z.infer<typeof SlipsQuery>;

export const SlipViewQuery = z.strictObject({
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
  /** Both parts on one A4 sheet (cut in half), or each part on its own A5. */
  size: z.enum(['a4', 'a5']).default('a4'),
});
export type SlipViewQuery = z.infer<typeof SlipViewQuery>;

const StaffRef = z.object({ id: z.number(), displayName: z.string() });

export const RecallSlip = z.object({
  id: z.number(),
  slipNo: z.string(),
  orderNo: z.string(),
  buyerId: z.string(),
  caseId: z.number().nullable(),
  receiverName: z.string().nullable(),
  courier: z.string().nullable(),
  trackingNo: z.string().nullable(),
  reason: z.string(),
  status: SlipStatusSchema,
  createdBy: StaffRef,
  createdAt: z.string(),
  courierName: z.string().nullable(),
  signedAt: z.string().nullable(),
  signedRecordedBy: StaffRef.nullable(),
  receivedBy: StaffRef.nullable(),
  receivedAt: z.string().nullable(),
  /** `原包裹已收到 孙磊 2026.11.29` once the parcel is back. */
  registryLine: z.string().nullable(),
  stockBackAt: z.string().nullable(),
  version: z.number(),
});
export type RecallSlip = z.infer<typeof RecallSlip>;

export const SlipsPage = z.object({ slips: z.array(RecallSlip), nextBefore: z.number().nullable() });
export type SlipsPage = z.infer<typeof SlipsPage>;

// Difficult parcels (疑难件)

export const ParcelKindSchema = z.enum(PARCEL_KINDS, { error: () => `kind must be one of ${PARCEL_KINDS.join(', ')}` });
export const ParcelStatusSchema = z.enum(PARCEL_STATUSES, { error: () => `status must be one of ${PARCEL_STATUSES.join(', ')}` });

export const NewParcel = z.strictObject({
  orderNo: OrderNo,
  kind: ParcelKindSchema,
  description: Text('description', 500, true),
  /** When to look again (a shop day). */
  nextFollowUpOn: Day,
});
export type NewParcel = z.infer<typeof NewParcel>;

/** A dated follow-up: what was found; the next date while it goes on, or how it ended. */
export const ParcelFollowUp = z
  .strictObject({
    version: Version,
    note: Text('note', 500, true),
    nextFollowUpOn: Day.optional(),
    ends: z.enum(['delivered', 'returned']).optional(),
  })
  .refine((f) => (f.ends === undefined) !== (f.nextFollowUpOn === undefined), {
    message: 'a follow-up either sets the next date (nextFollowUpOn) or ends the case (ends), not both',
    path: ['nextFollowUpOn'],
  });
export type ParcelFollowUp = z.infer<typeof ParcelFollowUp>;

export const ParcelsQuery = z.strictObject({
  status: ParcelStatusSchema.optional(),
  limit: QueryInt(1, 200).default(100),
});
export type ParcelsQuery = z.infer<typeof ParcelsQuery>;

export const DifficultParcel = z.object({
  id: z.number(),
  orderNo: z.string(),
  trackingNo: z.string().nullable(),
  /** Its registry case (kind difficult); null only for a parcel whose order had another case open when cases came in. */
  caseId: z.number().nullable(),
  kind: ParcelKindSchema,
  status: ParcelStatusSchema,
  description: z.string(),
  nextFollowUpOn: z.string().nullable(),
  due: z.boolean(),
  createdBy: StaffRef,
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  followUps: z.array(z.object({ note: z.string(), by: StaffRef, at: z.string(), nextFollowUpOn: z.string().nullable(), ends: z.string().nullable() })),
  version: z.number(),
});
export type DifficultParcel = z.infer<typeof DifficultParcel>;
export const ParcelsList = z.object({ parcels: z.array(DifficultParcel) });
export type ParcelsList = z.infer<typeof ParcelsList>;
