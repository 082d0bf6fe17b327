/**
 * The after-sale registry (售后登记表, docs/aftersale.md): a return, exchange, refund,
 * quality complaint, courier recall or difficult parcel on an order, its checklist, photos,
 * postage and every step with who and when.
 */
import { z } from 'zod';
import { plainText } from './text.ts';
import { Fen, Id, IdParam, QueryInt } from './common.ts';
import { CASE_KINDS, CASE_STATUSES, INSPECTION_RESULTS } from '../domain/aftersale/cases.ts';
import { CHECKLIST_ITEMS, POSTAGE_PAYERS } from '../domain/aftersale/postage.ts';
import { BuyerId, ImageId, OrderNo } from './chat.ts';
import { Colour, Size, TrackingNo } from './orders.ts';

export const CaseKindSchema = z.enum(CASE_KINDS, { error: () => `kind must be one of ${CASE_KINDS.join(', ')}` });
export const CaseStatusSchema = z.enum(CASE_STATUSES, { error: () => `status must be one of ${CASE_STATUSES.join(', ')}` });
const PayerSchema = (field: string) => z.enum(POSTAGE_PAYERS, { error: () => `${field} must be buyer or shop` });
const InspectionResultSchema = z.enum(INSPECTION_RESULTS, { error: () => `result must be one of ${INSPECTION_RESULTS.join(', ')}` });
const ChecklistItemSchema = z.enum(CHECKLIST_ITEMS, { error: () => `item must be one of ${CHECKLIST_ITEMS.join(', ')}` });

/** Notes and reasons may have several lines; locations, couriers one. */
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
const Version = z.number({ error: () => 'version must be the case version you saw' }).int().positive();
const Bool = (field: string) => z.boolean({ error: () => `${field} must be true or false` });
/** A chat message id: the message that said it (this buyer's conversation). */
const MessageId = Id;

/** The registry's details, set when opening and edited later (each edit guarded by the version). */
const CaseDetails = {
  /** The chat the case came from (this buyer's). */
  conversationId: Id.optional(),
  quality: Bool('quality').optional(),
  /** Exactly where on the shoe (A03): required for a quality case. */
  qualityLocation: Text('qualityLocation', 200).optional(),
  /** A lining or insole problem that cannot be photographed (A04's exemption). */
  liningInsole: Bool('liningInsole').optional(),
  returnPostagePayer: PayerSchema('returnPostagePayer').optional(),
  resendPostagePayer: PayerSchema('resendPostagePayer').optional(),
  /** For an exchange: the wanted item. */
  wantedColor: Colour.optional(),
  wantedSize: Size.optional(),
  /** The return postage the buyer advanced, in fen (a quality case: refunded once received). */
  postageAdvancedFen: Fen.optional(),
};

export const NewCase = z.strictObject({
  orderNo: OrderNo,
  kind: CaseKindSchema,
  /** What the buyer says is wrong, or why. */
  reason: Text('reason', 500),
  ...CaseDetails,
  /** Photos from this buyer's chat (image ids) proving a quality problem (A04). */
  photoIds: z.array(ImageId).max(20, 'at most 20 photos').optional(),
});
export type NewCase = z.output<typeof NewCase>;

export const UpdateCase = z
  .strictObject({ version: Version, reason: Text('reason', 500).optional(), ...CaseDetails })
  .refine((body) => Object.keys(body).length > 1, { message: 'nothing to change', path: ['version'] });
export type UpdateCase = z.output<typeof UpdateCase>;

export const CloseCase = z.strictObject({
  version: Version,
  /** How it ended (refunded, exchanged, parcel back…). */
  note: Text('note', 500),
});
export type CloseCase = z.infer<typeof CloseCase>;

export const RejectCase = z.strictObject({ version: Version, reason: Text('reason', 500) });
export type RejectCase = z.infer<typeof RejectCase>;

/** The return's courier and tracking number, as the buyer gave it (A01); `messageId` is the chat message that said it. */
export const ReturnTracking = z.strictObject({ version: Version, courier: Text('courier', 40), trackingNo: TrackingNo, messageId: MessageId.optional() });
export type ReturnTracking = z.infer<typeof ReturnTracking>;

/** The warehouse signs 已验收: what it found, and whether the after-sale card was in the parcel. */
export const Inspection = z.strictObject({ version: Version, result: InspectionResultSchema, note: Text('note', 500).optional(), cardPresent: Bool('cardPresent') });
export type Inspection = z.infer<typeof Inspection>;

export const RefundCase = z.strictObject({ version: Version, note: Text('note', 500).optional() });
export type RefundCase = z.infer<typeof RefundCase>;

/** The exchange's waybill: who shipped it and when come from the session and the clock. */
export const ExchangeShipped = z.strictObject({ version: Version, courier: Text('courier', 40), trackingNo: TrackingNo });
export type ExchangeShipped = z.infer<typeof ExchangeShipped>;

/** The supervisor lets the exchange go before the return arrived; the reason is required. */
export const EarlyShipApproval = z.strictObject({ version: Version, reason: Text('reason', 500) });
export type EarlyShipApproval = z.infer<typeof EarlyShipApproval>;

export const PostageRefund = z.strictObject({ version: Version });
export type PostageRefund = z.infer<typeof PostageRefund>;

export const AddPhotos = z.strictObject({ version: Version, imageIds: z.array(ImageId).min(1, 'pick at least one photo').max(20, 'at most 20 photos') });
export type AddPhotos = z.infer<typeof AddPhotos>;

/** A checklist tick (A05–A07), linked to the chat message that said it. */
export const Tick = z.strictObject({ version: Version, item: ChecklistItemSchema, messageId: MessageId });
export type Tick = z.infer<typeof Tick>;

/** A parcel at the warehouse: matched by its tracking number, else by the buyer, else handed to after-sale. */
export const Arrival = z
  .strictObject({
    trackingNo: TrackingNo.optional(),
    buyerId: BuyerId.optional(),
    courier: Text('courier', 40).optional(),
    result: InspectionResultSchema,
    note: Text('note', 500).optional(),
    cardPresent: Bool('cardPresent'),
  })
  .refine((body) => body.trackingNo !== undefined || body.buyerId !== undefined, { message: 'a parcel needs its tracking number or the buyer', path: ['trackingNo'] });
export type Arrival = z.infer<typeof Arrival>;

const Flag = z.enum(['true', 'false'], { error: () => 'must be true or false' }).transform((v) => v === 'true');
const QueryDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day must look like YYYY-MM-DD');

export const CasesQuery = z.strictObject({
  status: CaseStatusSchema.optional(),
  /** Only cases not yet closed or rejected. */
  active: Flag.optional(),
  kind: CaseKindSchema.optional(),
  buyerId: BuyerId.optional(),
  orderNo: OrderNo.optional(),
  /** Opened by this agent. */
  agentId: IdParam.optional(),
  /** The return's or the exchange's tracking number. */
  trackingNo: TrackingNo.optional(),
  /** Opened on or after this day / up to and including this day, in the shop's zone. */
  from: QueryDay.optional(),
  to: QueryDay.optional(),
  /** Postage the buyer advanced that is still to refund. */
  postageToRefund: Flag.optional(),
  before: IdParam.optional(),
  limit: QueryInt(1, 200).default(50),
});
export type CasesQuery = z.infer<typeof CasesQuery>;

const StaffRef = z.object({ id: z.number(), displayName: z.string() });
const Signed = z.object({ by: StaffRef, at: z.string() });

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
  conversationId: z.number().nullable(),
  quality: z.boolean(),
  qualityLocation: z.string().nullable(),
  liningInsole: z.boolean(),
  returnPostagePayer: PayerSchema('returnPostagePayer').nullable(),
  resendPostagePayer: PayerSchema('resendPostagePayer').nullable(),
  returnCourier: z.string().nullable(),
  returnTrackingNo: z.string().nullable(),
  returnTrackingMessageId: z.number().nullable(),
  returnTrackingEntered: Signed.nullable(),
  wantedColor: z.string().nullable(),
  wantedSize: z.string().nullable(),
  postageAdvancedFen: z.number().nullable(),
  postageRefunded: Signed.nullable(),
  received: Signed.nullable(),
  inspectionResult: InspectionResultSchema.nullable(),
  inspectionNote: z.string().nullable(),
  cardPresent: z.boolean().nullable(),
  refunded: Signed.nullable(),
  exchangeCourier: z.string().nullable(),
  exchangeTrackingNo: z.string().nullable(),
  exchangeShipped: Signed.nullable(),
  rejectedReason: z.string().nullable(),
  earlyShipApproved: Signed.extend({ reason: z.string() }).nullable(),
});
export type AfterSaleCase = z.infer<typeof AfterSaleCase>;

export const CasesPage = z.object({ cases: z.array(AfterSaleCase), nextBefore: z.number().nullable() });
export type CasesPage = z.infer<typeof CasesPage>;

export const CasePhoto = z.object({ imageId: z.string(), conversationId: z.number(), sentAt: z.string(), addedBy: StaffRef, addedAt: z.string() });
export const CaseTick = z.object({ item: ChecklistItemSchema, messageId: z.number(), messageText: z.string().nullable(), by: StaffRef, at: z.string() });
export const CaseEvent = z.object({ id: z.number(), what: z.string(), by: StaffRef, at: z.string(), payload: z.unknown() });
export type CaseEvent = z.infer<typeof CaseEvent>;

/**
 * One line of the case's whole story (aftersale.story.ts): a step of the case, a note or an
 * alert of the order (and its reply), a recall slip's step, a chat excerpt the case links
 * to, a photo, a difficult parcel's dated follow-up. `what` is the step, note kind, alert
 * kind, slip step, sender, or the follow-up's `follow_up` / `delivered` / `returned`.
 */
export const StoryLine = z.object({
  source: z.enum(['case', 'note', 'alert', 'alert_done', 'slip', 'chat', 'photo', 'parcel']),
  ref: z.string(),
  what: z.string(),
  text: z.string().nullable(),
  by: StaffRef.nullable(),
  at: z.string(),
  /** A difficult parcel's follow-up: the next date it set (a shop day). */
  on: z.string().nullable().optional(),
});
export type StoryLine = z.infer<typeof StoryLine>;

/** A case with its whole story: photos, checklist, events, and the timeline of everything around it. */
export const CaseDetail = z.object({ case: AfterSaleCase, photos: z.array(CasePhoto), ticks: z.array(CaseTick), events: z.array(CaseEvent), story: z.array(StoryLine) });
export type CaseDetail = z.infer<typeof CaseDetail>;

/** GET /api/aftersale/buyer-photos?buyerId=: the pictures the buyer sent in their chats, to pick from. */
export const BuyerPhotosQuery = z.strictObject({ buyerId: BuyerId });
export const BuyerPhotos = z.object({ photos: z.array(z.object({ imageId: z.string(), conversationId: z.number(), sentAt: z.string() })) });
export type BuyerPhotos = z.infer<typeof BuyerPhotos>;
export const CasePhotoParams = z.strictObject({ id: IdParam, imageId: ImageId });

export const ArrivalResult = z.object({ matched: AfterSaleCase.nullable(), handedToAftersale: z.boolean() });
export type ArrivalResult = z.infer<typeof ArrivalResult>;
