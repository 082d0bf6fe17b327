import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15: the complaints registry (客户投诉) and each complaint's history (registered,
 * handed over with a note, resolved, called back) with who and when. `version` guards
 * every move; the list sorts open complaints by deadline. Also an index for the KPIs'
 * questions still waiting (buyer, not answered, created in a range), added after
 * 1733788800000 was merged.
 */
export class Complaints1733788800001 implements MigrationInterface {
  name = 'Complaints1733788800001';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query('ALTER TABLE chat_message ADD KEY ix_chat_message_waiting (sender, answered_at, created_at, conversation_id)');
    await q.query(`CREATE TABLE complaint (
      id INT NOT NULL AUTO_INCREMENT,
      source VARCHAR(8) NOT NULL,
      conversation_id INT NULL,
      buyer_id VARCHAR(64) NOT NULL,
      order_no VARCHAR(32) NULL,
      staff_id INT NULL,
      category VARCHAR(16) NOT NULL,
      severity VARCHAR(8) NOT NULL,
      handler_id INT NOT NULL,
      status VARCHAR(8) NOT NULL,
      description VARCHAR(2000) NOT NULL,
      review_text VARCHAR(2000) NULL,
      review_link VARCHAR(500) NULL,
      investigation VARCHAR(2000) NULL,
      resolution VARCHAR(2000) NULL,
      verified TINYINT(1) NULL,
      callback_answer VARCHAR(1000) NULL,
      callback_satisfied TINYINT(1) NULL,
      deadline_at DATETIME(3) NOT NULL,
      created_by INT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      resolved_at DATETIME(3) NULL,
      closed_at DATETIME(3) NULL,
      version INT NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      KEY ix_complaint_status_deadline (status, deadline_at),
      KEY ix_complaint_resolved (resolved_at, verified, staff_id),
      KEY ix_complaint_created (created_at, source, staff_id),
      CONSTRAINT fk_complaint_staff FOREIGN KEY (staff_id) REFERENCES staff (id),
      CONSTRAINT fk_complaint_handler FOREIGN KEY (handler_id) REFERENCES staff (id)
    ) ${table}`);
    await q.query(`CREATE TABLE complaint_event (
      id INT NOT NULL AUTO_INCREMENT,
      complaint_id INT NOT NULL,
      kind VARCHAR(16) NOT NULL,
      by_staff_id INT NOT NULL,
      to_staff_id INT NULL,
      note VARCHAR(1000) NULL,
      at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      KEY ix_complaint_event_complaint (complaint_id, id),
      CONSTRAINT fk_complaint_event_complaint FOREIGN KEY (complaint_id) REFERENCES complaint (id)
    ) ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE complaint_event');
    await q.query('DROP TABLE complaint');
    await q.query('ALTER TABLE chat_message DROP KEY ix_chat_message_waiting');
  }
}
