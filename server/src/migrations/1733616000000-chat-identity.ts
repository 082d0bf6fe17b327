import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: buyer identity. An anonymous visitor (no signed link) gets a fresh visitor id
 * (`~…`, kept in their own cookie) and chats under it; this table keeps the name they gave
 * and, once an agent has checked an order of theirs, the marketplace ID they were linked to
 * (who linked, when, through which order). Times DATETIME(3) in UTC.
 */
export class ChatIdentity1733616000000 implements MigrationInterface {
  name = 'ChatIdentity1733616000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE chat_visitor (
      id VARCHAR(64) NOT NULL,
      display_name VARCHAR(64) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      linked_buyer_id VARCHAR(64) NULL,
      linked_order_no VARCHAR(32) NULL,
      linked_by INT NULL,
      linked_at DATETIME(3) NULL,
      PRIMARY KEY (id),
      KEY ix_chat_visitor_linked (linked_buyer_id),
      CONSTRAINT fk_chat_visitor_linked_by FOREIGN KEY (linked_by) REFERENCES staff (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE chat_visitor');
  }
}
