import { EntitySchema } from 'typeorm';
import type { RuleCode } from '@kefu/shared/domain/scoring/catalogue';
import { instant } from '../../platform/columns.ts';

/** 'proposed': a detector's, counts nothing until confirmed; 'dismissed' never counts. */
export type EntryStatus = 'proposed' | 'confirmed' | 'dismissed';
export type AppealStatus = 'open' | 'upheld' | 'revoked';
export type AppealMessageKind = 'appeal' | 'message' | 'decision';
export type MonthStatus = 'none' | 'draft' | 'submitted' | 'approved';

/** One reward or penalty (scoring.md "What a ledger entry must carry"). */
export interface LedgerEntryRow {
  id: number;
  staffId: number;
  rule: RuleCode;
  occurredAt: Date;
  /** YYYY-MM of occurredAt in SHOP_TZ, computed once when written. */
  month: string;
  points: number | null;
  amountFen: number | null;
  /** JSON: [{kind, id}] */
  evidence: string | null;
  note: string | null;
  status: EntryStatus;
  /** 'manual' or the detector's name. */
  source: string;
  /** sha256 of rule + person + evidence, detector proposals only. */
  dedupeKey: string | null;
  createdBy: number | null;
  createdAt: Date;
  decidedBy: number | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  /** A correction (ledger.corrections.ts): the entry of an approved month it reverses. */
  correctsEntryId: number | null;
  /** A correction: what it takes back from the activity fund (fen). */
  fundFen: number | null;
}

export interface LedgerRevocationRow {
  id: number;
  entryId: number;
  reason: string;
  revokedBy: number;
  revokedAt: Date;
}

export interface LedgerAppealRow {
  id: number;
  entryId: number;
  staffId: number;
  reason: string;
  status: AppealStatus;
  createdAt: Date;
  decidedBy: number | null;
  decidedAt: Date | null;
  decisionReason: string | null;
}

export interface LedgerAppealMessageRow {
  id: number;
  appealId: number;
  authorId: number;
  kind: AppealMessageKind;
  text: string;
  at: Date;
}

export interface ScoringMonthRow {
  month: string;
  status: MonthStatus;
  version: number;
  ledgerVersion: number;
  settledLedgerVersion: number | null;
  activityFundFen: number;
  settledAt: Date | null;
  settledBy: number | null;
  submittedAt: Date | null;
  submittedBy: number | null;
  approvedAt: Date | null;
  approvedBy: number | null;
  returnedAt: Date | null;
  returnedBy: number | null;
  returnReason: string | null;
  reopenedAt: Date | null;
  reopenedBy: number | null;
  reopenReason: string | null;
}

export interface ScoresheetRowRow {
  month: string;
  staffId: number;
  score: number;
  pointDeductionFen: number;
  finesFen: number;
  attendanceBonusFen: number;
  performanceBonusFen: number;
  rewardFen: number;
  supervisorAdjustmentFen: number;
  netFen: number;
  baseWageFen: number;
  dayWageFen: number;
  postageFen: number;
  supervisorBonusFen: number;
  supervisorChargeFen: number;
  correctionsFen: number;
  payFen: number;
  daysEmployed: number;
  daysInMonth: number;
  dismissal: boolean;
  dismissalReview: boolean;
  entries: number;
}

/** An image attached to an entry as evidence (issue 13); the file is in the image store. */
export interface LedgerImageRow {
  id: string;
  entryId: number;
  path: string;
  mime: string;
  bytes: number;
  uploadedBy: number;
  createdAt: Date;
}

export interface ActivityFundRow {
  id: number;
  kind: 'inflow' | 'outflow';
  /** Inflows: the approved month (unique). Outflows: null. */
  month: string | null;
  amountFen: number;
  occurredAt: Date;
  purpose: string | null;
  createdBy: number | null;
  createdAt: Date;
}


export const LedgerEntryEntity = new EntitySchema<LedgerEntryRow>({
  name: 'LedgerEntry',
  tableName: 'ledger_entry',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    staffId: { name: 'staff_id', type: 'int' },
    rule: { type: 'varchar', length: 8 },
    occurredAt: instant('occurred_at'),
    month: { type: 'char', length: 7 },
    points: { type: 'int', nullable: true },
    amountFen: { name: 'amount_fen', type: 'int', nullable: true },
    evidence: { type: 'text', nullable: true },
    note: { type: 'varchar', length: 1000, nullable: true },
    status: { type: 'varchar', length: 16 },
    source: { type: 'varchar', length: 64 },
    dedupeKey: { name: 'dedupe_key', type: 'char', length: 64, nullable: true, unique: true },
    createdBy: { name: 'created_by', type: 'int', nullable: true },
    createdAt: instant('created_at'),
    decidedBy: { name: 'decided_by', type: 'int', nullable: true },
    decidedAt: instant('decided_at', { nullable: true }),
    decisionReason: { name: 'decision_reason', type: 'varchar', length: 1000, nullable: true },
    correctsEntryId: { name: 'corrects_entry_id', type: 'int', nullable: true },
    fundFen: { name: 'fund_fen', type: 'int', nullable: true },
  },
});

export const LedgerRevocationEntity = new EntitySchema<LedgerRevocationRow>({
  name: 'LedgerRevocation',
  tableName: 'ledger_revocation',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    entryId: { name: 'entry_id', type: 'int', unique: true },
    reason: { type: 'varchar', length: 1000 },
    revokedBy: { name: 'revoked_by', type: 'int' },
    revokedAt: instant('revoked_at'),
  },
});

export const LedgerAppealEntity = new EntitySchema<LedgerAppealRow>({
  name: 'LedgerAppeal',
  tableName: 'ledger_appeal',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    entryId: { name: 'entry_id', type: 'int', unique: true },
    staffId: { name: 'staff_id', type: 'int' },
    reason: { type: 'varchar', length: 1000 },
    status: { type: 'varchar', length: 16 },
    createdAt: instant('created_at'),
    decidedBy: { name: 'decided_by', type: 'int', nullable: true },
    decidedAt: instant('decided_at', { nullable: true }),
    decisionReason: { name: 'decision_reason', type: 'varchar', length: 1000, nullable: true },
  },
});

export const LedgerAppealMessageEntity = new EntitySchema<LedgerAppealMessageRow>({
  name: 'LedgerAppealMessage',
  tableName: 'ledger_appeal_message',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    appealId: { name: 'appeal_id', type: 'int' },
    authorId: { name: 'author_id', type: 'int' },
    kind: { type: 'varchar', length: 16 },
    text: { type: 'varchar', length: 1000 },
    at: instant('at'),
  },
});

export const ScoringMonthEntity = new EntitySchema<ScoringMonthRow>({
  name: 'ScoringMonth',
  tableName: 'scoring_month',
  columns: {
    month: { type: 'char', length: 7, primary: true },
    status: { type: 'varchar', length: 16, default: 'none' },
    version: { type: 'int', default: 1 },
    ledgerVersion: { name: 'ledger_version', type: 'int', default: 0 },
    settledLedgerVersion: { name: 'settled_ledger_version', type: 'int', nullable: true },
    activityFundFen: { name: 'activity_fund_fen', type: 'int', default: 0 },
    settledAt: instant('settled_at', { nullable: true }),
    settledBy: { name: 'settled_by', type: 'int', nullable: true },
    submittedAt: instant('submitted_at', { nullable: true }),
    submittedBy: { name: 'submitted_by', type: 'int', nullable: true },
    approvedAt: instant('approved_at', { nullable: true }),
    approvedBy: { name: 'approved_by', type: 'int', nullable: true },
    returnedAt: instant('returned_at', { nullable: true }),
    returnedBy: { name: 'returned_by', type: 'int', nullable: true },
    returnReason: { name: 'return_reason', type: 'varchar', length: 1000, nullable: true },
    reopenedAt: instant('reopened_at', { nullable: true }),
    reopenedBy: { name: 'reopened_by', type: 'int', nullable: true },
    reopenReason: { name: 'reopen_reason', type: 'varchar', length: 1000, nullable: true },
  },
});

export const ScoresheetRowEntity = new EntitySchema<ScoresheetRowRow>({
  name: 'ScoresheetRow',
  tableName: 'scoresheet_row',
  columns: {
    month: { type: 'char', length: 7, primary: true },
    staffId: { name: 'staff_id', type: 'int', primary: true },
    score: { type: 'int' },
    pointDeductionFen: { name: 'point_deduction_fen', type: 'int' },
    finesFen: { name: 'fines_fen', type: 'int' },
    attendanceBonusFen: { name: 'attendance_bonus_fen', type: 'int' },
    performanceBonusFen: { name: 'performance_bonus_fen', type: 'int' },
    rewardFen: { name: 'reward_fen', type: 'int' },
    supervisorAdjustmentFen: { name: 'supervisor_adjustment_fen', type: 'int' },
    netFen: { name: 'net_fen', type: 'int' },
    baseWageFen: { name: 'base_wage_fen', type: 'int', default: 0 },
    dayWageFen: { name: 'day_wage_fen', type: 'int', default: 0 },
    postageFen: { name: 'postage_fen', type: 'int', default: 0 },
    supervisorBonusFen: { name: 'supervisor_bonus_fen', type: 'int', default: 0 },
    supervisorChargeFen: { name: 'supervisor_charge_fen', type: 'int', default: 0 },
    correctionsFen: { name: 'corrections_fen', type: 'int', default: 0 },
    payFen: { name: 'pay_fen', type: 'int', default: 0 },
    daysEmployed: { name: 'days_employed', type: 'int', default: 0 },
    daysInMonth: { name: 'days_in_month', type: 'int', default: 0 },
    dismissal: { type: 'boolean' },
    dismissalReview: { name: 'dismissal_review', type: 'boolean' },
    entries: { type: 'int' },
  },
});

export const ActivityFundEntity = new EntitySchema<ActivityFundRow>({
  name: 'ActivityFund',
  tableName: 'activity_fund',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    kind: { type: 'varchar', length: 8 },
    month: { type: 'char', length: 7, nullable: true, unique: true },
    amountFen: { name: 'amount_fen', type: 'int' },
    occurredAt: instant('occurred_at'),
    purpose: { type: 'varchar', length: 500, nullable: true },
    createdBy: { name: 'created_by', type: 'int', nullable: true },
    createdAt: instant('created_at'),
  },
});

export const LedgerImageEntity = new EntitySchema<LedgerImageRow>({
  name: 'LedgerImage',
  tableName: 'ledger_image',
  columns: {
    id: { type: 'varchar', length: 32, primary: true },
    entryId: { name: 'entry_id', type: 'int' },
    path: { type: 'varchar', length: 200 },
    mime: { type: 'varchar', length: 32 },
    bytes: { type: 'int' },
    uploadedBy: { name: 'uploaded_by', type: 'int' },
    createdAt: instant('created_at'),
  },
});

export const scoringEntities = [
  LedgerImageEntity,
  LedgerEntryEntity,
  LedgerRevocationEntity,
  LedgerAppealEntity,
  LedgerAppealMessageEntity,
  ScoringMonthEntity,
  ScoresheetRowEntity,
  ActivityFundEntity,
];
