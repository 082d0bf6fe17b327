/** A buyer's change or cancellation of an order (docs/orders.md "Changes"). */
import { z } from 'zod';
import { plainText } from './text.ts';
import { IdParam } from './common.ts';
import { CHANGE_KINDS, CHANGE_STATUSES } from '../domain/orders/changes.ts';
import { AddressInput, Colour, Phone, Size } from './orders.ts';

// No control or bidi characters (issue 12): a short field is one line, a long one may have several.
const Text = (field: string, max: number) =>
  plainText(
    z
      .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be text`) })
      .trim()
      .min(1, `${field} must not be empty`)
      .max(max, `${field} must have at most ${max} characters`),
    field,
    { multiline: max > 100 },
  );

const common = {
  /** The order's version the agent saw: a colleague's change in between is refused (409). */
  version: z.number({ error: () => 'version must be the order version you saw' }).int().positive(),
  /** The buyer has confirmed the change in chat: the printers are alerted at once. */
  buyerConfirmed: z.boolean().default(false),
  /** The rulebook's signed slip: "特别紧急的…要求立即处理". */
  urgent: z.boolean().default(false),
};

/** POST /api/orders/:orderNo/changes. */
export const NewChange = z.discriminatedUnion(
  'kind',
  [
    z
      .strictObject({ kind: z.literal('attribute'), lineNo: z.number({ error: () => 'lineNo must be the item line to change' }).int().min(1), colour: Colour.optional(), size: Size.optional(), ...common })
      .refine((change) => change.colour !== undefined || change.size !== undefined, { message: 'an attribute change needs the new colour or size', path: ['colour'] }),
    z.strictObject({ kind: z.literal('address'), address: AddressInput, name: Text('name', 40).optional(), phone: Phone.optional(), ...common }),
    z.strictObject({ kind: z.literal('special'), request: Text('request', 200), ...common }),
    z.strictObject({ kind: z.literal('cancel'), reason: Text('reason', 300), ...common }),
  ],
  { error: () => 'kind must be one of attribute, address, special, cancel' },
);
export type NewChange = z.output<typeof NewChange>;
/** What a client sends (an address may be one line). */
export type NewChangeInput = z.input<typeof NewChange>;

export const ChangeIdParams = z.object({ orderNo: z.string().trim().min(1).max(32), id: IdParam });

const StaffRef = z.object({ id: z.number(), displayName: z.string() });

export const ChangeRequest = z.object({
  id: z.number(),
  orderNo: z.string(),
  buyerId: z.string(),
  kind: z.enum(CHANGE_KINDS),
  /** What the printers are asked: change, correct_documents, reprint, void, or none. */
  printerAlert: z.string().nullable(),
  /** Where the order was when the change was asked. */
  orderStatus: z.string(),
  status: z.enum(CHANGE_STATUSES),
  /** The change in the rulebook's words (the note without its signature). */
  summary: z.string(),
  urgent: z.boolean(),
  requestedBy: StaffRef,
  requestedAt: z.string(),
  confirmedAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  /** The refund case opened by a cancellation. */
  refundCaseId: z.number().nullable(),
  version: z.number(),
});
export type ChangeRequest = z.infer<typeof ChangeRequest>;

export const ChangesList = z.object({ changes: z.array(ChangeRequest) });
export type ChangesList = z.infer<typeof ChangesList>;
