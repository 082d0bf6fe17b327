import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SEARCH_MARK_SETTING, SEARCH_TABLE, indexedEngine, searchTableStatements } from '../modules/chat/chat.search.index.ts';

/**
 * Issue 11, search at scale (bench/README.md "bench/search"): the Mroonga index gets its
 * second column, `words` (numbers and Latin words, chat.search.index.ts). A Mroonga table
 * made by ChatSearch1734220800000 before this change has no such column: it is dropped and
 * made again with the new DDL, and its mark removed, so the server fills it from the
 * messages as on a first start (searches scan with LIKE above the mark meanwhile, so they
 * miss nothing). A migration stays short on a big table: nothing is copied here. The MySQL 8
 * ngram table and a database without an engine are left as they are.
 */
export class ChatSearchWords1735603200000 implements MigrationInterface {
  name = 'ChatSearchWords1735603200000';

  async up(q: QueryRunner): Promise<void> {
    if ((await indexedEngine(q)) !== 'mroonga' || (await hasWords(q))) return;
    await q.query(`DROP TABLE ${SEARCH_TABLE}`);
    for (const statement of searchTableStatements('mroonga')) await q.query(statement);
    await q.query(`DELETE FROM setting WHERE setting_key = '${SEARCH_MARK_SETTING}'`);
  }

  async down(): Promise<void> {
    // The table with `words` serves the code before this change as well (it reads message_id and body).
  }
}

async function hasWords(q: QueryRunner): Promise<boolean> {
  const rows = ((await q.query(`SELECT 1 AS found FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = 'words'`, [SEARCH_TABLE])) ?? []) as unknown[];
  return rows.length > 0;
}
