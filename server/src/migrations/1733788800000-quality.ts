import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15: service quality. Buyers' ratings of closed chats (one per conversation: the
 * unique key refuses a second answer, also when two arrive at once), the call-backs a
 * rating of 1–2 opens, and indexes that let the KPIs be SQL aggregates over a date range
 * without reading the rows themselves (docs/kpis.md).
 */
export class Quality1733788800000 implements MigrationInterface {
  name = 'Quality1733788800000';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query(`CREATE TABLE chat_rating (
      id INT NOT NULL AUTO_INCREMENT,
      conversation_id INT NOT NULL,
      buyer_id VARCHAR(64) NOT NULL,
      staff_id INT NULL,
      score TINYINT NOT NULL,
      comment VARCHAR(500) NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_chat_rating_conversation (conversation_id),
      KEY ix_chat_rating_created (created_at, staff_id, score),
      CONSTRAINT fk_chat_rating_conversation FOREIGN KEY (conversation_id) REFERENCES chat_conversation (id)
    ) ${table}`);
    await q.query(`CREATE TABLE quality_callback (
      id INT NOT NULL AUTO_INCREMENT,
      conversation_id INT NOT NULL,
      rating_id INT NOT NULL,
      buyer_id VARCHAR(64) NOT NULL,
      staff_id INT NULL,
      status VARCHAR(8) NOT NULL,
      answer VARCHAR(1000) NULL,
      done_by INT NULL,
      done_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL,
      version INT NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      UNIQUE KEY uq_quality_callback_rating (rating_id),
      KEY ix_quality_callback_status (status, created_at),
      CONSTRAINT fk_quality_callback_rating FOREIGN KEY (rating_id) REFERENCES chat_rating (id)
    ) ${table}`);
    // Covering indexes for the KPI aggregates: a range of created_at read from the index alone.
    await q.query('ALTER TABLE chat_message ADD KEY ix_chat_message_kpi (created_at, sender, answered_by, staff_id, answered_at)');
    await q.query('ALTER TABLE chat_conversation ADD KEY ix_chat_conversation_first_ask (first_buyer_message_at, first_response_by, agent_id, buyer_id, first_response_at)');
    await q.query('ALTER TABLE shop_order ADD KEY ix_shop_order_buyer_paid (buyer_id, paid_at, total_fen)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE shop_order DROP KEY ix_shop_order_buyer_paid');
    await q.query('ALTER TABLE chat_conversation DROP KEY ix_chat_conversation_first_ask');
    await q.query('ALTER TABLE chat_message DROP KEY ix_chat_message_kpi');
    await q.query('DROP TABLE quality_callback');
    await q.query('DROP TABLE chat_rating');
  }
}
