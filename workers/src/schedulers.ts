/**
 * Repeating jobs, upserted at every start (idempotent by scheduler id, so several worker
 * processes and restarts keep one schedule, and a changed PAYDAY replaces the pattern), and
 * again whenever the reconciler finds one missing (workers/src/reconcile.ts).
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '@kefu/server/platform/config';
import { JOBS, SCHEDULERS } from '@kefu/shared/jobs';

export const AUTO_SETTLE_SCHEDULER = SCHEDULERS.autoSettle.id;

/**
 * 每月发工资前一天由部门主管结算分数: 00:30 shop time (SHOP_TZ) on the day before payday
 * (PAYDAY, 2–28, so the day exists in every month and falls after the scored month ends).
 * The same instant as `settlementRunAt` in shared/src/domain/scoring/month.ts; the
 * scheduler test checks the two agree.
 */
export function autoSettlePattern(payday: number): string {
  return `30 0 ${payday - 1} * *`;
}

/** The schedulers missing from Redis (a Redis restart without persistence, a flush). */
export async function missingSchedulers(connection: Redis, config: Config): Promise<string[]> {
  const queue = new Queue(SCHEDULERS.autoSettle.queue, { connection, prefix: config.redisPrefix });
  try {
    return (await queue.getJobScheduler(SCHEDULERS.autoSettle.id)) ? [] : [SCHEDULERS.autoSettle.id];
  } finally {
    await queue.close();
  }
}
export const FLAG_OVERDUE_SCHEDULER = 'alerts.flagOverdue';
/**
 * The end of the printers' day: their early shift ends at 18:30 (rulebook 三(二); printers
 * have no late shift). Until the roster exists this fixed time is the end of every printer's day.
 */
export const PRINTERS_DAY_END_PATTERN = '30 18 * * *';

/** Issue 14: the shift reminders are looked for every minute (attendance.reminders.ts). */
export const SHIFT_REMINDER_SCHEDULER = 'attendance.remind';

/** Issue 15: the KPI rollup every 10 minutes, the daily quality report at 07:00 shop time. */
export const KPI_ROLLUP_SCHEDULER = 'quality.kpiRollup';
export const DAILY_REPORT_SCHEDULER = 'quality.dailyReport';
export const DAILY_REPORT_PATTERN = '0 7 * * *';

/** Issue 15: overdue complaints not yet notified are looked for every minute (complaints.overdue.ts). */
export const COMPLAINTS_SWEEP_SCHEDULER = 'complaints.overdueSweep';

/** Issue 10: the exchanges' follow-up reminders are looked for every 10 minutes (exchanges.followup.ts). */
export const EXCHANGE_FOLLOW_UP_SCHEDULER = 'exchanges.remindFollowUps';

export async function upsertSchedulers(connection: Redis, config: Config): Promise<void> {
  const exchanges = new Queue(JOBS['exchanges.remindFollowUps'].queue, { connection, prefix: config.redisPrefix });
  try {
    await exchanges.upsertJobScheduler(
      EXCHANGE_FOLLOW_UP_SCHEDULER,
      { every: 600_000 },
      { name: 'exchanges.remindFollowUps', data: {}, opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 20, removeOnFail: 50 } },
    );
  } finally {
    await exchanges.close();
  }
  const quality = new Queue(JOBS['quality.dailyReport'].queue, { connection, prefix: config.redisPrefix });
  try {
    const opts = { attempts: 3, backoff: { type: 'exponential' as const, delay: 60_000 }, removeOnComplete: 50, removeOnFail: 50 };
    await quality.upsertJobScheduler(KPI_ROLLUP_SCHEDULER, { every: 600_000 }, { name: 'quality.kpiRollup', data: {}, opts });
    await quality.upsertJobScheduler(DAILY_REPORT_SCHEDULER, { pattern: DAILY_REPORT_PATTERN, tz: config.shopTz }, { name: 'quality.dailyReport', data: {}, opts });
    // At every start: yesterday's report if it is missing (idempotent: a day keeps one report).
    await quality.add('quality.dailyReport', {}, opts);
  } finally {
    await quality.close();
  }
  const complaints = new Queue(JOBS['complaints.overdueSweep'].queue, { connection, prefix: config.redisPrefix });
  try {
    const opts = { attempts: 3, backoff: { type: 'exponential' as const, delay: 5_000 }, removeOnComplete: 20, removeOnFail: 50 };
    await complaints.upsertJobScheduler(COMPLAINTS_SWEEP_SCHEDULER, { every: 60_000 }, { name: 'complaints.overdueSweep', data: {}, opts });
  } finally {
    await complaints.close();
  }
  const attendance = new Queue(JOBS['attendance.remind'].queue, { connection, prefix: config.redisPrefix });
  try {
    await attendance.upsertJobScheduler(
      SHIFT_REMINDER_SCHEDULER,
      { every: 60_000 },
      { name: 'attendance.remind', data: {}, opts: { attempts: 2, removeOnComplete: 20, removeOnFail: 50 } },
    );
  } finally {
    await attendance.close();
  }
  const alerts = new Queue(JOBS['alerts.flagOverdue'].queue, { connection, prefix: config.redisPrefix });
  try {
    await alerts.upsertJobScheduler(
      FLAG_OVERDUE_SCHEDULER,
      { pattern: PRINTERS_DAY_END_PATTERN, tz: config.shopTz },
      { name: 'alerts.flagOverdue', data: {}, opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 50, removeOnFail: 50 } },
    );
  } finally {
    await alerts.close();
  }
  const queue = new Queue(JOBS['scoring.autoSettle'].queue, { connection, prefix: config.redisPrefix });
  try {
    await queue.upsertJobScheduler(
      AUTO_SETTLE_SCHEDULER,
      { pattern: autoSettlePattern(config.payday), tz: config.shopTz },
      {
        name: 'scoring.autoSettle',
        data: {},
        opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 50, removeOnFail: 50 },
      },
    );
  } finally {
    await queue.close();
  }
}
