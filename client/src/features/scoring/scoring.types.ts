/**
 * The scoring API's answers (docs/scoring.md): the shared schemas' types, and "my score",
 * which has no shared schema yet and mirrors the document field by field.
 */
import type { AppealThread, Fund, FundOutflowRecord, LedgerEntry } from '@kefu/shared/schemas/ledger';
import type { MonthSheet, ScoresheetRow, ScoresheetStatus } from '@kefu/shared/schemas/scoring';

export type { AppealThread, Fund, FundOutflowRecord, LedgerEntry, MonthSheet, ScoresheetRow, ScoresheetStatus };
export type EvidenceLink = LedgerEntry['evidence'][number];
export type AppealStatus = AppealThread['status'];
export type AppealMessage = AppealThread['messages'][number];

/** GET /api/scoring/me */
export interface MyScore {
  month: string;
  /** false for managers, who are not on the scoresheet. */
  scored: boolean;
  status: ScoresheetStatus;
  /** Running: 100 + the counted points of confirmed, unrevoked entries. */
  score: number;
  pointDeductionFen: number;
  entries: Array<LedgerEntry & { countedPoints: number }>;
  /** The person's row once the month is submitted or approved. */
  sheet: ScoresheetRow | null;
}

