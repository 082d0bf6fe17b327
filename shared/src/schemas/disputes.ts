/** Refunds and disputes (退款中 / 维权中): requests and answers (docs/disputes.md). */
import { z } from 'zod';
import { plainText } from './text.ts';
import { Fen, Id, Instant, QueryInt } from './common.ts';
import { OrderNo } from './chat.ts';
import { DISPUTE_KINDS, DISPUTE_OUTCOMES, RECOVERIES } from '../domain/disputes/disputes.ts';

const Text = (field: string, max: number) =>
  plainText(
    z
      .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be text`) })
      .trim()
      .min(1, `${field} must not be empty`)
      .max(max, `${field} must have at most ${max} characters`),
    field,
    { multiline: true },
  );
const Version = z.number({ error: () => 'version must be the version you saw' }).int().positive();

export const DisputeKindSchema = z.enum(DISPUTE_KINDS, { error: () => `kind must be one of ${DISPUTE_KINDS.join(', ')}` });
export const DisputeOutcomeSchema = z.enum(DISPUTE_OUTCOMES, { error: () => `outcome must be one of ${DISPUTE_OUTCOMES.join(', ')}` });

/** POST /api/disputes: entered by hand from the marketplace's back office. */
export const NewDispute = z.strictObject({
  orderNo: OrderNo,
  kind: DisputeKindSchema,
  reason: Text('reason', 500),
  amountFen: Fen.optional(),
  /** The marketplace's own deadline; the setting's default hours from now when not given. */
  deadlineAt: Instant.optional(),
  /** The responsible after-sale agent; the person entering it when not given. */
  agentId: Id.optional(),
});
export type NewDispute = z.infer<typeof NewDispute>;

/** The agent answered the marketplace / the buyer (what "handled in time" means, A08). */
export const DisputeHandled = z.strictObject({ version: Version, note: Text('note', 500) });
export const DisputeOutcomeInput = z.strictObject({ version: Version, outcome: DisputeOutcomeSchema, note: Text('note', 500) });
/** After `refunded`: the goods came back or the buyer paid in full after all (withdraws A09). */
export const DisputeRecovery = z.strictObject({ version: Version, recovery: z.enum(RECOVERIES, { error: () => `recovery must be one of ${RECOVERIES.join(', ')}` }), note: Text('note', 500) });
export const DisputeReminder = z.strictObject({ note: plainText(z.string().trim().max(200, 'note must have at most 200 characters'), 'note', { multiline: false }).optional() });

export const DisputesQuery = z.strictObject({
  open: z.enum(['1', '0']).optional(),
  limit: QueryInt(1, 500).default(200),
});
export type DisputesQuery = z.infer<typeof DisputesQuery>;

export const DisputeSettings = z.strictObject({
  refundHours: z.number().int().min(1, 'refundHours must be at least 1').max(720, 'refundHours must be at most 720'),
  disputeHours: z.number().int().min(1, 'disputeHours must be at least 1').max(720, 'disputeHours must be at most 720'),
});
export type DisputeSettings = z.infer<typeof DisputeSettings>;

const StaffRef = z.object({ id: z.number(), displayName: z.string() });

export const Dispute = z.object({
  id: z.number(),
  orderNo: z.string(),
  buyerId: z.string(),
  kind: DisputeKindSchema,
  reason: z.string(),
  amountFen: z.number().nullable(),
  source: z.enum(['manual', 'import']),
  deadlineAt: z.string(),
  timeLeftMs: z.number(),
  agent: StaffRef,
  handledAt: z.string().nullable(),
  handledNote: z.string().nullable(),
  outcome: DisputeOutcomeSchema.nullable(),
  outcomeNote: z.string().nullable(),
  closedBy: StaffRef.nullable(),
  closedAt: z.string().nullable(),
  recovery: z.enum(RECOVERIES).nullable(),
  recoveredAt: z.string().nullable(),
  createdBy: StaffRef,
  createdAt: z.string(),
  reminders: z.array(z.object({ by: StaffRef, at: z.string(), note: z.string().nullable() })),
  version: z.number(),
});
export type Dispute = z.infer<typeof Dispute>;
export const DisputesList = z.object({ disputes: z.array(Dispute) });
export type DisputesList = z.infer<typeof DisputesList>;
