/** The API's shapes of the scoring records (docs/scoring.md): ISO strings for times, fen for money. */
import type { AppealThread, LedgerEntry } from '@kefu/shared/schemas/ledger';
import type { LastSettlement, MonthSheet } from '@kefu/shared/schemas/scoring';
import type { LedgerAppealMessageRow, LedgerAppealRow, ScoringMonthRow } from './scoring.entity.ts';
import type { EntryRecord, SheetRowRecord } from './scoring.repository.ts';

const iso = (at: Date | null): string | null => (at ? at.toISOString() : null);

export function entryView(entry: EntryRecord): LedgerEntry {
  return {
    id: entry.id,
    staffId: entry.staffId,
    rule: entry.rule,
    occurredAt: entry.occurredAt.toISOString(),
    month: entry.month,
    points: entry.points,
    amountFen: entry.amountFen,
    evidence: entry.evidence,
    note: entry.note,
    status: entry.status,
    source: entry.source,
    createdBy: entry.createdBy,
    createdAt: entry.createdAt.toISOString(),
    decidedBy: entry.decidedBy,
    decidedAt: iso(entry.decidedAt),
    decisionReason: entry.decisionReason,
    revocation: entry.revocation ? { reason: entry.revocation.reason, by: entry.revocation.by, at: entry.revocation.at.toISOString() } : null,
    appeal: entry.appeal,
    correction: entry.correctsEntryId === null ? null : { entryId: entry.correctsEntryId, month: entry.correctsMonth ?? entry.month, fundFen: entry.fundFen ?? 0 },
    correctedBy: entry.correctedBy,
    images: entry.images,
  };
}

export function appealView(appeal: LedgerAppealRow, entry: EntryRecord, messages: ReadonlyArray<LedgerAppealMessageRow & { authorName: string }>): AppealThread {
  return {
    id: appeal.id,
    entryId: appeal.entryId,
    staffId: appeal.staffId,
    status: appeal.status,
    reason: appeal.reason,
    createdAt: appeal.createdAt.toISOString(),
    decidedBy: appeal.decidedBy,
    decidedAt: iso(appeal.decidedAt),
    decisionReason: appeal.decisionReason,
    entry: entryView(entry),
    messages: messages.map((m) => ({ id: m.id, authorId: m.authorId, authorName: m.authorName, kind: m.kind, text: m.text, at: m.at.toISOString() })),
  };
}

export function monthSheetView(month: ScoringMonthRow, rows: readonly SheetRowRecord[], proposals: number, lastSettlement: LastSettlement | null): MonthSheet {
  const settled = month.status !== 'none';
  return {
    month: month.month,
    status: month.status,
    staff: settled ? [...rows] : [],
    activityFundFen: settled ? month.activityFundFen : 0,
    version: month.version,
    stale: settled && month.settledLedgerVersion !== month.ledgerVersion,
    proposals,
    settledAt: iso(month.settledAt),
    settledBy: month.settledBy,
    submittedAt: iso(month.submittedAt),
    submittedBy: month.submittedBy,
    approvedAt: iso(month.approvedAt),
    approvedBy: month.approvedBy,
    returnedAt: iso(month.returnedAt),
    returnedBy: month.returnedBy,
    returnReason: month.returnReason,
    lastSettlement,
    reopenedAt: iso(month.reopenedAt),
    reopenedBy: month.reopenedBy,
    reopenReason: month.reopenReason,
  };
}
