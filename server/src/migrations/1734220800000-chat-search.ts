import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SEARCH_MARK_SETTING, SEARCH_TABLE, availableSearchEngine, searchTableStatements } from '../modules/chat/chat.search.index.ts';

/**
 * Issue 11: the full-text index of chat messages (docs/chat.md "History search"). Made only
 * where the database has an engine for it (Mroonga on MariaDB, ngram on MySQL 8); elsewhere
 * nothing is made and the search scans with LIKE. The index is filled from the messages by
 * the server (its mark starts at 0), not here: a migration must stay short on a big table.
 */
export class ChatSearch1734220800000 implements MigrationInterface {
  name = 'ChatSearch1734220800000';

  async up(q: QueryRunner): Promise<void> {
    const engine = await availableSearchEngine(q);
    if (!engine) return;
    for (const statement of searchTableStatements(engine)) await q.query(statement);
    await q.query(`DELETE FROM setting WHERE setting_key = '${SEARCH_MARK_SETTING}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS ${SEARCH_TABLE}`);
    await q.query(`DELETE FROM setting WHERE setting_key = '${SEARCH_MARK_SETTING}'`);
  }
}
