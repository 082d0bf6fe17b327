import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: an order number a buyer types that the order registry does not know is flagged
 * to the agent on that message. One row per (message, number) not found; numbers found are
 * not stored (the side panel has the buyer's orders).
 */
export class ChatOrderMentions1734998400000 implements MigrationInterface {
  name = 'ChatOrderMentions1734998400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE chat_unknown_order (
      conversation_id INT NOT NULL,
      seq INT NOT NULL,
      order_no VARCHAR(32) NOT NULL,
      checked_at DATETIME(3) NOT NULL,
      PRIMARY KEY (conversation_id, seq, order_no),
      CONSTRAINT fk_chat_unknown_order_conversation FOREIGN KEY (conversation_id) REFERENCES chat_conversation (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE chat_unknown_order');
  }
}
