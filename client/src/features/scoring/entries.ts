/**
 * What a ledger entry counts for, as the supervisor's month page shows it: the points from
 * the shared settlement rules (G07's warning, S02 once a month), and its money.
 */
import { CATALOGUE } from '@kefu/shared/domain/scoring/catalogue';
import { countedPoints, dayWageFen } from '@kefu/shared/domain/scoring/scoresheet';
import type { LedgerEntry } from './scoring.types.ts';

/** Confirmed and not revoked: the entries the settlement counts. */
export function counts(entry: LedgerEntry): boolean {
  return entry.status === 'confirmed' && entry.revocation === null;
}

/** Points each counted entry of one month adds, by entry id; entries that do not count are absent. */
export function pointsOfMonth(entries: readonly LedgerEntry[]): Map<number, number> {
  return countedPoints(
    entries.filter(counts).map((entry) => ({
      id: entry.id,
      staffId: entry.staffId,
      rule: entry.rule,
      occurredAt: new Date(entry.occurredAt),
      points: entry.points,
      amountFen: entry.amountFen,
    })),
  );
}

/**
 * The entry's money in fen, signed (a fine negative, a reward positive), or null when it
 * has none. G04's day wage needs the person's base wage: null when it is not known.
 */
export function entryMoneyFen(entry: Pick<LedgerEntry, 'rule' | 'amountFen'> & { correction?: LedgerEntry['correction'] }, baseWageFen?: number): number | null {
  // A correction gives back (or takes) exactly its amount, whatever its rule's money.
  if (entry.correction) return entry.amountFen;
  const money = CATALOGUE[entry.rule].money;
  switch (money.kind) {
    case 'none':
      return null;
    case 'fixed':
      return money.fen;
    case 'dayWage':
      return baseWageFen === undefined ? null : -dayWageFen(baseWageFen);
    case 'postage':
      return entry.amountFen === null ? null : -entry.amountFen;
    case 'cashReward':
      return entry.amountFen;
  }
}
