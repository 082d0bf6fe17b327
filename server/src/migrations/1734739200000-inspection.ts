import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15: quality inspections (质检). One inspection per conversation (the unique key
 * makes "inspect this chat" idempotent and keeps a chat from being scored twice), its
 * checklist marks as JSON text, the score and grade computed by shared/domain/inspection,
 * draft → published guarded by `version`; the agent's and the supervisor's replies; the
 * ledger entry it was turned into (`ledger_claimed_at` claims the turning first, so two
 * supervisors clicking at once make one entry). `conversation_at` copies the chat's opening time so the
 * KPI page reads an agent's inspections of a range from one index.
 */
export class Inspection1734739200000 implements MigrationInterface {
  name = 'Inspection1734739200000';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query(`CREATE TABLE inspection (
      id INT NOT NULL AUTO_INCREMENT,
      conversation_id INT NOT NULL,
      conversation_at DATETIME(3) NOT NULL,
      staff_id INT NOT NULL,
      inspector_id INT NOT NULL,
      status VARCHAR(12) NOT NULL,
      items TEXT NOT NULL,
      summary VARCHAR(2000) NULL,
      score INT NULL,
      grade VARCHAR(1) NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      published_at DATETIME(3) NULL,
      ledger_claimed_at DATETIME(3) NULL,
      ledger_entry_id INT NULL,
      version INT NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      UNIQUE KEY uq_inspection_conversation (conversation_id),
      KEY ix_inspection_kpi (status, conversation_at, staff_id, score),
      KEY ix_inspection_staff (staff_id, status, published_at),
      CONSTRAINT fk_inspection_conversation FOREIGN KEY (conversation_id) REFERENCES chat_conversation (id),
      CONSTRAINT fk_inspection_staff FOREIGN KEY (staff_id) REFERENCES staff (id),
      CONSTRAINT fk_inspection_inspector FOREIGN KEY (inspector_id) REFERENCES staff (id),
      CONSTRAINT fk_inspection_ledger_entry FOREIGN KEY (ledger_entry_id) REFERENCES ledger_entry (id)
    ) ${table}`);
    await q.query(`CREATE TABLE inspection_reply (
      id INT NOT NULL AUTO_INCREMENT,
      inspection_id INT NOT NULL,
      author_id INT NOT NULL,
      body VARCHAR(2000) NOT NULL,
      at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      KEY ix_inspection_reply_inspection (inspection_id, id),
      CONSTRAINT fk_inspection_reply_inspection FOREIGN KEY (inspection_id) REFERENCES inspection (id),
      CONSTRAINT fk_inspection_reply_author FOREIGN KEY (author_id) REFERENCES staff (id)
    ) ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE inspection_reply');
    await q.query('DROP TABLE inspection');
  }
}
