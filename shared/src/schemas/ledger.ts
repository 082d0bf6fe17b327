/**
 * The reward and penalty ledger's requests (issue 4; the shapes are fixed). The rules an
 * entry must also satisfy against the catalogue (points for ranged rules only, A04's
 * postage, role rules…) are checked by `resolveEntryInput` in domain/scoring/entry.ts.
 */
import { z } from 'zod';
import { plainText } from './text.ts';
import { RULE_CODES } from '../domain/scoring/catalogue.ts';
import { IdParam, Month } from './common.ts';

/** A type error that names the field and says whether it is missing or of the wrong kind. */
const expecting = (field: string, what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? `${field} is required` : `${field} must be ${what}`),
});

export const RuleCodeSchema = z.enum(RULE_CODES, expecting('rule', `one of the catalogue codes: ${RULE_CODES.join(', ')}`));

/**
 * What an entry's evidence links to (scoring.md: "a chat, an order, a registry entry, a roster
 * shift — linked, not retyped"): a chat conversation, an order, an order note (P04), a
 * change alert on the order-tracking channel (P02, R02, R03), an after-sale registry entry,
 * a roster item (shift, swap, leave, clock record), a complaint, or something else.
 */
export const EVIDENCE_KINDS = ['chat', 'order', 'note', 'alert', 'registry', 'shift', 'complaint', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

const PositiveId = (field: string) =>
  z.number(expecting(field, 'a number')).int(`${field} must be a whole number`).positive(`${field} must be positive`);

const AmountFen = (field: string) =>
  z
    .number(expecting(field, 'a number of fen'))
    .int(`${field} must be a whole number of fen`)
    .positive(`${field} must be more than 0`)
    .max(100_000_000, `${field} must be at most 100000000 fen`);

const OccurredAt = z.iso.datetime({
  offset: true,
  ...expecting('occurredAt', 'an ISO 8601 date-time with its zone, e.g. 2026-11-03T09:30:00+08:00'),
});

/** Why: a revocation, an appeal, a decision on it, a returned month. */
export const Reason = plainText(
  z.string(expecting('reason', 'a string')).trim().min(1, 'reason must not be empty').max(1000, 'reason must have at most 1000 characters'),
  'reason',
  { multiline: true },
);

export const Evidence = z.strictObject({
  kind: z.enum(EVIDENCE_KINDS, expecting('evidence kind', `one of ${EVIDENCE_KINDS.join(', ')}`)),
  // Ids of chats, orders… are numbers or strings depending on the area; stored as text.
  id: z
    .union(
      [z.string().trim().min(1, 'evidence id must not be empty').max(100, 'evidence id must have at most 100 characters'), z.number().int().nonnegative()],
      expecting('evidence id', 'a string or a whole number'),
    )
    .transform(String),
});
export type Evidence = z.output<typeof Evidence>;

/** POST /api/ledger */
export const NewLedgerEntry = z.strictObject({
  staffId: PositiveId('staffId'),
  rule: RuleCodeSchema,
  occurredAt: OccurredAt,
  points: z.number(expecting('points', 'a number')).int('points must be a whole number').optional(),
  amountFen: AmountFen('amountFen').optional(),
  evidence: z.array(Evidence, expecting('evidence', 'a list of {kind, id}')).max(20, 'evidence may link at most 20 items').optional(),
  note: plainText(z.string(expecting('note', 'a string')).trim().max(1000, 'note must have at most 1000 characters'), 'note', { multiline: true }).optional(),
  /**
   * POST /api/ledger only: the supervisor saw the "record again?" question (409
   * duplicate_entry: the same person, rule, day and amount recorded in the last minute)
   * and records it again on purpose.
   */
  confirmDuplicate: z.boolean(expecting('confirmDuplicate', 'true or false')).optional(),
});
export type NewLedgerEntry = z.output<typeof NewLedgerEntry>;

/** POST /api/ledger/bulk — several entries at once (a team meeting's G15 for everyone), all or nothing. */
export const MAX_BULK_ENTRIES = 200;
export const BulkEntries = z.strictObject({
  entries: z.array(NewLedgerEntry.omit({ confirmDuplicate: true }), expecting('entries', 'a list of entries')).min(1, 'entries must not be empty').max(MAX_BULK_ENTRIES, `entries may hold at most ${MAX_BULK_ENTRIES}`),
});
export type BulkEntries = z.output<typeof BulkEntries>;

/** POST /api/ledger/:id/revoke — a revocation is a new entry pointing at the old one. */
export const Revoke = z.strictObject({ reason: Reason });
export type Revoke = z.output<typeof Revoke>;

/** POST /api/ledger/:id/appeal — by the person charged. */
export const Appeal = z.strictObject({ reason: Reason });
export type Appeal = z.output<typeof Appeal>;

/** The supervisor's answer to an appeal: keep the entry, or revoke it. */
export const AppealDecision = z.strictObject({
  decision: z.enum(['uphold', 'revoke'], expecting('decision', 'uphold or revoke')),
  reason: Reason,
});
export type AppealDecision = z.output<typeof AppealDecision>;

/** GET /api/ledger?month=YYYY-MM&staffId= (a query string: staffId in digits only, other parameters ignored). */
export const LedgerQuery = z.object({
  month: Month.optional(),
  staffId: IdParam.optional(),
});
export type LedgerQuery = z.output<typeof LedgerQuery>;

/** An outflow from the activity fund (部门活动经费): what the money was spent on. */
export const FundOutflow = z.strictObject({
  amountFen: AmountFen('amountFen'),
  occurredAt: OccurredAt,
  purpose: plainText(z.string(expecting('purpose', 'a string')).trim().min(1, 'purpose must not be empty').max(500, 'purpose must have at most 500 characters'), 'purpose', { multiline: true }),
});
export type FundOutflow = z.output<typeof FundOutflow>;

/** POST /api/ledger/:id/appeal/messages — the appellant or a supervisor adds to an open appeal's thread. */
export const AppealMessage = z.strictObject({
  text: plainText(z.string(expecting('text', 'a string')).trim().min(1, 'text must not be empty').max(1000, 'text must have at most 1000 characters'), 'text', { multiline: true }),
});
export type AppealMessage = z.output<typeof AppealMessage>;

/** GET /api/scoring/proposals?month=YYYY-MM */
export const ProposalsQuery = z.object({ month: Month });
export type ProposalsQuery = z.output<typeof ProposalsQuery>;

/** POST /api/scoring/proposals/confirm — one click or in bulk; all or nothing. */
export const ConfirmProposals = z.strictObject({
  ids: z
    .array(PositiveId('ids'), expecting('ids', 'a list of entry ids'))
    .min(1, 'ids must name at least one entry')
    .max(500, 'ids may name at most 500 entries')
    .transform((ids) => [...new Set(ids)]),
});
export type ConfirmProposals = z.output<typeof ConfirmProposals>;

/** POST /api/scoring/proposals/:id/dismiss — a dismissal needs a reason. */
export const DismissProposal = z.strictObject({ reason: Reason });
export type DismissProposal = z.output<typeof DismissProposal>;

export const APPEAL_STATUSES = ['open', 'upheld', 'revoked'] as const;
/** GET /api/scoring/appeals?status= */
export const AppealsQuery = z.object({
  status: z.enum(APPEAL_STATUSES, expecting('status', 'open, upheld or revoked')).optional(),
});
export type AppealsQuery = z.output<typeof AppealsQuery>;

// ---- Answers (they feed the OpenAPI document; see docs/scoring.md) ----

const At = z.string();
export const ENTRY_STATUSES = ['proposed', 'confirmed', 'dismissed'] as const;

export const LedgerEntry = z.object({
  id: z.number().int(),
  staffId: z.number().int(),
  rule: RuleCodeSchema,
  occurredAt: At,
  month: Month,
  points: z.number().int().nullable(),
  amountFen: z.number().int().nullable(),
  evidence: z.array(z.object({ kind: z.enum(EVIDENCE_KINDS), id: z.string() })),
  note: z.string().nullable(),
  status: z.enum(ENTRY_STATUSES),
  /** 'manual' or the detector's name */
  source: z.string(),
  createdBy: z.number().int().nullable(),
  createdAt: At,
  decidedBy: z.number().int().nullable(),
  decidedAt: At.nullable(),
  decisionReason: z.string().nullable(),
  revocation: z.object({ reason: z.string(), by: z.number().int(), at: At }).nullable(),
  appeal: z.object({ id: z.number().int(), status: z.enum(APPEAL_STATUSES) }).nullable(),
  /**
   * A correction (source 'correction'): the entry of an approved month it reverses. Its
   * amountFen is the money given back (negative: taken), fundFen what the fund gives back.
   */
  correction: z.object({ entryId: z.number().int(), month: Month, fundFen: z.number().int() }).nullable(),
  /** This entry's month was approved and a correction in a later month reverses it. */
  correctedBy: z.number().int().nullable(),
  /** Images attached as evidence (ids; GET /api/ledger/:id/images/:imageId). */
  images: z.array(z.string()),
});
export type LedgerEntry = z.output<typeof LedgerEntry>;

/** POST /api/ledger/:id/images answers the stored image; GET …/images/:imageId takes its id. */
export const MAX_ENTRY_IMAGES = 10;
export const EntryImage = z.object({ imageId: z.string(), mime: z.string(), bytes: z.number().int() });
export type EntryImage = z.output<typeof EntryImage>;
export const EntryImageParams = z.object({
  id: IdParam,
  imageId: z.string().regex(/^[A-Za-z0-9_-]{24}$/, 'imageId must be an image id'),
});

export const AppealThread = z.object({
  id: z.number().int(),
  entryId: z.number().int(),
  staffId: z.number().int(),
  status: z.enum(APPEAL_STATUSES),
  reason: z.string(),
  createdAt: At,
  decidedBy: z.number().int().nullable(),
  decidedAt: At.nullable(),
  decisionReason: z.string().nullable(),
  entry: LedgerEntry,
  messages: z.array(
    z.object({
      id: z.number().int(),
      authorId: z.number().int(),
      authorName: z.string(),
      kind: z.enum(['appeal', 'message', 'decision']),
      text: z.string(),
      at: At,
    }),
  ),
});
export type AppealThread = z.output<typeof AppealThread>;

export const FundInflow = z.object({ id: z.number().int(), month: Month, amountFen: z.number().int(), at: At });
export const FundOutflowRecord = z.object({
  id: z.number().int(),
  amountFen: z.number().int(),
  occurredAt: At,
  purpose: z.string(),
  createdBy: z.number().int().nullable(),
  createdAt: At,
});
export type FundOutflowRecord = z.output<typeof FundOutflowRecord>;
export const Fund = z.object({
  inflowFen: z.number().int(),
  outflowFen: z.number().int(),
  balanceFen: z.number().int(),
  inflows: z.array(FundInflow),
  outflows: z.array(FundOutflowRecord),
});
export type Fund = z.output<typeof Fund>;
