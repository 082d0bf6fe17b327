/** The complaints registry's requests and answers (issue 15, docs/complaints.md). */
import { z } from 'zod';
import { plainText } from './text.ts';
import { COMPLAINT_CATEGORIES, COMPLAINT_SEVERITIES, COMPLAINT_SOURCES, COMPLAINT_STATUSES } from '../domain/complaints/complaints.ts';

const StaffId = z.number().int().positive();
// No control or bidi characters (issue 12): a short field is one line, a long one may have several.
const Text = (field: string, max: number) => plainText(z.string().trim().min(1, `${field} must not be empty`).max(max, `${field} is at most ${max} characters`), field, { multiline: max > 100 });
export const ComplaintMessage = z.object({ seq: z.number().int(), sender: z.enum(['buyer', 'staff']), staffId: z.number().int().nullable(), kind: z.string(), excerpt: z.string(), at: z.string() });
export type ComplaintMessage = z.output<typeof ComplaintMessage>;

const Version = z.strictObject({ version: z.number().int().positive() });

export const NewComplaint = z
  .strictObject({
    source: z.enum(COMPLAINT_SOURCES),
    conversationId: z.number().int().positive().optional(),
    buyerId: Text('buyerId', 64),
    orderNo: z.string().trim().max(32).optional(),
    staffId: StaffId.optional(),
    category: z.enum(COMPLAINT_CATEGORIES),
    severity: z.enum(COMPLAINT_SEVERITIES),
    handlerId: StaffId,
    description: Text('description', 2000),
    reviewText: plainText(z.string().trim().max(2000), 'reviewText', { multiline: true }).optional(),
    reviewLink: z.url().max(500).optional(),
    /** From a chat: the messages to attach (their seq); none given attaches the last 10. */
    messageSeqs: z.array(z.number().int().positive()).max(30, 'messageSeqs: at most 30 messages').optional(),
  })
  .refine((c) => c.source !== 'chat' || c.conversationId !== undefined, { message: 'a complaint from a chat names its conversationId', path: ['conversationId'] })
  .refine((c) => c.source === 'chat' || c.messageSeqs === undefined, { message: 'only a complaint from a chat attaches messages', path: ['messageSeqs'] })
  .refine((c) => c.source !== 'review' || (c.reviewText !== undefined && c.reviewText !== ''), { message: 'a review complaint carries the review text', path: ['reviewText'] });
export type NewComplaint = z.output<typeof NewComplaint>;

export const Handover = Version.extend({ toStaffId: StaffId, note: Text('note', 500) });
export const Resolve = Version.extend({ investigation: Text('investigation', 2000), resolution: Text('resolution', 2000), verified: z.boolean() });
export const CallbackRecord = Version.extend({ answer: Text('answer', 1000), satisfied: z.boolean() });

export const Complaint = z.object({
  id: z.number().int(),
  source: z.enum(COMPLAINT_SOURCES),
  conversationId: z.number().int().nullable(),
  buyerId: z.string(),
  orderNo: z.string().nullable(),
  staffId: z.number().int().nullable(),
  category: z.enum(COMPLAINT_CATEGORIES),
  severity: z.enum(COMPLAINT_SEVERITIES),
  handlerId: z.number().int(),
  status: z.enum(COMPLAINT_STATUSES),
  description: z.string(),
  reviewText: z.string().nullable(),
  reviewLink: z.string().nullable(),
  investigation: z.string().nullable(),
  resolution: z.string().nullable(),
  verified: z.boolean().nullable(),
  callbackAnswer: z.string().nullable(),
  callbackSatisfied: z.boolean().nullable(),
  deadlineAt: z.string(),
  timeLeftMs: z.number().nullable(),
  overdue: z.boolean(),
  createdBy: z.number().int(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
  events: z.array(z.object({ kind: z.string(), byStaffId: z.number().int(), toStaffId: z.number().int().nullable(), note: z.string().nullable(), at: z.string() })),
  /** The chat messages attached (a copy as they were; seq opens the chat there). Empty in the list. */
  messages: z.array(ComplaintMessage),
});
export type Complaint = z.output<typeof Complaint>;
export const ComplaintsQuery = z.strictObject({
  status: z.enum(COMPLAINT_STATUSES).optional(),
  handlerId: z.coerce.number().int().positive().optional(),
  /** `1`: only open complaints past their deadline. */
  overdue: z.enum(['1']).optional(),
});
export type ComplaintsQuery = z.output<typeof ComplaintsQuery>;

/** Hours from registration to the deadline, by severity (the supervisor's setting). */
const Hours = z.number().int().min(1).max(720);
export const ComplaintSettings = z.strictObject({ urgent: Hours, high: Hours, normal: Hours, low: Hours });
export type ComplaintSettings = z.output<typeof ComplaintSettings>;

const Figures = { concerning: z.number().int(), verified: z.number().int(), handled: z.number().int(), handlingAvgS: z.number().int().nullable() };
/** GET /api/complaints/stats?from&to — complaint figures per agent for the KPI page (shared/src/domain/complaints/stats.ts). */
export const ComplaintStats = z.object({
  from: z.string(),
  to: z.string(),
  agents: z.array(z.object({ staffId: z.number().int(), ...Figures })),
  team: z.object(Figures),
});
export type ComplaintStats = z.output<typeof ComplaintStats>;
