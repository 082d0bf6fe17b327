import type { DataSource } from 'typeorm';
import type { Config } from './config.ts';
import { createDataSource, ensureDatabase, migrate } from './db.ts';
import { seedDemoStaff } from '../modules/staff/staff.seed.ts';
import { seedDemoOrders } from '../modules/orders/orders.seed.ts';
import { seedDemoRecallDisputes } from '../modules/recall/recall.seed.ts';
import { seedDemoCases } from '../modules/aftersale/aftersale.seed.ts';
import { seedDemoQualityHistory } from '../modules/qualityreport/qualityreport.seed.ts';
import { seedDemoRoster } from '../modules/roster/roster.seed.ts';
import { seedDemoAttendance } from '../modules/attendance/attendance.seed.ts';
import { seedDemoChatHistory } from '../modules/kpis/kpis.seed.ts';

/**
 * Brings a database up to date: creates it if missing, runs the migrations, and seeds the
 * demo data when it is empty. Safe to run from several processes at once.
 */
export async function prepareDatabase(
  config: Config,
  options: {
    seed: boolean;
    clock?: () => Date;
    /** Demo orders and this month's roster too (`npm start`; tests make their own). */
    demoOrders?: boolean;
    /** The demo team's first day employed (tests: a fixed day, so fixed months have them all); default a year ago. */
    demoEmployedFrom?: string;
  },
): Promise<{ db: DataSource; seeded: boolean }> {
  await ensureDatabase(config.databaseUrl);
  const db = createDataSource(config);
  await db.initialize();
  try {
    await migrate(db);
    const now = (options.clock ?? (() => new Date()))();
    const seeded = options.seed ? await seedDemoStaff(db, config.demoPassword, now, config.shopTz, options.demoEmployedFrom) : false;
    if (options.seed && options.demoOrders && (await seedDemoOrders(db, now))) {
      await seedDemoRecallDisputes(db, now, config.shopTz);
      await seedDemoCases(db, now);
      await seedDemoQualityHistory(db, now, config.shopTz);
    }
    // The demo roster: this month, published (once; docs/roster.md).
    if (options.seed && options.demoOrders) {
      await seedDemoRoster(db, now, config.shopTz);
      // Its clocks and presence for the days already past (once; docs/attendance.md).
      await seedDemoAttendance(db, now, config.shopTz);
      // Three weeks of closed chats, ratings, conversions and two complaints (once; kpis.seed.ts).
      await seedDemoChatHistory(db, now, config.shopTz);
    }
    return { db, seeded };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
