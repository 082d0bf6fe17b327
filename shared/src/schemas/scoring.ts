/**
 * The monthly settlement's requests and the scoresheet it answers with (issue 4; the shapes
 * are fixed). The figures come from `computeScoresheet` in domain/scoring/scoresheet.ts.
 */
import { z } from 'zod';
import { IdParam, Month, QueryInt } from './common.ts';
import { Reason } from './ledger.ts';

/** /api/scoring/months/:month */
export const MonthParams = z.strictObject({ month: Month });
export type MonthParams = z.output<typeof MonthParams>;

/** POST /api/scoring/months/:month/return — the manager sends the scoresheet back to draft. */
export const ReturnMonth = z.strictObject({ reason: Reason });
export type ReturnMonth = z.output<typeof ReturnMonth>;

/** 202 answer to POST /api/scoring/months/:month/settle. */
export const SettleAccepted = z.object({ jobId: z.string() });
export type SettleAccepted = z.output<typeof SettleAccepted>;

/** none: never settled; draft: settled, may be settled again; submitted: awaiting the manager; approved: locked. */
export const SCORESHEET_STATUSES = ['none', 'draft', 'submitted', 'approved'] as const;
export const ScoresheetStatus = z.enum(SCORESHEET_STATUSES);
export type ScoresheetStatus = z.output<typeof ScoresheetStatus>;

const SignedFen = z.number().int();

export const ScoresheetRow = z.object({
  staffId: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  score: z.number().int(),
  /** The base wage the month pays (joiners and leavers: their days). */
  baseWageFen: SignedFen,
  pointDeductionFen: SignedFen,
  /** What the rulebook calls fines (扣惩…元): G01, G02, G03a; they go to the activity fund. */
  finesFen: SignedFen,
  /** G04 旷工: a day's average wage per absence. */
  dayWageFen: SignedFen,
  /** A04: the buyer's postage the agent repays. */
  postageFen: SignedFen,
  attendanceBonusFen: SignedFen,
  performanceBonusFen: SignedFen,
  /** M01 and G06 cash rewards. */
  rewardFen: SignedFen,
  /** M03 / M04 on the supervisor's row, 0 for others: supervisorBonusFen − supervisorChargeFen. */
  supervisorAdjustmentFen: SignedFen,
  /** M03 (+100) */
  supervisorBonusFen: SignedFen,
  /** M04 (the 100 charged, positive) */
  supervisorChargeFen: SignedFen,
  /** Money given back (or taken) by corrections of entries of approved months. */
  correctionsFen: SignedFen,
  /** The reward and penalty line: bonuses − deductions. */
  netFen: SignedFen,
  /** 实发 take-home: baseWageFen + netFen. */
  payFen: SignedFen,
  daysEmployed: z.number().int(),
  daysInMonth: z.number().int(),
  /** M02: score below 60. */
  dismissal: z.boolean(),
  /** G07 found three times or more in the month. */
  dismissalReview: z.boolean(),
  /** How many counted ledger entries are behind the row. */
  entries: z.number().int().nonnegative(),
});
export type ScoresheetRow = z.output<typeof ScoresheetRow>;

export const Scoresheet = z.object({
  month: Month,
  status: ScoresheetStatus,
  staff: z.array(ScoresheetRow),
  /** What the month adds to the activity fund (部门活动经费). */
  activityFundFen: SignedFen,
});
export type Scoresheet = z.output<typeof Scoresheet>;

/** GET /api/scoring/months/:month answers the scoresheet plus where the month stands. */
/**
 * queued → running → succeeded; an attempt that throws → retrying (BullMQ retries it); all
 * attempts spent or the job stalled for good → failed (the supervisors are notified, and a
 * new round is queued at nextRetryAt while rounds remain); refused: the month was locked.
 */
export const SETTLEMENT_OUTCOMES = ['queued', 'running', 'succeeded', 'retrying', 'failed', 'refused'] as const;
export const LastSettlement = z.object({
  outcome: z.enum(SETTLEMENT_OUTCOMES),
  /** The attempt within the current round (1–3); 0 while queued. */
  attempt: z.number().int(),
  /** Retry rounds queued after failures so far (at most SETTLEMENT_RETRY.rounds). */
  retryRound: z.number().int(),
  error: z.string().nullable(),
  at: z.string(),
  nextRetryAt: z.string().nullable(),
});
export type LastSettlement = z.output<typeof LastSettlement>;

export const MonthSheet = Scoresheet.extend({
  version: z.number().int(),
  /** The ledger changed since this draft was computed: settle again before submitting. */
  stale: z.boolean(),
  /** Undecided proposals of the month (submit needs none). */
  proposals: z.number().int(),
  settledAt: z.string().nullable(),
  /** null: the scheduler (or never settled) */
  settledBy: z.number().int().nullable(),
  submittedAt: z.string().nullable(),
  submittedBy: z.number().int().nullable(),
  approvedAt: z.string().nullable(),
  approvedBy: z.number().int().nullable(),
  returnedAt: z.string().nullable(),
  returnedBy: z.number().int().nullable(),
  returnReason: z.string().nullable(),
  /** The last settlement asked for or run (docs/scoring.md, "When a settlement fails"); null: never. */
  lastSettlement: LastSettlement.nullable(),
  reopenedAt: z.string().nullable(),
  reopenedBy: z.number().int().nullable(),
  reopenReason: z.string().nullable(),
});
export type MonthSheet = z.output<typeof MonthSheet>;

/** GET /api/scoring/me?month= (defaults to the current shop month) */
export const MyScoreQuery = z.object({ month: Month.optional() });
export type MyScoreQuery = z.output<typeof MyScoreQuery>;

/** GET /api/scoring/history?staffId=&months= — a person's months side by side (issue 13 "History"). */
export const MAX_HISTORY_MONTHS = 24;
export const HistoryQuery = z.object({ staffId: IdParam.optional(), months: QueryInt(1, MAX_HISTORY_MONTHS).optional() });
export type HistoryQuery = z.output<typeof HistoryQuery>;
export const HistoryMonth = z.object({
  month: Month,
  /** The month's sheet as the reader may see it: 'none' when not settled (or, for the person themselves, not yet submitted). */
  status: ScoresheetStatus,
  /** From the sheet row; null when there is none the reader may see. */
  score: z.number().int().nullable(),
  netFen: z.number().int().nullable(),
  payFen: z.number().int().nullable(),
  dismissalReview: z.boolean(),
  /** Counted entries (confirmed, not revoked) of the month by rule code. */
  entriesByRule: z.record(z.string(), z.number().int()),
});
export type HistoryMonth = z.output<typeof HistoryMonth>;
export const StaffHistory = z.object({ staffId: z.number().int(), displayName: z.string(), months: z.array(HistoryMonth) });
export type StaffHistory = z.output<typeof StaffHistory>;
