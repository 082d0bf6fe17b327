/** The printers' alert channel (docs/orders.md "Alerts"). */
import { z } from 'zod';
import { plainText } from './text.ts';
import { ALERT_AUDIENCES, ALERT_KINDS, ALERT_STATUSES } from '../domain/orders/alerts.ts';
import { WAREHOUSE_REQUEST_KINDS } from '../domain/orders/warehouse.ts';
import { QueryInt } from './common.ts';

export const AlertStatusSchema = z.enum(ALERT_STATUSES, { error: () => `status must be one of ${ALERT_STATUSES.join(', ')}` });

export const AlertsQuery = z.strictObject({
  status: AlertStatusSchema.default('open'),
  orderNo: z.string().trim().min(1).max(32).optional(),
  /** Only the alerts for one audience (the 仓库 section asks for `warehouse`). */
  audience: z.enum(ALERT_AUDIENCES, { error: () => `audience must be one of ${ALERT_AUDIENCES.join(', ')}` }).optional(),
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
  /**
   * Warehouse requests only: the request's information was wrong (rule 12), and what was
   * wrong. The supervisor may then charge G12 to the asker with the request as evidence.
   */
  wrongInfo: plainText(
    z
      .string({ error: () => 'wrongInfo must be text: what was wrong in the request' })
      .trim()
      .min(1, 'wrongInfo must not be empty: say what was wrong')
      .max(300, 'wrongInfo must have at most 300 characters'),
    'wrongInfo',
    { multiline: true },
  ).optional(),
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
  /** Warehouse requests: what the clerk found wrong in the request's information (G12), or null. */
  wrongInfo: z.string().nullable(),
  version: z.number(),
});
export type Alert = z.infer<typeof Alert>;

export const AlertsList = z.object({ alerts: z.array(Alert) });
export type AlertsList = z.infer<typeof AlertsList>;

/**
 * POST /api/orders/:orderNo/warehouse-requests: the kind and what the agent adds. The buyer ID,
 * receiver, address and order come from the order, the signature and date from the session
 * and the clock (rules 12–13), never from the request.
 */
export const NewWarehouseRequest = z.strictObject({
  kind: z.enum(WAREHOUSE_REQUEST_KINDS, { error: () => `kind must be one of ${WAREHOUSE_REQUEST_KINDS.join(', ')}` }),
  detail: plainText(
    z
      .string({ error: () => 'detail must be text' })
      .trim()
      .max(200, 'detail must have at most 200 characters'),
    'detail',
    { multiline: true },
  ).default(''),
  urgent: z.boolean({ error: () => 'urgent must be true or false' }).default(false),
});
export type NewWarehouseRequest = z.output<typeof NewWarehouseRequest>;
