import type { QueryRunner } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { migrations } from './index.ts';

/**
 * Every statement of every migration, collected by a query runner that only records (the
 * real run against MariaDB is in every integration test's set-up).
 */
async function statementsOf(direction: 'up' | 'down'): Promise<string[]> {
  const sql: string[] = [];
  const recorder = { query: async (text: string) => void sql.push(text) } as unknown as QueryRunner;
  for (const Migration of migrations) await new Migration()[direction](recorder);
  return sql;
}

// Syntax only one of the two engines accepts (MariaDB is what the tests run; MySQL 8 is
// what people may point DATABASE_URL at): generated columns must say STORED or VIRTUAL,
// which both accept, not MariaDB's PERSISTENT.
const MARIADB_ONLY = [/\bPERSISTENT\b/i, /\bIF NOT EXISTS\b.*\bADD COLUMN\b/i, /\bCREATE OR REPLACE TABLE\b/i, /\bENGINE\s*=\s*(Aria|Mroonga)\b/i];

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
});
