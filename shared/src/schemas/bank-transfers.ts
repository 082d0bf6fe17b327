/**
 * The bank-transfer register (银行转账明细表, 售前 ⑦; docs/orders.md "Bank transfers"): an
 * unpaid order the buyer pays by bank transfer is entered with payer, amount (fen), time and
 * a proof image, and listed until it is confirmed (the order becomes paid) or cancelled.
 */
import { z } from 'zod';
import { Fen, Instant, QueryInt } from './common.ts';
import { plainText } from './text.ts';

export const TRANSFER_STATUSES = ['pending', 'confirmed', 'cancelled'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export const NewBankTransfer = z.strictObject({
  payer: plainText(
    z
      .string({ error: (issue) => (issue.input === undefined ? 'payer is required: the name on the bank account' : 'payer must be text') })
      .trim()
      .min(1, 'payer must not be empty')
      .max(40, 'payer must have at most 40 characters'),
    'payer',
    { multiline: false },
  ),
  amountFen: Fen.refine((fen) => fen > 0, 'amountFen must be more than 0'),
  /** When the buyer says the money was sent (the bank slip's time). */
  transferredAt: Instant,
});
export type NewBankTransfer = z.output<typeof NewBankTransfer>;

export const TransferDecision = z.strictObject({ version: z.number({ error: () => 'version is required' }).int().positive() });
export const TransferCancel = z.strictObject({
  version: z.number({ error: () => 'version is required' }).int().positive(),
  reason: plainText(
    z
      .string({ error: (issue) => (issue.input === undefined ? 'reason is required' : 'reason must be text') })
      .trim()
      .min(1, 'reason must not be empty')
      .max(300, 'reason must have at most 300 characters'),
    'reason',
    { multiline: true },
  ),
});

export const TransfersQuery = z.strictObject({
  status: z.enum(TRANSFER_STATUSES, { error: () => `status must be one of ${TRANSFER_STATUSES.join(', ')}` }).default('pending'),
  limit: QueryInt(1, 200).default(100),
});
export type TransfersQuery = z.infer<typeof TransfersQuery>;

const StaffRef = z.object({ id: z.number(), displayName: z.string() });

export const BankTransfer = z.object({
  id: z.number(),
  orderNo: z.string(),
  buyerId: z.string(),
  /** The order's total, so whoever confirms sees whether the amount matches. */
  orderTotalFen: z.number(),
  orderStatus: z.string(),
  payer: z.string(),
  amountFen: z.number(),
  transferredAt: z.string(),
  hasProof: z.boolean(),
  status: z.enum(TRANSFER_STATUSES),
  enteredBy: StaffRef,
  enteredAt: z.string(),
  settledBy: StaffRef.nullable(),
  settledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  version: z.number(),
});
export type BankTransfer = z.infer<typeof BankTransfer>;

export const BankTransfersList = z.object({ transfers: z.array(BankTransfer) });
export type BankTransfersList = z.infer<typeof BankTransfersList>;
