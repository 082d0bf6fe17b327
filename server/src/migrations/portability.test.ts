import type { QueryRunner } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { migrations } from './index.ts';

/**
 * Every statement of every migration, collected by a query runner that only records (the
 * real run against MariaDB is in every integration test's set-up).
 */
async function statementsOf(direction: 'up' | 'down', database: Database = 'unknown'): Promise<string[]> {
  const sql: string[] = [];
  const recorder = { query: async (text: string) => (sql.push(text), answer(database, text)) } as unknown as QueryRunner;
  for (const Migration of migrations) await new Migration()[direction](recorder);
  return sql;
}

/** What the engine probes of a migration (chat search, issue 11) hear from each kind of server. */
type Database = 'unknown' | 'mariadb-mroonga' | 'mariadb' | 'mysql8';
function answer(database: Database, sql: string): unknown {
  if (/information_schema\.ENGINES/.test(sql)) return database === 'mariadb-mroonga' ? [{ engine: 'Mroonga' }] : [];
  if (/SELECT VERSION\(\)/.test(sql)) return [{ v: database === 'mysql8' ? '8.0.39' : '10.11.19-MariaDB' }];
  return undefined;
}

// Syntax only one of the two engines accepts (MariaDB is what the tests run; MySQL 8 is
// what people may point DATABASE_URL at): generated columns must say STORED or VIRTUAL,
// which both accept, not MariaDB's own synonym for STORED (PERSIST + ENT).
const MARIADB_ONLY = [/\bPERSIST(?:ENT)\b/i, /\bIF NOT EXISTS\b.*\bADD COLUMN\b/i, /\bCREATE OR REPLACE TABLE\b/i, /\bENGINE\s*=\s*(Aria|Mroonga)\b/i];

describe('migrations are SQL that MariaDB and MySQL 8 both accept', () => {
  it.each(['up', 'down'] as const)('%s uses no MariaDB-only syntax', async (direction) => {
    const statements = await statementsOf(direction);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) for (const pattern of MARIADB_ONLY) expect(statement).not.toMatch(pattern);
  });

  it('generated columns are STORED, the keyword both engines share', async () => {
    const generated = (await statementsOf('up')).flatMap((statement) => statement.match(/\bAS \(.*\)\s+\w+/g) ?? []);
    expect(generated.length).toBeGreaterThan(0);
    for (const column of generated) expect(column).toMatch(/\)\s+STORED$/);
  });

  it('the chat search index is Mroonga only where MariaDB has it, ngram on MySQL 8, nothing elsewhere', async () => {
    const mysql = await statementsOf('up', 'mysql8');
    for (const statement of mysql) for (const pattern of MARIADB_ONLY) expect(statement).not.toMatch(pattern);
    expect(mysql.some((statement) => /CREATE TABLE IF NOT EXISTS chat_message_text[\s\S]*WITH PARSER ngram/.test(statement))).toBe(true);
    const mroonga = (await statementsOf('up', 'mariadb-mroonga')).filter((statement) => /ENGINE\s*=\s*Mroonga/i.test(statement));
    expect(mroonga).toHaveLength(1);
    expect(mroonga[0]).toMatch(/CREATE TABLE IF NOT EXISTS chat_message_text/);
    // Numbers and Latin words have their own column and index (bench/search at 10 M); MySQL 8's table has neither.
    expect(mroonga[0]).toMatch(/words MEDIUMTEXT AS \(REGEXP_REPLACE\([\s\S]*\) STORED/);
    expect(mroonga[0]).toMatch(/FULLTEXT INDEX ft_chat_message_words \(words\) COMMENT 'tokenizer "TokenDelimit"/);
    expect(mysql.some((statement) => /\bwords\b/.test(statement))).toBe(false);
    const plain = await statementsOf('up', 'mariadb');
    expect(plain.some((statement) => /chat_message_text/.test(statement))).toBe(false);
  });
});
