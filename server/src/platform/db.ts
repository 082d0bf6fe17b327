import { DataSource, type EntityManager } from 'typeorm';
import mysql from 'mysql2/promise';
import type { Config } from './config.ts';
import { entities } from './entities.ts';
import { migrations } from '../migrations/index.ts';

/**
 * The console's MySQL/MariaDB connection. Times are read and written as UTC ('Z'):
 * the shop's zone is only used to decide days and months and to display (STYLE.md habit 10).
 */
export function createDataSource(config: Pick<Config, 'databaseUrl'>, options: { poolSize?: number } = {}): DataSource {
  const url = new URL(config.databaseUrl);
  return new DataSource({
    type: 'mysql',
    host: url.hostname,
    port: Number(url.port || 3306),
    username: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1),
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    poolSize: options.poolSize ?? 10,
    supportBigNumbers: true,
    bigNumberStrings: false,
    dateStrings: false,
  });
}

/** Runs one statement on the server of a database URL, outside any database (to create or drop it). */
async function onServer(databaseUrl: string, sql: (name: string) => string): Promise<void> {
  const url = new URL(databaseUrl);
  const connection = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
  });
  try {
    await connection.query(sql(url.pathname.slice(1)));
  } finally {
    await connection.end();
  }
}

/** Creates the database named by the URL if it is missing (a fresh machine has none). */
export function ensureDatabase(databaseUrl: string): Promise<void> {
  return onServer(databaseUrl, (name) => `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
}

/** Drops a database; tests drop only the ones they created. */
export function dropDatabase(databaseUrl: string): Promise<void> {
  return onServer(databaseUrl, (name) => `DROP DATABASE IF EXISTS \`${name}\``);
}

/**
 * Runs the pending migrations under a named lock, so two processes starting together
 * (two servers, or a server and `npm start`'s set-up) never migrate at once.
 */
export async function migrate(db: DataSource): Promise<void> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    const [row] = (await runner.query(`SELECT GET_LOCK('kefu_migrate', 60) AS got`)) as Array<{ got: number }>;
    if (row?.got !== 1) throw new Error('could not take the migration lock within 60 s');
    try {
      await db.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query(`SELECT RELEASE_LOCK('kefu_migrate')`);
    }
  } finally {
    await runner.release();
  }
}

export type Tx = EntityManager;

/** Affected rows of a raw UPDATE/DELETE through TypeORM's mysql driver. */
export function affectedRows(result: unknown): number {
  if (Array.isArray(result)) return affectedRows(result[1] ?? result[0]);
  if (result && typeof result === 'object' && 'affectedRows' in result) return Number((result as { affectedRows: number }).affectedRows);
  if (typeof result === 'number') return result;
  return 0;
}

function driverCode(err: unknown): string | undefined {
  const e = err as { code?: string; driverError?: { code?: string } } | null;
  return e?.code ?? e?.driverError?.code;
}

/** A unique key refused the row (a retry of something already stored, or a taken name). */
export function isDuplicateKey(err: unknown): boolean {
  return driverCode(err) === 'ER_DUP_ENTRY';
}

/** InnoDB gave up on a lock; the whole transaction may simply be run again. */
export function isRetryableLock(err: unknown): boolean {
  const code = driverCode(err);
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT';
}

/** The connection to the database broke (killed, reset, the server went away): nothing after the break was committed by it. */
export function isConnectionLost(err: unknown): boolean {
  const code = driverCode(err) ?? (err as { errno?: string } | null)?.errno;
  return ['PROTOCOL_CONNECTION_LOST', 'ER_CONNECTION_KILLED', 'ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT', 'ER_SERVER_SHUTDOWN'].includes(String(code));
}

/** A READ COMMITTED transaction, run again (up to 5 times) when InnoDB picks it as a deadlock victim. */
export async function transactionWithRetry<T>(db: DataSource, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction('READ COMMITTED', work);
    } catch (err) {
      if (attempt < 5 && isRetryableLock(err)) continue;
      throw err;
    }
  }
}
