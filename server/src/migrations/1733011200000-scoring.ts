import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 4: the reward and penalty ledger, appeals, the monthly scoresheet, the activity
 * fund and notifications. Money in fen (INT), times DATETIME(3) in UTC.
 */
export class Scoring1733011200000 implements MigrationInterface {
  name = 'Scoring1733011200000';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    // Entries are never edited in what they say; only a proposal's status moves once
    // (proposed → confirmed | dismissed). dedupe_key is set for detector proposals only
    // (rule + person + evidence), NULL for manual entries (NULLs never collide).
    await q.query(`CREATE TABLE ledger_entry (
      id INT NOT NULL AUTO_INCREMENT,
      staff_id INT NOT NULL,
      rule VARCHAR(8) NOT NULL,
      occurred_at DATETIME(3) NOT NULL,
      month CHAR(7) NOT NULL,
      points INT NULL,
      amount_fen INT NULL,
      evidence TEXT NULL,
      note VARCHAR(1000) NULL,
      status VARCHAR(16) NOT NULL,
      source VARCHAR(64) NOT NULL,
      dedupe_key CHAR(64) NULL,
      created_by INT NULL,
      created_at DATETIME(3) NOT NULL,
      decided_by INT NULL,
      decided_at DATETIME(3) NULL,
      decision_reason VARCHAR(1000) NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_ledger_entry_dedupe (dedupe_key),
      KEY ix_ledger_entry_month (month, status, occurred_at, id),
      KEY ix_ledger_entry_staff (staff_id, month),
      CONSTRAINT fk_ledger_entry_staff FOREIGN KEY (staff_id) REFERENCES staff (id)
    ) ${table}`);
    await q.query(`CREATE TABLE ledger_revocation (
      id INT NOT NULL AUTO_INCREMENT,
      entry_id INT NOT NULL,
      reason VARCHAR(1000) NOT NULL,
      revoked_by INT NOT NULL,
      revoked_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_ledger_revocation_entry (entry_id),
      CONSTRAINT fk_ledger_revocation_entry FOREIGN KEY (entry_id) REFERENCES ledger_entry (id)
    ) ${table}`);
    await q.query(`CREATE TABLE ledger_appeal (
      id INT NOT NULL AUTO_INCREMENT,
      entry_id INT NOT NULL,
      staff_id INT NOT NULL,
      reason VARCHAR(1000) NOT NULL,
      status VARCHAR(16) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      decided_by INT NULL,
      decided_at DATETIME(3) NULL,
      decision_reason VARCHAR(1000) NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_ledger_appeal_entry (entry_id),
      KEY ix_ledger_appeal_status (status, created_at),
      CONSTRAINT fk_ledger_appeal_entry FOREIGN KEY (entry_id) REFERENCES ledger_entry (id)
    ) ${table}`);
    await q.query(`CREATE TABLE ledger_appeal_message (
      id INT NOT NULL AUTO_INCREMENT,
      appeal_id INT NOT NULL,
      author_id INT NOT NULL,
      kind VARCHAR(16) NOT NULL,
      text VARCHAR(1000) NOT NULL,
      at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      KEY ix_ledger_appeal_message_appeal (appeal_id, id),
      CONSTRAINT fk_ledger_appeal_message_appeal FOREIGN KEY (appeal_id) REFERENCES ledger_appeal (id)
    ) ${table}`);
    // One row per month that has any ledger activity or a scoresheet. Every ledger write
    // locks it (SELECT … FOR UPDATE) and bumps ledger_version, so a settlement and a write
    // to the same month never interleave and a stale draft is recognised.
    await q.query(`CREATE TABLE scoring_month (
      month CHAR(7) NOT NULL,
      status VARCHAR(16) NOT NULL DEFAULT 'none',
      version INT NOT NULL DEFAULT 1,
      ledger_version INT NOT NULL DEFAULT 0,
      settled_ledger_version INT NULL,
      activity_fund_fen INT NOT NULL DEFAULT 0,
      settled_at DATETIME(3) NULL,
      settled_by INT NULL,
      submitted_at DATETIME(3) NULL,
      submitted_by INT NULL,
      approved_at DATETIME(3) NULL,
      approved_by INT NULL,
      returned_at DATETIME(3) NULL,
      returned_by INT NULL,
      return_reason VARCHAR(1000) NULL,
      PRIMARY KEY (month)
    ) ${table}`);
    await q.query(`CREATE TABLE scoresheet_row (
      month CHAR(7) NOT NULL,
      staff_id INT NOT NULL,
      score INT NOT NULL,
      point_deduction_fen INT NOT NULL,
      fines_fen INT NOT NULL,
      attendance_bonus_fen INT NOT NULL,
      performance_bonus_fen INT NOT NULL,
      reward_fen INT NOT NULL,
      supervisor_adjustment_fen INT NOT NULL,
      net_fen INT NOT NULL,
      dismissal TINYINT(1) NOT NULL,
      dismissal_review TINYINT(1) NOT NULL,
      entries INT NOT NULL,
      PRIMARY KEY (month, staff_id),
      CONSTRAINT fk_scoresheet_row_staff FOREIGN KEY (staff_id) REFERENCES staff (id)
    ) ${table}`);
    // Inflows: one per approved month (month UNIQUE). Outflows: month NULL, with a purpose.
    await q.query(`CREATE TABLE activity_fund (
      id INT NOT NULL AUTO_INCREMENT,
      kind VARCHAR(8) NOT NULL,
      month CHAR(7) NULL,
      amount_fen INT NOT NULL,
      occurred_at DATETIME(3) NOT NULL,
      purpose VARCHAR(500) NULL,
      created_by INT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_activity_fund_month (month)
    ) ${table}`);
    await q.query(`CREATE TABLE notification (
      id BIGINT NOT NULL AUTO_INCREMENT,
      staff_id INT NOT NULL,
      kind VARCHAR(32) NOT NULL,
      payload TEXT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      read_at DATETIME(3) NULL,
      PRIMARY KEY (id),
      KEY ix_notification_staff (staff_id, id),
      CONSTRAINT fk_notification_staff FOREIGN KEY (staff_id) REFERENCES staff (id)
    ) ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['notification', 'activity_fund', 'scoresheet_row', 'scoring_month', 'ledger_appeal_message', 'ledger_appeal', 'ledger_revocation', 'ledger_entry']) {
      await q.query(`DROP TABLE ${name}`);
    }
  }
}
