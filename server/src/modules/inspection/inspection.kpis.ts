/**
 * The KPI page's 质检 figures (docs/inspection.md): per agent, the published inspections of
 * conversations in the range of shop days, their count and average score. Its own query, so
 * the KPI tallies (kpis.repository.ts) stay as they are; one index
 * (status, conversation_at, staff_id, score) answers it.
 */
import type { EntityManager } from 'typeorm';
import { addDays, dayStart } from '@kefu/shared/domain/kpis/days';
import type { InspectionFigures } from '@kefu/shared/schemas/inspection';

const average = (sum: number, count: number) => (count > 0 ? Math.round((sum * 10) / count) / 10 : null);

export async function inspectionFigures(tx: EntityManager, range: { from: string; to: string }, tz: string): Promise<{ agents: InspectionFigures[]; team: Omit<InspectionFigures, 'staffId'> }> {
  const rows = (await tx.query(
    `SELECT staff_id AS staffId, COUNT(*) AS n, SUM(score) AS total FROM inspection
     WHERE status = 'published' AND conversation_at >= ? AND conversation_at < ? GROUP BY staff_id ORDER BY staff_id`,
    [dayStart(range.from, tz), dayStart(addDays(range.to, 1), tz)],
  )) as Array<{ staffId: number; n: number | string; total: number | string | null }>;
  let count = 0;
  let sum = 0;
  const agents = rows.map((r) => {
    const n = Number(r.n);
    const total = Number(r.total ?? 0);
    count += n;
    sum += total;
    return { staffId: Number(r.staffId), count: n, averageScore: average(total, n) };
  });
  return { agents, team: { count, averageScore: average(sum, count) } };
}
