/**
 * Complaint figures per agent for the KPI page (issue 15; the rule in
 * shared/src/domain/complaints/stats.ts): three SQL aggregates over the complaint table's
 * indexed times (created_at, resolved_at), for the shop days from `from` to `to`. Kept apart
 * from the KPI module's repository so each module reads only its own tables.
 */
import type { DataSource } from 'typeorm';
import { addDays, dayStart } from '@kefu/shared/domain/kpis/days';
import { complaintStats } from '@kefu/shared/domain/complaints/stats';
import type { ComplaintStats } from '@kefu/shared/schemas/complaints';

type Row = Record<string, unknown>;

export async function complaintKpis(db: DataSource, range: { from: string; to: string }, tz: string): Promise<ComplaintStats> {
  const start = dayStart(range.from, tz);
  const end = dayStart(addDays(range.to, 1), tz);
  const concerning = (await db.query(
    'SELECT staff_id AS staffId, COUNT(*) AS n FROM complaint WHERE created_at >= ? AND created_at < ? AND staff_id IS NOT NULL GROUP BY staff_id',
    [start, end],
  )) as Row[];
  const verified = (await db.query(
    'SELECT staff_id AS staffId, COUNT(*) AS n FROM complaint WHERE resolved_at >= ? AND resolved_at < ? AND verified = 1 AND staff_id IS NOT NULL GROUP BY staff_id',
    [start, end],
  )) as Row[];
  const handled = (await db.query(
    'SELECT handler_id AS staffId, COUNT(*) AS n, SUM(TIMESTAMPDIFF(SECOND, created_at, resolved_at)) AS seconds FROM complaint WHERE resolved_at >= ? AND resolved_at < ? GROUP BY handler_id',
    [start, end],
  )) as Row[];
  const counts = (rows: Row[]) => rows.map((r) => ({ staffId: Number(r.staffId), count: Number(r.n) }));
  const stats = complaintStats(
    counts(concerning),
    counts(verified),
    handled.map((r) => ({ staffId: Number(r.staffId), count: Number(r.n), totalSeconds: Number(r.seconds ?? 0) })),
  );
  return { from: range.from, to: range.to, ...stats };
}
