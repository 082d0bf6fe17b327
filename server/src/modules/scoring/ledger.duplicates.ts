/**
 * "Record again?" (issue 13): a manual entry identical to one recorded in the last minute —
 * the same person, rule, shop day and amount (points and money) — is most likely a double
 * click or a second supervisor recording the same thing. POST /api/ledger answers 409
 * `duplicate_entry` (with the earlier entry's id) unless the body says `confirmDuplicate`.
 *
 * Runs after the month row is locked, so two identical requests at once are serialised
 * and the second one sees the first (READ COMMITTED).
 */
import type { EntityManager } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { shopDay } from '@kefu/shared/domain/scoring/month';

/** How far back an identical entry makes the supervisor confirm. */
export const DUPLICATE_WINDOW_MS = 60_000;

export interface DuplicateProbe {
  staffId: number;
  rule: string;
  occurredAt: Date;
  points: number | null;
  amountFen: number | null;
}

/** The id of a counted manual entry identical to `probe` recorded since `now − 1 minute`, or null. */
export async function recentDuplicate(tx: EntityManager, probe: DuplicateProbe, now: Date, tz: string): Promise<number | null> {
  const rows = (await tx.query(
    `SELECT e.id, e.occurred_at FROM ledger_entry e LEFT JOIN ledger_revocation r ON r.entry_id = e.id
      WHERE e.staff_id = ? AND e.rule = ? AND e.status = 'confirmed' AND e.source = 'manual' AND r.id IS NULL
        AND e.points <=> ? AND e.amount_fen <=> ? AND e.created_at >= ?
      ORDER BY e.id DESC`,
    [probe.staffId, probe.rule, probe.points, probe.amountFen, new Date(now.getTime() - DUPLICATE_WINDOW_MS)],
  )) as Array<{ id: number | string; occurred_at: Date }>;
  const day = shopDay(probe.occurredAt, tz);
  const same = rows.find((row) => shopDay(new Date(row.occurred_at), tz) === day);
  return same ? Number(same.id) : null;
}

/** 409 conflict, reason duplicate_entry: the client asks "record again?" and resends with confirmDuplicate. */
export function duplicateRefusal(entryId: number): AppError {
  return new AppError('conflict', `An identical entry (#${entryId}) was recorded less than a minute ago; send confirmDuplicate: true to record it again`, {
    reason: 'duplicate_entry',
    entryId,
  });
}
