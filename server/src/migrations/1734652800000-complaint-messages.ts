import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, the complaints console: the chat messages attached to a complaint registered
 * from a conversation (a copy of each excerpt as it was, with the message's seq for the
 * deep link), and when the overdue notice went out (the overdue job sends it once).
 */
export class ComplaintMessages1734652800000 implements MigrationInterface {
  name = 'ComplaintMessages1734652800000';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query('ALTER TABLE complaint ADD COLUMN overdue_notified_at DATETIME(3) NULL');
    await q.query('ALTER TABLE complaint ADD KEY ix_complaint_handler (handler_id, status)');
    await q.query('ALTER TABLE complaint ADD KEY ix_complaint_buyer (buyer_id, created_at)');
    await q.query(`CREATE TABLE complaint_message (
      complaint_id INT NOT NULL,
      seq INT NOT NULL,
      sender VARCHAR(8) NOT NULL,
      staff_id INT NULL,
      kind VARCHAR(8) NOT NULL,
      excerpt VARCHAR(500) NOT NULL,
      sent_at DATETIME(3) NOT NULL,
      PRIMARY KEY (complaint_id, seq),
      CONSTRAINT fk_complaint_message_complaint FOREIGN KEY (complaint_id) REFERENCES complaint (id)
    ) ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE complaint_message');
    await q.query('ALTER TABLE complaint DROP KEY ix_complaint_buyer');
    await q.query('ALTER TABLE complaint DROP KEY ix_complaint_handler');
    await q.query('ALTER TABLE complaint DROP COLUMN overdue_notified_at');
  }
}
