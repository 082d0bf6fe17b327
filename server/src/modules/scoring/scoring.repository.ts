/**
 * Every read and write of the scoring tables. Lock order, everywhere: the month row(s)
 * (sorted), then entries, then appeals — so two writers never wait on each other in a circle.
 */
import type { EntityManager } from 'typeorm';
import type { RuleCode } from '@kefu/shared/domain/scoring/catalogue';
import type { Evidence } from '@kefu/shared/schemas/ledger';
import type { ScoresheetLine } from '@kefu/shared/domain/scoring/scoresheet';
import type { Role } from '@kefu/shared/domain/staff/roles';
import { affectedRows } from '../../platform/db.ts';
import type {
  ActivityFundRow,
  AppealMessageKind,
  AppealStatus,
  EntryStatus,
  LedgerAppealMessageRow,
  LedgerAppealRow,
  LedgerEntryRow,
  MonthStatus,
  ScoringMonthRow,
} from './scoring.entity.ts';

/** An entry with what happened to it since: its revocation and its appeal. */
export interface EntryRecord extends Omit<LedgerEntryRow, 'evidence'> {
  evidence: Evidence[];
  /** The correction (in a later month) that reverses this entry of an approved month, if any. */
  correctedBy: number | null;
  /** A correction: the month of the entry it reverses. */
  correctsMonth: string | null;
  revocation: { reason: string; by: number; at: Date } | null;
  appeal: { id: number; status: AppealStatus } | null;
  /** Ids of the images attached as evidence, oldest first. */
  images: string[];
}

type Raw = Record<string, any>;

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

const ENTRY_COLUMNS = `e.id, e.staff_id, e.rule, e.occurred_at, e.month, e.points, e.amount_fen, e.evidence, e.note, e.status, e.source,
  e.dedupe_key, e.created_by, e.created_at, e.decided_by, e.decided_at, e.decision_reason, e.corrects_entry_id, e.fund_fen,
  (SELECT MIN(c.id) FROM ledger_entry c WHERE c.corrects_entry_id = e.id AND c.staff_id = e.staff_id) AS corrected_by,
  (SELECT o.month FROM ledger_entry o WHERE o.id = e.corrects_entry_id) AS corrects_month,
  (SELECT GROUP_CONCAT(i.id ORDER BY i.created_at, i.id SEPARATOR ',') FROM ledger_image i WHERE i.entry_id = e.id) AS image_ids,
  r.reason AS rv_reason, r.revoked_by AS rv_by, r.revoked_at AS rv_at, a.id AS ap_id, a.status AS ap_status`;
const ENTRY_FROM = `ledger_entry e LEFT JOIN ledger_revocation r ON r.entry_id = e.id LEFT JOIN ledger_appeal a ON a.entry_id = e.id`;

function toEntry(row: Raw): EntryRecord {
  return {
    id: num(row.id),
    staffId: num(row.staff_id),
    rule: row.rule as RuleCode,
    occurredAt: row.occurred_at as Date,
    month: row.month as string,
    points: numOrNull(row.points),
    amountFen: numOrNull(row.amount_fen),
    evidence: row.evidence ? (JSON.parse(row.evidence as string) as Evidence[]) : [],
    note: (row.note as string | null) ?? null,
    status: row.status as EntryStatus,
    source: row.source as string,
    dedupeKey: (row.dedupe_key as string | null) ?? null,
    createdBy: numOrNull(row.created_by),
    createdAt: row.created_at as Date,
    decidedBy: numOrNull(row.decided_by),
    decidedAt: (row.decided_at as Date | null) ?? null,
    decisionReason: (row.decision_reason as string | null) ?? null,
    correctsEntryId: numOrNull(row.corrects_entry_id),
    fundFen: numOrNull(row.fund_fen),
    correctedBy: numOrNull(row.corrected_by),
    correctsMonth: (row.corrects_month as string | null) ?? null,
    revocation: row.rv_by === null || row.rv_by === undefined ? null : { reason: row.rv_reason as string, by: num(row.rv_by), at: row.rv_at as Date },
    appeal: row.ap_id === null || row.ap_id === undefined ? null : { id: num(row.ap_id), status: row.ap_status as AppealStatus },
    images: row.image_ids ? String(row.image_ids).split(',') : [],
  };
}

function toMonth(row: Raw): ScoringMonthRow {
  return {
    month: row.month,
    status: row.status as MonthStatus,
    version: num(row.version),
    ledgerVersion: num(row.ledger_version),
    settledLedgerVersion: numOrNull(row.settled_ledger_version),
    activityFundFen: num(row.activity_fund_fen),
    settledAt: row.settled_at ?? null,
    settledBy: numOrNull(row.settled_by),
    submittedAt: row.submitted_at ?? null,
    submittedBy: numOrNull(row.submitted_by),
    approvedAt: row.approved_at ?? null,
    approvedBy: numOrNull(row.approved_by),
    returnedAt: row.returned_at ?? null,
    returnedBy: numOrNull(row.returned_by),
    returnReason: row.return_reason ?? null,
    reopenedAt: row.reopened_at ?? null,
    reopenedBy: numOrNull(row.reopened_by),
    reopenReason: row.reopen_reason ?? null,
  };
}

/** A month that has never been touched, as if its row existed. */
export function emptyMonth(month: string): ScoringMonthRow {
  return {
    month,
    status: 'none',
    version: 0,
    ledgerVersion: 0,
    settledLedgerVersion: null,
    activityFundFen: 0,
    settledAt: null,
    settledBy: null,
    submittedAt: null,
    submittedBy: null,
    approvedAt: null,
    approvedBy: null,
    returnedAt: null,
    returnedBy: null,
    returnReason: null,
    reopenedAt: null,
    reopenedBy: null,
    reopenReason: null,
  };
}

export interface StaffForScoring {
  id: number;
  username: string;
  displayName: string;
  baseWageFen: number;
  active: boolean;
  roles: Role[];
}

export interface SheetRowRecord extends ScoresheetLine {
  username: string;
  displayName: string;
}

export interface NewEntry {
  staffId: number;
  rule: RuleCode;
  occurredAt: Date;
  month: string;
  points: number | null;
  amountFen: number | null;
  evidence: Evidence[];
  note: string | null;
  status: EntryStatus;
  source: string;
  dedupeKey: string | null;
  createdBy: number | null;
  createdAt: Date;
  /** Corrections only: the entry reversed and what the fund gives back. */
  correctsEntryId?: number | null;
  fundFen?: number | null;
}

export type MonthChanges = Partial<Omit<ScoringMonthRow, 'month' | 'version' | 'ledgerVersion'>>;

const MONTH_COLUMNS: Record<keyof MonthChanges, string> = {
  status: 'status',
  settledLedgerVersion: 'settled_ledger_version',
  activityFundFen: 'activity_fund_fen',
  settledAt: 'settled_at',
  settledBy: 'settled_by',
  submittedAt: 'submitted_at',
  submittedBy: 'submitted_by',
  approvedAt: 'approved_at',
  approvedBy: 'approved_by',
  returnedAt: 'returned_at',
  returnedBy: 'returned_by',
  returnReason: 'return_reason',
  reopenedAt: 'reopened_at',
  reopenedBy: 'reopened_by',
  reopenReason: 'reopen_reason',
};

/** The pay columns named apart (issue 13), as [column, line field]. */
type ExtraSheetKey = 'baseWageFen' | 'dayWageFen' | 'postageFen' | 'supervisorBonusFen' | 'supervisorChargeFen' | 'correctionsFen' | 'payFen' | 'daysEmployed' | 'daysInMonth';
const EXTRA_SHEET_COLUMNS: ReadonlyArray<readonly [string, ExtraSheetKey]> = [
  ['base_wage_fen', 'baseWageFen'],
  ['day_wage_fen', 'dayWageFen'],
  ['postage_fen', 'postageFen'],
  ['supervisor_bonus_fen', 'supervisorBonusFen'],
  ['supervisor_charge_fen', 'supervisorChargeFen'],
  ['corrections_fen', 'correctionsFen'],
  ['pay_fen', 'payFen'],
  ['days_employed', 'daysEmployed'],
  ['days_in_month', 'daysInMonth'],
];

export const scoringRepository = {
  // ---- months ----

  /**
   * Creates the month's row if missing and locks it for the rest of the transaction. Not
   * INSERT IGNORE: on an existing row that takes a shared lock, and two writers upgrading
   * to FOR UPDATE deadlock. ON DUPLICATE KEY UPDATE takes the exclusive lock at once.
   */
  async lockMonth(tx: EntityManager, month: string): Promise<ScoringMonthRow> {
    await tx.query('INSERT INTO scoring_month (month) VALUES (?) ON DUPLICATE KEY UPDATE month = month', [month]);
    const rows = (await tx.query('SELECT * FROM scoring_month WHERE month = ? FOR UPDATE', [month])) as Raw[];
    return toMonth(rows[0]!);
  },

  async findMonth(tx: EntityManager, month: string): Promise<ScoringMonthRow | null> {
    const rows = (await tx.query('SELECT * FROM scoring_month WHERE month = ?', [month])) as Raw[];
    return rows[0] ? toMonth(rows[0]) : null;
  },

  /** The counted entries of a locked month changed: a draft computed before is stale. */
  async bumpLedgerVersion(tx: EntityManager, month: string): Promise<void> {
    await tx.query('UPDATE scoring_month SET ledger_version = ledger_version + 1 WHERE month = ?', [month]);
  },

  /**
   * Moves a month on, guarded by its version (STYLE.md habit 5): false when someone else
   * changed it since it was read. Bumps the version.
   */
  async updateMonth(tx: EntityManager, month: string, expectedVersion: number, changes: MonthChanges): Promise<boolean> {
    const keys = Object.keys(changes) as Array<keyof MonthChanges>;
    const sets = keys.map((key) => `${MONTH_COLUMNS[key]} = ?`);
    const result = await tx.query(`UPDATE scoring_month SET ${[...sets, 'version = version + 1'].join(', ')} WHERE month = ? AND version = ?`, [
      ...keys.map((key) => changes[key]),
      month,
      expectedVersion,
    ]);
    return affectedRows(result) === 1;
  },

  // ---- staff ----

  async staffById(tx: EntityManager, id: number): Promise<StaffForScoring | null> {
    const rows = (await tx.query('SELECT id, username, display_name, base_wage_fen, active FROM staff WHERE id = ?', [id])) as Raw[];
    if (!rows[0]) return null;
    const roles = (await tx.query('SELECT role FROM staff_role WHERE staff_id = ?', [id])) as Raw[];
    return toStaff(rows[0], roles.map((r) => r.role as Role));
  },

  async activeStaff(tx: EntityManager): Promise<StaffForScoring[]> {
    const rows = (await tx.query('SELECT id, username, display_name, base_wage_fen, active FROM staff WHERE active = 1 ORDER BY id')) as Raw[];
    const roles = (await tx.query('SELECT r.staff_id, r.role FROM staff_role r JOIN staff s ON s.id = r.staff_id WHERE s.active = 1')) as Raw[];
    return rows.map((row) =>
      toStaff(
        row,
        roles.filter((r) => num(r.staff_id) === num(row.id)).map((r) => r.role as Role),
      ),
    );
  },

  async names(tx: EntityManager, ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = (await tx.query(`SELECT id, display_name FROM staff WHERE id IN (${ids.map(() => '?').join(', ')})`, [...ids])) as Raw[];
    return new Map(rows.map((row) => [num(row.id), row.display_name as string]));
  },

  // ---- entries ----

  async insertEntry(tx: EntityManager, entry: NewEntry): Promise<number> {
    const result = await tx.query(
      `INSERT INTO ledger_entry (staff_id, rule, occurred_at, month, points, amount_fen, evidence, note, status, source, dedupe_key, created_by, created_at, corrects_entry_id, fund_fen)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      entryValues(entry),
    );
    return num((result as { insertId: number }).insertId);
  },

  /** A detector's proposal; null when the same rule + person + evidence was proposed before. */
  async insertProposal(tx: EntityManager, entry: NewEntry): Promise<number | null> {
    const result = (await tx.query(
      `INSERT IGNORE INTO ledger_entry (staff_id, rule, occurred_at, month, points, amount_fen, evidence, note, status, source, dedupe_key, created_by, created_at, corrects_entry_id, fund_fen)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      entryValues(entry),
    )) as { insertId: number; affectedRows: number };
    return result.affectedRows === 1 ? num(result.insertId) : null;
  },

  async findEntry(tx: EntityManager, id: number, options: { lock?: boolean } = {}): Promise<EntryRecord | null> {
    if (options.lock) await tx.query('SELECT id FROM ledger_entry WHERE id = ? FOR UPDATE', [id]);
    const rows = (await tx.query(`SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.id = ?`, [id])) as Raw[];
    return rows[0] ? toEntry(rows[0]) : null;
  },

  async entriesByIds(tx: EntityManager, ids: readonly number[], options: { lock?: boolean } = {}): Promise<EntryRecord[]> {
    if (ids.length === 0) return [];
    const marks = ids.map(() => '?').join(', ');
    if (options.lock) await tx.query(`SELECT id FROM ledger_entry WHERE id IN (${marks}) ORDER BY id FOR UPDATE`, [...ids]);
    const rows = (await tx.query(`SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.id IN (${marks}) ORDER BY e.id`, [...ids])) as Raw[];
    return rows.map(toEntry);
  },

  async listEntries(tx: EntityManager, filter: { month?: string; staffId?: number; status?: EntryStatus[] }): Promise<EntryRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.month) {
      where.push('e.month = ?');
      params.push(filter.month);
    }
    if (filter.staffId) {
      where.push('e.staff_id = ?');
      params.push(filter.staffId);
    }
    if (filter.status) {
      where.push(`e.status IN (${filter.status.map(() => '?').join(', ')})`);
      params.push(...filter.status);
    }
    const rows = (await tx.query(
      `SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.occurred_at, e.id LIMIT 5000`,
      params,
    )) as Raw[];
    return rows.map(toEntry);
  },

  /** Confirms or dismisses a proposal, guarded by its status: false when it was decided meanwhile. */
  async decideProposal(tx: EntityManager, id: number, decision: { status: 'confirmed' | 'dismissed'; by: number; at: Date; reason: string | null }): Promise<boolean> {
    const result = await tx.query(
      "UPDATE ledger_entry SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE id = ? AND status = 'proposed'",
      [decision.status, decision.by, decision.at, decision.reason, id],
    );
    return affectedRows(result) === 1;
  },

  /** Entries of `month` already reversed by a correction (a new correction is computed after them). */
  async correctedEntries(tx: EntityManager, month: string): Promise<Set<number>> {
    const rows = (await tx.query(
      'SELECT DISTINCT c.corrects_entry_id AS id FROM ledger_entry c JOIN ledger_entry o ON o.id = c.corrects_entry_id WHERE o.month = ?',
      [month],
    )) as Raw[];
    return new Set(rows.map((row) => num(row.id)));
  },

  async countProposals(tx: EntityManager, month: string): Promise<number> {
    const rows = (await tx.query("SELECT COUNT(*) AS n FROM ledger_entry WHERE month = ? AND status = 'proposed'", [month])) as Raw[];
    return num(rows[0]?.n ?? 0);
  },

  async insertRevocation(tx: EntityManager, revocation: { entryId: number; reason: string; by: number; at: Date }): Promise<void> {
    await tx.query('INSERT INTO ledger_revocation (entry_id, reason, revoked_by, revoked_at) VALUES (?, ?, ?, ?)', [
      revocation.entryId,
      revocation.reason,
      revocation.by,
      revocation.at,
    ]);
  },

  /**
   * The counted entries of a month (confirmed, not revoked) in occurrence order, as a
   * stream of [id, staffId, rule, occurredAt, points, amountFen, correctsEntryId, fundFen] rows: the settlement adds
   * them one at a time and never holds the month in memory. Runs on the transaction's
   * own connection, so it reads what the transaction sees.
   */
  async streamCountedEntries(
    tx: EntityManager,
    month: string,
  ): Promise<AsyncIterable<[number, number, RuleCode, Date, number | null, number | null, number | null, number | null]>> {
    if (!tx.queryRunner) throw new Error('streamCountedEntries needs a transaction');
    const connection = (await tx.queryRunner.connect()) as {
      query(options: { sql: string; values: unknown[]; rowsAsArray: boolean }): { stream(options: { highWaterMark: number }): AsyncIterable<never> };
    };
    return connection
      .query({
        sql: `SELECT e.id, e.staff_id, e.rule, e.occurred_at, e.points, e.amount_fen, e.corrects_entry_id, e.fund_fen
              FROM ledger_entry e
              WHERE e.month = ? AND e.status = 'confirmed'
                AND NOT EXISTS (SELECT 1 FROM ledger_revocation r WHERE r.entry_id = e.id)
              ORDER BY e.occurred_at, e.id`,
        values: [month],
        rowsAsArray: true,
      })
      .stream({ highWaterMark: 1000 });
  },

  // ---- appeals ----

  async findAppealByEntry(tx: EntityManager, entryId: number, options: { lock?: boolean } = {}): Promise<LedgerAppealRow | null> {
    const rows = (await tx.query(`SELECT * FROM ledger_appeal WHERE entry_id = ?${options.lock ? ' FOR UPDATE' : ''}`, [entryId])) as Raw[];
    return rows[0] ? toAppeal(rows[0]) : null;
  },

  async listAppeals(tx: EntityManager, status: AppealStatus | undefined): Promise<LedgerAppealRow[]> {
    const rows = (await tx.query(`SELECT * FROM ledger_appeal ${status ? 'WHERE status = ?' : ''} ORDER BY created_at DESC, id DESC LIMIT 500`, status ? [status] : [])) as Raw[];
    return rows.map(toAppeal);
  },

  async insertAppeal(tx: EntityManager, appeal: { entryId: number; staffId: number; reason: string; at: Date }): Promise<number> {
    const result = await tx.query("INSERT INTO ledger_appeal (entry_id, staff_id, reason, status, created_at) VALUES (?, ?, ?, 'open', ?)", [
      appeal.entryId,
      appeal.staffId,
      appeal.reason,
      appeal.at,
    ]);
    return num((result as { insertId: number }).insertId);
  },

  async decideAppeal(tx: EntityManager, id: number, decision: { status: 'upheld' | 'revoked'; by: number; at: Date; reason: string }): Promise<boolean> {
    const result = await tx.query(
      "UPDATE ledger_appeal SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE id = ? AND status = 'open'",
      [decision.status, decision.by, decision.at, decision.reason, id],
    );
    return affectedRows(result) === 1;
  },

  async insertAppealMessage(tx: EntityManager, message: { appealId: number; authorId: number; kind: AppealMessageKind; text: string; at: Date }): Promise<void> {
    await tx.query('INSERT INTO ledger_appeal_message (appeal_id, author_id, kind, text, at) VALUES (?, ?, ?, ?, ?)', [
      message.appealId,
      message.authorId,
      message.kind,
      message.text,
      message.at,
    ]);
  },

  async appealMessages(tx: EntityManager, appealId: number): Promise<Array<LedgerAppealMessageRow & { authorName: string }>> {
    const rows = (await tx.query(
      'SELECT m.*, s.display_name AS author_name FROM ledger_appeal_message m JOIN staff s ON s.id = m.author_id WHERE m.appeal_id = ? ORDER BY m.id',
      [appealId],
    )) as Raw[];
    return rows.map((row) => ({
      id: num(row.id),
      appealId: num(row.appeal_id),
      authorId: num(row.author_id),
      authorName: row.author_name as string,
      kind: row.kind as AppealMessageKind,
      text: row.text as string,
      at: row.at as Date,
    }));
  },

  // ---- scoresheet ----

  /**
   * Replaces the month's draft: an upsert keyed by (month, staff), then the rows of people
   * no longer scored are deleted. Run twice with the same lines, the table is the same.
   */
  async replaceScoresheet(tx: EntityManager, month: string, lines: readonly ScoresheetLine[]): Promise<void> {
    const BATCH = 500;
    for (let i = 0; i < lines.length; i += BATCH) {
      const batch = lines.slice(i, i + BATCH);
      await tx.query(
        `INSERT INTO scoresheet_row (month, staff_id, score, point_deduction_fen, fines_fen, attendance_bonus_fen, performance_bonus_fen,
           reward_fen, supervisor_adjustment_fen, net_fen, dismissal, dismissal_review, entries,
           ${EXTRA_SHEET_COLUMNS.map(([column]) => column).join(', ')})
         VALUES ${batch.map(() => `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${EXTRA_SHEET_COLUMNS.map(() => '?').join(', ')})`).join(', ')}
         ON DUPLICATE KEY UPDATE score = VALUES(score), point_deduction_fen = VALUES(point_deduction_fen), fines_fen = VALUES(fines_fen),
           attendance_bonus_fen = VALUES(attendance_bonus_fen), performance_bonus_fen = VALUES(performance_bonus_fen),
           reward_fen = VALUES(reward_fen), supervisor_adjustment_fen = VALUES(supervisor_adjustment_fen), net_fen = VALUES(net_fen),
           dismissal = VALUES(dismissal), dismissal_review = VALUES(dismissal_review), entries = VALUES(entries),
           ${EXTRA_SHEET_COLUMNS.map(([column]) => `${column} = VALUES(${column})`).join(', ')}`,
        batch.flatMap((line) => [
          month,
          line.staffId,
          line.score,
          line.pointDeductionFen,
          line.finesFen,
          line.attendanceBonusFen,
          line.performanceBonusFen,
          line.rewardFen,
          line.supervisorAdjustmentFen,
          line.netFen,
          line.dismissal ? 1 : 0,
          line.dismissalReview ? 1 : 0,
          line.entries,
          ...EXTRA_SHEET_COLUMNS.map(([, key]) => line[key]),
        ]),
      );
    }
    const keep = lines.map((line) => line.staffId);
    await tx.query(`DELETE FROM scoresheet_row WHERE month = ?${keep.length ? ` AND staff_id NOT IN (${keep.map(() => '?').join(', ')})` : ''}`, [month, ...keep]);
  },

  async scoresheetRows(tx: EntityManager, month: string, staffId?: number): Promise<SheetRowRecord[]> {
    const rows = (await tx.query(
      `SELECT r.*, s.username, s.display_name FROM scoresheet_row r JOIN staff s ON s.id = r.staff_id WHERE r.month = ?${staffId ? ' AND r.staff_id = ?' : ''} ORDER BY r.staff_id`,
      staffId ? [month, staffId] : [month],
    )) as Raw[];
    return rows.map((row) => ({
      staffId: num(row.staff_id),
      username: row.username as string,
      displayName: row.display_name as string,
      score: num(row.score),
      pointDeductionFen: num(row.point_deduction_fen),
      finesFen: num(row.fines_fen),
      attendanceBonusFen: num(row.attendance_bonus_fen),
      performanceBonusFen: num(row.performance_bonus_fen),
      rewardFen: num(row.reward_fen),
      supervisorAdjustmentFen: num(row.supervisor_adjustment_fen),
      netFen: num(row.net_fen),
      dismissal: Boolean(num(row.dismissal)),
      dismissalReview: Boolean(num(row.dismissal_review)),
      entries: num(row.entries),
      ...(Object.fromEntries(EXTRA_SHEET_COLUMNS.map(([column, key]) => [key, num(row[column])])) as Pick<ScoresheetLine, ExtraSheetKey>),
    }));
  },

  // ---- activity fund ----

  /** Locks every fund row (and the gaps), so two outflows cannot both spend the same balance. */
  async lockFundBalance(tx: EntityManager): Promise<number> {
    const rows = (await tx.query("SELECT kind, amount_fen FROM activity_fund FOR UPDATE")) as Raw[];
    return rows.reduce((sum, row) => sum + (row.kind === 'inflow' ? num(row.amount_fen) : -num(row.amount_fen)), 0);
  },

  async insertFund(tx: EntityManager, row: Omit<ActivityFundRow, 'id'>): Promise<number> {
    const result = await tx.query(
      'INSERT INTO activity_fund (kind, month, amount_fen, occurred_at, purpose, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [row.kind, row.month, row.amountFen, row.occurredAt, row.purpose, row.createdBy, row.createdAt],
    );
    return num((result as { insertId: number }).insertId);
  },

  async fundInflowOf(tx: EntityManager, month: string): Promise<{ id: number; amountFen: number } | null> {
    const rows = (await tx.query("SELECT id, amount_fen FROM activity_fund WHERE kind = 'inflow' AND month = ?", [month])) as Raw[];
    return rows[0] ? { id: num(rows[0].id), amountFen: num(rows[0].amount_fen) } : null;
  },

  /** Only a reopened month's inflow is ever taken back (audited by the caller). */
  async deleteFund(tx: EntityManager, id: number): Promise<void> {
    await tx.query('DELETE FROM activity_fund WHERE id = ?', [id]);
  },

  async fundRows(tx: EntityManager): Promise<ActivityFundRow[]> {
    const rows = (await tx.query('SELECT * FROM activity_fund ORDER BY occurred_at, id')) as Raw[];
    return rows.map((row) => ({
      id: num(row.id),
      kind: row.kind as 'inflow' | 'outflow',
      month: (row.month as string | null) ?? null,
      amountFen: num(row.amount_fen),
      occurredAt: row.occurred_at as Date,
      purpose: (row.purpose as string | null) ?? null,
      createdBy: numOrNull(row.created_by),
      createdAt: row.created_at as Date,
    }));
  },
};

function entryValues(entry: NewEntry): unknown[] {
  return [
    entry.staffId,
    entry.rule,
    entry.occurredAt,
    entry.month,
    entry.points,
    entry.amountFen,
    entry.evidence.length ? JSON.stringify(entry.evidence) : null,
    entry.note,
    entry.status,
    entry.source,
    entry.dedupeKey,
    entry.createdBy,
    entry.createdAt,
    entry.correctsEntryId ?? null,
    entry.fundFen ?? null,
  ];
}

function toStaff(row: Raw, roles: Role[]): StaffForScoring {
  return {
    id: num(row.id),
    username: row.username as string,
    displayName: row.display_name as string,
    baseWageFen: num(row.base_wage_fen),
    active: Boolean(num(row.active)),
    roles,
  };
}

function toAppeal(row: Raw): LedgerAppealRow {
  return {
    id: num(row.id),
    entryId: num(row.entry_id),
    staffId: num(row.staff_id),
    reason: row.reason as string,
    status: row.status as AppealStatus,
    createdAt: row.created_at as Date,
    decidedBy: numOrNull(row.decided_by),
    decidedAt: (row.decided_at as Date | null) ?? null,
    decisionReason: (row.decision_reason as string | null) ?? null,
  };
}
