import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: the month as the shop pays it (docs/scoring.md).
 * - staff.employed_from / employed_until: who is on a month's sheet, whatever their state today.
 * - staff_terms: roles and base wage dated from a day on, so a month is settled with the
 *   roles and wage of its own days, not today's.
 * - scoresheet_row: the pay columns named apart (base, day wage, postage, M03, M04,
 *   corrections, take-home) and the days employed.
 * - ledger_entry.corrects_entry_id / fund_fen: corrections of entries of approved months.
 * - scoring_month.reopened_*: the manager's reopening before payday, with its reason.
 */
export class ScoringCalendar1733702400000 implements MigrationInterface {
  name = 'ScoringCalendar1733702400000';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query('ALTER TABLE staff ADD COLUMN employed_from DATE NULL, ADD COLUMN employed_until DATE NULL');
    // Existing accounts: employed since their account was created; a disabled one until its last change.
    await q.query('UPDATE staff SET employed_from = DATE(created_at), employed_until = CASE WHEN active = 1 THEN NULL ELSE DATE(updated_at) END');
    await q.query('ALTER TABLE staff MODIFY employed_from DATE NOT NULL');
    // roles: comma-separated role names, in force from effective_on until the next row's day.
    await q.query(`CREATE TABLE staff_terms (
      id INT NOT NULL AUTO_INCREMENT,
      staff_id INT NOT NULL,
      effective_on DATE NOT NULL,
      roles VARCHAR(200) NOT NULL,
      base_wage_fen INT NOT NULL,
      recorded_by INT NULL,
      recorded_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      KEY ix_staff_terms_staff (staff_id, effective_on, id),
      CONSTRAINT fk_staff_terms_staff FOREIGN KEY (staff_id) REFERENCES staff (id)
    ) ${table}`);
    await q.query(`INSERT INTO staff_terms (staff_id, effective_on, roles, base_wage_fen, recorded_by, recorded_at)
      SELECT s.id, s.employed_from, COALESCE(GROUP_CONCAT(r.role ORDER BY r.role SEPARATOR ','), ''), s.base_wage_fen, NULL, s.created_at
      FROM staff s LEFT JOIN staff_role r ON r.staff_id = s.id GROUP BY s.id, s.employed_from, s.base_wage_fen, s.created_at`);
    await q.query(`ALTER TABLE scoresheet_row
      ADD COLUMN base_wage_fen INT NOT NULL DEFAULT 0,
      ADD COLUMN day_wage_fen INT NOT NULL DEFAULT 0,
      ADD COLUMN postage_fen INT NOT NULL DEFAULT 0,
      ADD COLUMN supervisor_bonus_fen INT NOT NULL DEFAULT 0,
      ADD COLUMN supervisor_charge_fen INT NOT NULL DEFAULT 0,
      ADD COLUMN corrections_fen INT NOT NULL DEFAULT 0,
      ADD COLUMN pay_fen INT NOT NULL DEFAULT 0,
      ADD COLUMN days_employed INT NOT NULL DEFAULT 0,
      ADD COLUMN days_in_month INT NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE ledger_entry
      ADD COLUMN corrects_entry_id INT NULL,
      ADD COLUMN fund_fen INT NULL,
      ADD CONSTRAINT fk_ledger_entry_corrects FOREIGN KEY (corrects_entry_id) REFERENCES ledger_entry (id)`);
    await q.query(`ALTER TABLE scoring_month
      ADD COLUMN reopened_at DATETIME(3) NULL,
      ADD COLUMN reopened_by INT NULL,
      ADD COLUMN reopen_reason VARCHAR(1000) NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE scoring_month DROP COLUMN reopened_at, DROP COLUMN reopened_by, DROP COLUMN reopen_reason');
    await q.query('ALTER TABLE ledger_entry DROP FOREIGN KEY fk_ledger_entry_corrects');
    await q.query('ALTER TABLE ledger_entry DROP COLUMN corrects_entry_id, DROP COLUMN fund_fen');
    await q.query(`ALTER TABLE scoresheet_row DROP COLUMN base_wage_fen, DROP COLUMN day_wage_fen, DROP COLUMN postage_fen,
      DROP COLUMN supervisor_bonus_fen, DROP COLUMN supervisor_charge_fen, DROP COLUMN corrections_fen, DROP COLUMN pay_fen,
      DROP COLUMN days_employed, DROP COLUMN days_in_month`);
    await q.query('DROP TABLE staff_terms');
    await q.query('ALTER TABLE staff DROP COLUMN employed_from, DROP COLUMN employed_until');
  }
}
