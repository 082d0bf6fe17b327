import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9: signed notes (红旗备注), a buyer's change and cancellation requests, and the
 * printers' alert channel (订单跟踪). Notes are append-only (a correction is a new note that
 * names the one it corrects). A change or an alert moves on under its `version`; claiming an
 * alert is `UPDATE … WHERE status = 'open' AND version = ?`, so two printers get one winner.
 */
export class OrderNotesChangesAlerts1733443200001 implements MigrationInterface {
  name = 'OrderNotesChangesAlerts1733443200001';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query(`CREATE TABLE order_note (
      id INT NOT NULL AUTO_INCREMENT,
      order_id INT NOT NULL,
      kind VARCHAR(20) NOT NULL,
      text VARCHAR(800) NOT NULL,
      corrects_id INT NULL,
      change_id INT NULL,
      author_id INT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      KEY ix_order_note_order (order_id, id),
      CONSTRAINT fk_order_note_order FOREIGN KEY (order_id) REFERENCES shop_order (id),
      CONSTRAINT fk_order_note_corrects FOREIGN KEY (corrects_id) REFERENCES order_note (id),
      CONSTRAINT fk_order_note_author FOREIGN KEY (author_id) REFERENCES staff (id)
    ) ${table}`);
    // status: awaiting_confirmation (noted, buyer not yet confirmed) → alerted → done (the printer replied).
    await q.query(`CREATE TABLE order_change (
      id INT NOT NULL AUTO_INCREMENT,
      order_id INT NOT NULL,
      order_no VARCHAR(32) NOT NULL,
      buyer_id VARCHAR(64) NOT NULL,
      kind VARCHAR(16) NOT NULL,
      action VARCHAR(24) NOT NULL,
      order_status VARCHAR(16) NOT NULL,
      status VARCHAR(24) NOT NULL,
      details TEXT NOT NULL,
      summary VARCHAR(600) NOT NULL,
      urgent TINYINT(1) NOT NULL DEFAULT 0,
      requested_by INT NOT NULL,
      requested_at DATETIME(3) NOT NULL,
      confirmed_at DATETIME(3) NULL,
      done_at DATETIME(3) NULL,
      version INT NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      KEY ix_order_change_order (order_id, status),
      KEY ix_order_change_status (status, id),
      CONSTRAINT fk_order_change_order FOREIGN KEY (order_id) REFERENCES shop_order (id),
      CONSTRAINT fk_order_change_requested_by FOREIGN KEY (requested_by) REFERENCES staff (id)
    ) ${table}`);
    // audience: who acts on it (printer, aftersale); status open → claimed → done.
    await q.query(`CREATE TABLE order_alert (
      id INT NOT NULL AUTO_INCREMENT,
      order_id INT NOT NULL,
      order_no VARCHAR(32) NOT NULL,
      buyer_id VARCHAR(64) NOT NULL,
      change_id INT NULL,
      audience VARCHAR(16) NOT NULL,
      kind VARCHAR(24) NOT NULL,
      summary VARCHAR(600) NOT NULL,
      note_text VARCHAR(800) NULL,
      urgent TINYINT(1) NOT NULL DEFAULT 0,
      status VARCHAR(16) NOT NULL,
      requested_by INT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      claimed_by INT NULL,
      claimed_at DATETIME(3) NULL,
      done_by INT NULL,
      done_at DATETIME(3) NULL,
      reply VARCHAR(500) NULL,
      escalated_at DATETIME(3) NULL,
      flagged_at DATETIME(3) NULL,
      version INT NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      KEY ix_order_alert_status (status, urgent, id),
      KEY ix_order_alert_order (order_id, status),
      KEY ix_order_alert_change (change_id),
      CONSTRAINT fk_order_alert_order FOREIGN KEY (order_id) REFERENCES shop_order (id),
      CONSTRAINT fk_order_alert_change FOREIGN KEY (change_id) REFERENCES order_change (id),
      CONSTRAINT fk_order_alert_requested_by FOREIGN KEY (requested_by) REFERENCES staff (id),
      CONSTRAINT fk_order_alert_claimed_by FOREIGN KEY (claimed_by) REFERENCES staff (id),
      CONSTRAINT fk_order_alert_done_by FOREIGN KEY (done_by) REFERENCES staff (id)
    ) ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE order_alert');
    await q.query('DROP TABLE order_change');
    await q.query('DROP TABLE order_note');
  }
}
