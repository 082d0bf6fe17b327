import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11, history search with a date range at scale (docs/chat.md "History search"): for
 * each UTC hour, the lowest and highest id of the messages created in it. A search between
 * two dates reads the id range they reach from here, so the full-text index and the LIKE
 * window look only there. Message ids do not follow creation times (the demo's history and
 * any import are written out of order; two processes' batches interleave), so an id range
 * read from `created_at` alone could miss a message; one summed over whole hours cannot.
 * The search index's refresh keeps it, up to the same mark as the index
 * (`chat.search_indexed_upto`, chat.search.index.ts); here it is filled for the messages
 * already below that mark.
 */
export class ChatMessageHours1735862400000 implements MigrationInterface {
  name = 'ChatMessageHours1735862400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE chat_message_hour (
      hour_start DATETIME NOT NULL,
      min_id BIGINT NOT NULL,
      max_id BIGINT NOT NULL,
      PRIMARY KEY (hour_start)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(
      `INSERT INTO chat_message_hour (hour_start, min_id, max_id)
       SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:00:00'), MIN(id), MAX(id) FROM chat_message
       WHERE id <= (SELECT COALESCE(MAX(CAST(value AS UNSIGNED)), 0) FROM setting WHERE setting_key = 'chat.search_indexed_upto')
       GROUP BY DATE_FORMAT(created_at, '%Y-%m-%d %H:00:00')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE chat_message_hour');
  }
}
