/**
 * A person's months side by side (issue 13 "History: each person's months side by side
 * (score, net, entries) with a chart"): the last N shop months up to the current one, each
 * with the person's sheet row (score, bonus/penalty net, take-home pay) and their counted
 * entries by rule. Supervisors and managers read anyone's, with draft months; the person
 * reads their own, with a month's figures only once it is submitted or approved (as 我的积分
 * shows its sheet row). Wages stay with those who may see them (issue 12): the same readers.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { previousMonth, scoringMonth } from '@kefu/shared/domain/scoring/month';
import { hasAnyRole } from '@kefu/shared/domain/staff/roles';
import type { HistoryMonth, HistoryQuery, StaffHistory } from '@kefu/shared/schemas/scoring';
import type { Actor } from '../../platform/http.ts';

type Raw = Record<string, unknown>;

export const DEFAULT_HISTORY_MONTHS = 12;

export class ScoringHistory {
  constructor(
    private readonly db: DataSource,
    private readonly clock: () => Date,
    private readonly tz: string,
  ) {}

  async of(query: HistoryQuery, actor: Actor): Promise<StaffHistory> {
    const staffId = query.staffId ?? actor.id;
    const seesAll = hasAnyRole(actor.roles, ['supervisor', 'manager']);
    if (staffId !== actor.id && !seesAll) throw new AppError('forbidden', 'staffId: you may only see your own history');
    const people = (await this.db.query('SELECT id, display_name FROM staff WHERE id = ?', [staffId])) as Raw[];
    if (!people[0]) throw new AppError('not_found', `No staff member with id ${staffId}`);

    const months: string[] = [scoringMonth(this.clock(), this.tz)];
    while (months.length < (query.months ?? DEFAULT_HISTORY_MONTHS)) months.unshift(previousMonth(months[0]!));
    const [first, last] = [months[0]!, months[months.length - 1]!];
    const visible = seesAll ? ['draft', 'submitted', 'approved'] : ['submitted', 'approved'];

    const rows = (await this.db.query(
      `SELECT r.month, m.status, r.score, r.net_fen, r.pay_fen, r.dismissal_review
         FROM scoresheet_row r JOIN scoring_month m ON m.month = r.month
        WHERE r.staff_id = ? AND r.month BETWEEN ? AND ? AND m.status IN (${visible.map(() => '?').join(', ')})`,
      [staffId, first, last, ...visible],
    )) as Raw[];
    const counts = (await this.db.query(
      `SELECT e.month, e.rule, COUNT(*) AS n
         FROM ledger_entry e LEFT JOIN ledger_revocation r ON r.entry_id = e.id
        WHERE e.staff_id = ? AND e.month BETWEEN ? AND ? AND e.status = 'confirmed' AND r.id IS NULL
        GROUP BY e.month, e.rule`,
      [staffId, first, last],
    )) as Raw[];

    const byMonth = new Map(rows.map((row) => [String(row.month), row]));
    return {
      staffId,
      displayName: String(people[0].display_name),
      months: months.map((month): HistoryMonth => {
        const row = byMonth.get(month);
        const entriesByRule = Object.fromEntries(counts.filter((c) => c.month === month).map((c) => [String(c.rule), Number(c.n)]));
        return {
          month,
          status: row ? (row.status as HistoryMonth['status']) : 'none',
          score: row ? Number(row.score) : null,
          netFen: row ? Number(row.net_fen) : null,
          payFen: row ? Number(row.pay_fen) : null,
          dismissalReview: row ? Boolean(Number(row.dismissal_review)) : false,
          entriesByRule,
        };
      }),
    };
  }
}
