/** The printers' alert channel (docs/orders.md "Alerts"). */
import { z } from 'zod';
import { plainText } from './text.ts';
import { ALERT_AUDIENCES, ALERT_KINDS, ALERT_STATUSES } from '../domain/orders/alerts.ts';
import { QueryInt } from './common.ts';

export const AlertStatusSchema = z.enum(ALERT_STATUSES, { error: () => `status must be one of ${ALERT_STATUSES.join(', ')}` });

export const AlertsQuery = z.strictObject({
  status: AlertStatusSchema.default('open'),
  orderNo: z.string().trim().min(1).max(32).optional(),
  limit: QueryInt(1, 200).default(100),
});
export type AlertsQuery = z.infer<typeof AlertsQuery>;

/** POST /api/alerts/:id/done: the report back the rulebook demands (打单 ④) — required. */
export const AlertDone = z.strictObject({
  reply: plainText(
    z
      .string({ error: (issue) => (issue.input === undefined ? 'reply is required: say what was done' : 'reply must be text') })
      .trim()
      .min(1, 'reply must not be empty: say what was done')
      .max(500, 'reply must have at most 500 characters'),
    'reply',
    { multiline: true },
  ),
});
export type AlertDone = z.infer<typeof AlertDone>;

const StaffRef = z.object({ id: z.number(), displayName: z.string() });

export const Alert = z.object({
  id: z.number(),
  orderNo: z.string(),
  buyerId: z.string(),
  changeId: z.number().nullable(),
  audience: z.enum(ALERT_AUDIENCES),
  kind: z.enum(ALERT_KINDS),
  /** The change in the rulebook's words (the note without its signature). */
  summary: z.string(),
  /** The signed note it came with, if any. */
  noteText: z.string().nullable(),
  urgent: z.boolean(),
  status: AlertStatusSchema,
  requestedBy: StaffRef,
  createdAt: z.string(),
  claimedBy: StaffRef.nullable(),
  claimedAt: z.string().nullable(),
  doneBy: StaffRef.nullable(),
  doneAt: z.string().nullable(),
  reply: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  flaggedAt: z.string().nullable(),
  version: z.number(),
});
export type Alert = z.infer<typeof Alert>;

export const AlertsList = z.object({ alerts: z.array(Alert) });
export type AlertsList = z.infer<typeof AlertsList>;
