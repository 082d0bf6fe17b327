import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (attendance, docs/attendance.md): clock events (打卡) with their IP, correction
 * requests (签卡) for a missing clock, and requests for permission to go offline or
 * invisible during a shift; the presence columns grow to hold `invisible`; the shift
 * reminders sent (one per person and shift start, so a job run twice reminds once).
 */
export class Attendance1734134400000 implements MigrationInterface {
  name = 'Attendance1734134400000';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query('ALTER TABLE agent_presence MODIFY status VARCHAR(16) NOT NULL, MODIFY chosen VARCHAR(16) NOT NULL');
    await q.query('ALTER TABLE agent_presence_log MODIFY status VARCHAR(16) NOT NULL, MODIFY prev_status VARCHAR(16) NULL');
    await q.query(`CREATE TABLE attendance_clock (
      id INT NOT NULL AUTO_INCREMENT,
      staff_id INT NOT NULL,
      kind VARCHAR(8) NOT NULL,
      at DATETIME(3) NOT NULL,
      ip VARCHAR(64) NOT NULL,
      by_staff_id INT NOT NULL,
      PRIMARY KEY (id),
      KEY ix_attendance_clock_staff (staff_id, at),
      KEY ix_attendance_clock_at (at),
      CONSTRAINT fk_attendance_clock_staff FOREIGN KEY (staff_id) REFERENCES staff (id)
    ) ${table}`);
    await q.query(`CREATE TABLE attendance_correction (
      id INT NOT NULL AUTO_INCREMENT,
      staff_id INT NOT NULL,
      shift_day DATE NOT NULL,
      kind VARCHAR(8) NOT NULL,
      shift_start DATETIME(3) NOT NULL,
      shift_end DATETIME(3) NOT NULL,
      claimed_at DATETIME(3) NOT NULL,
      reason VARCHAR(500) NOT NULL,
      status VARCHAR(10) NOT NULL,
      requested_at DATETIME(3) NOT NULL,
      decided_by INT NULL,
      decided_at DATETIME(3) NULL,
      decision_note VARCHAR(500) NULL,
      version INT NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      UNIQUE KEY uq_attendance_correction (staff_id, shift_day, kind),
      KEY ix_attendance_correction_status (status, requested_at),
      KEY ix_attendance_correction_shift (shift_start),
      CONSTRAINT fk_attendance_correction_staff FOREIGN KEY (staff_id) REFERENCES staff (id)
    ) ${table}`);
    await q.query(`CREATE TABLE presence_permission (
      id INT NOT NULL AUTO_INCREMENT,
      staff_id INT NOT NULL,
      status VARCHAR(16) NOT NULL,
      from_at DATETIME(3) NOT NULL,
      until_at DATETIME(3) NOT NULL,
      reason VARCHAR(500) NOT NULL,
      state VARCHAR(10) NOT NULL,
      requested_at DATETIME(3) NOT NULL,
      decided_by INT NULL,
      decided_at DATETIME(3) NULL,
      decision_note VARCHAR(500) NULL,
      version INT NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      KEY ix_presence_permission_staff (staff_id, from_at),
      KEY ix_presence_permission_state (state, requested_at),
      CONSTRAINT fk_presence_permission_staff FOREIGN KEY (staff_id) REFERENCES staff (id)
    ) ${table}`);
    await q.query(`CREATE TABLE attendance_reminder (
      staff_id INT NOT NULL,
      shift_start DATETIME(3) NOT NULL,
      sent_at DATETIME(3) NOT NULL,
      PRIMARY KEY (staff_id, shift_start)
    ) ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['attendance_reminder', 'presence_permission', 'attendance_correction', 'attendance_clock']) await q.query(`DROP TABLE ${name}`);
    await q.query(`UPDATE agent_presence SET status = 'offline' WHERE status = 'invisible'`);
    await q.query(`UPDATE agent_presence SET chosen = 'online' WHERE chosen = 'invisible'`);
    await q.query(`DELETE FROM agent_presence_log WHERE status = 'invisible' OR prev_status = 'invisible'`);
    await q.query('ALTER TABLE agent_presence_log MODIFY status VARCHAR(8) NOT NULL, MODIFY prev_status VARCHAR(8) NULL');
    await q.query('ALTER TABLE agent_presence MODIFY status VARCHAR(8) NOT NULL, MODIFY chosen VARCHAR(8) NOT NULL');
  }
}
