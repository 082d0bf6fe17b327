import type { DataSource } from 'typeorm';
import type { Config } from './config.ts';
import { createDataSource, ensureDatabase, migrate } from './db.ts';
import { seedDemoStaff } from '../modules/staff/staff.seed.ts';

/**
 * Brings a database up to date: creates it if missing, runs the migrations, and seeds the
 * demo data when it is empty. Safe to run from several processes at once.
 */
export async function prepareDatabase(config: Config, options: { seed: boolean; clock?: () => Date }): Promise<{ db: DataSource; seeded: boolean }> {
  await ensureDatabase(config.databaseUrl);
  const db = createDataSource(config);
  await db.initialize();
  try {
    await migrate(db);
    const seeded = options.seed ? await seedDemoStaff(db, config.demoPassword, (options.clock ?? (() => new Date()))()) : false;
    return { db, seeded };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
