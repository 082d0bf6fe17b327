import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: the duty roster (值班表), its daily duty rota (值日表), the holiday calendar,
 * swaps (换班) and leave (请假); docs/roster.md.
 * - shift_template: the rulebook's shifts, each with one or more segments
 *   ("09:00-11:30,12:30-18:30", shop wall clock); the supervisor edits them.
 * - roster_month: a month's roster, draft or published, guarded by its version.
 * - roster_assignment: one person on one shop day → a template, in a role; swap_id names
 *   the approved swap that put them there. One shift per person per day (unique key).
 * - roster_duty: who is on the daily duty rota (值日) that day.
 * - holiday: the public holidays the supervisor keeps.
 * - roster_swap, leave_request: asked, accepted, decided, with who and when. A leave asked
 *   against the rules is kept as void with its reason (its absence is G04).
 */
export class Roster1734048000000 implements MigrationInterface {
  name = 'Roster1734048000000';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query(`CREATE TABLE shift_template (
      id INT NOT NULL AUTO_INCREMENT,
      code VARCHAR(32) NOT NULL,
      shift_group VARCHAR(16) NOT NULL,
      kind VARCHAR(8) NOT NULL,
      name_zh VARCHAR(40) NOT NULL,
      name_en VARCHAR(40) NOT NULL,
      segments VARCHAR(200) NOT NULL,
      version INT NOT NULL DEFAULT 1,
      updated_by INT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_shift_template_code (code)
    ) ${table}`);
    await q.query(`INSERT INTO shift_template (code, shift_group, kind, name_zh, name_en, segments, updated_at) VALUES
      ('service-early', 'service', 'early', '客服早班', 'Service early', '09:00-11:30,12:30-18:30', UTC_TIMESTAMP(3)),
      ('service-late', 'service', 'late', '客服晚班', 'Service late', '13:00-17:30,18:30-23:30', UTC_TIMESTAMP(3)),
      ('printing-early', 'printing', 'early', '打单早班', 'Printing early', '09:00-11:30,12:30-18:30', UTC_TIMESTAMP(3))`);
    await q.query(`CREATE TABLE holiday (
      day DATE NOT NULL,
      name VARCHAR(60) NOT NULL,
      created_by INT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (day)
    ) ${table}`);
    await q.query(`CREATE TABLE roster_month (
      month CHAR(7) NOT NULL,
      status VARCHAR(12) NOT NULL,
      version INT NOT NULL DEFAULT 1,
      published_at DATETIME(3) NULL,
      published_by INT NULL,
      updated_by INT NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (month)
    ) ${table}`);
    await q.query(`CREATE TABLE roster_assignment (
      id INT NOT NULL AUTO_INCREMENT,
      month CHAR(7) NOT NULL,
      day DATE NOT NULL,
      staff_id INT NOT NULL,
      role VARCHAR(16) NOT NULL,
      template_id INT NOT NULL,
      swap_id INT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_roster_assignment_staff_day (staff_id, day),
      KEY ix_roster_assignment_day (day, template_id),
      KEY ix_roster_assignment_month (month, staff_id),
      CONSTRAINT fk_roster_assignment_staff FOREIGN KEY (staff_id) REFERENCES staff (id),
      CONSTRAINT fk_roster_assignment_template FOREIGN KEY (template_id) REFERENCES shift_template (id)
    ) ${table}`);
    await q.query(`CREATE TABLE roster_duty (
      day DATE NOT NULL,
      month CHAR(7) NOT NULL,
      staff_id INT NOT NULL,
      PRIMARY KEY (day),
      KEY ix_roster_duty_month (month),
      CONSTRAINT fk_roster_duty_staff FOREIGN KEY (staff_id) REFERENCES staff (id)
    ) ${table}`);
    await q.query(`CREATE TABLE roster_swap (
      id INT NOT NULL AUTO_INCREMENT,
      month CHAR(7) NOT NULL,
      requester_id INT NOT NULL,
      requester_day DATE NOT NULL,
      colleague_id INT NOT NULL,
      colleague_day DATE NOT NULL,
      note VARCHAR(500) NOT NULL,
      status VARCHAR(12) NOT NULL,
      asked_at DATETIME(3) NOT NULL,
      accepted_at DATETIME(3) NULL,
      decided_by INT NULL,
      decided_at DATETIME(3) NULL,
      decision_note VARCHAR(500) NULL,
      version INT NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      KEY ix_roster_swap_requester (requester_id, month, status),
      KEY ix_roster_swap_colleague (colleague_id, status),
      KEY ix_roster_swap_decided (status, decided_at),
      CONSTRAINT fk_roster_swap_requester FOREIGN KEY (requester_id) REFERENCES staff (id),
      CONSTRAINT fk_roster_swap_colleague FOREIGN KEY (colleague_id) REFERENCES staff (id)
    ) ${table}`);
    await q.query(`CREATE TABLE leave_request (
      id INT NOT NULL AUTO_INCREMENT,
      staff_id INT NOT NULL,
      day DATE NOT NULL,
      kind VARCHAR(12) NOT NULL,
      reason VARCHAR(500) NOT NULL,
      supervisor_id INT NOT NULL,
      status VARCHAR(12) NOT NULL,
      void_reason VARCHAR(32) NULL,
      shift_start DATETIME(3) NOT NULL,
      asked_at DATETIME(3) NOT NULL,
      decided_by INT NULL,
      decided_at DATETIME(3) NULL,
      decision_note VARCHAR(500) NULL,
      version INT NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      KEY ix_leave_request_staff_day (staff_id, day),
      KEY ix_leave_request_status (status, shift_start),
      CONSTRAINT fk_leave_request_staff FOREIGN KEY (staff_id) REFERENCES staff (id),
      CONSTRAINT fk_leave_request_supervisor FOREIGN KEY (supervisor_id) REFERENCES staff (id)
    ) ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['leave_request', 'roster_swap', 'roster_duty', 'roster_assignment', 'roster_month', 'holiday', 'shift_template']) await q.query(`DROP TABLE ${name}`);
  }
}
