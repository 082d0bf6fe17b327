import { z } from 'zod';
import { Day, Month } from './schemas/common.ts';

/**
 * Every background job: its queue, its name and its payload schema (STYLE.md habit 6).
 * Processors parse the payload with the schema before doing anything; a payload that can
 * never be valid fails at once instead of being retried.
 */
export const JOBS = {
  /** Settle a scoring month into a draft scoresheet (detectors first). Idempotent per month. */
  'scoring.settle': {
    queue: 'scoring',
    payload: z.object({
      month: Month,
      /** Who asked: a staff id, or null for the scheduler. */
      requestedBy: z.number().int().positive().nullable(),
    }).strict(),
  },
  /**
   * The job scheduler's run at 00:30 shop time on the day before payday: settles the month
   * before the one it runs in (its payload cannot carry the month, which changes each run).
   */
  'scoring.autoSettle': {
    queue: 'scoring',
    payload: z.object({}).strict(),
  },
  /**
   * An alert still unclaimed `ALERT_ESCALATE_AFTER_MINUTES` after it was raised escalates to
   * the supervisor (delayed job, one per alert: its job id is `alert-escalate-<id>`).
   * Idempotent: an alert claimed meanwhile or already escalated is left alone.
   */
  'alerts.escalate': {
    queue: 'alerts',
    payload: z.object({ alertId: z.number().int().positive() }).strict(),
  },
  /**
   * The end of the printers' day (18:30 shop time, the early shift's end; no roster yet):
   * alerts claimed but not done are flagged and the supervisor told. Idempotent per alert.
   */
  'alerts.flagOverdue': {
    queue: 'alerts',
    payload: z.object({}).strict(),
  },
  /**
   * Issue 14: every minute, each person whose published shift starts within the next 15
   * minutes is reminded once (attendance_reminder's key: person + shift start). Running
   * twice, or late after an outage, reminds nobody twice.
   */
  'attendance.remind': {
    queue: 'attendance',
    payload: z.object({}).strict(),
  },
  /**
   * Issue 15: a complaint still open at its deadline is flagged and its handler and the
   * supervisors notified (delayed job, one per complaint: `complaint-overdue-<id>`).
   * Idempotent: a complaint resolved meanwhile, or already notified, is left alone.
   */
  'complaints.overdue': {
    queue: 'complaints',
    payload: z.object({ complaintId: z.number().int().positive() }).strict(),
  },
  /**
   * Issue 15: every minute and at start, every open complaint past its deadline not yet
   * notified is notified (the same once-only mark as `complaints.overdue`): complaints from
   * before the delayed job existed, or whose job was lost, are not missed.
   */
  'complaints.overdueSweep': {
    queue: 'complaints',
    payload: z.object({}).strict(),
  },
  /**
   * Issue 15: rolls up the KPIs of every finished shop day that is missing or stale into
   * `kpi_daily` (docs/kpis.md "Speed"). Every 10 minutes; idempotent, two runs at once wait
   * for each other (the mark row is locked).
   */
  'quality.kpiRollup': {
    queue: 'quality',
    payload: z.object({}).strict(),
  },
  /**
   * Issue 15: the daily quality report (质量异常分析日报表, docs/quality-report.md) of a day,
   * yesterday without one. Each morning at 07:00 shop time, and at every start of the
   * workers; a day keeps one report (a unique key), so running twice changes nothing.
   */
  'quality.dailyReport': {
    queue: 'quality',
    payload: z.object({ day: Day.optional() }).strict(),
  },
  /**
   * Issue 10: every 10 minutes, each shipped exchange whose follow-up day has come, with the
   * buyer's receipt not recorded, reminds its after-sale agent once (exchange_shipment's
   * `follow_up_reminded_at`, set with the notification in one transaction). Running twice, or
   * late after an outage, reminds nobody twice (server/src/modules/exchanges/exchanges.followup.ts).
   */
  'exchanges.remindFollowUps': {
    queue: 'exchanges',
    payload: z.object({}).strict(),
  },
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;
export const QUEUE_NAMES = [...new Set(Object.values(JOBS).map((job) => job.queue))];
export type QueueName = (typeof JOBS)[JobName]['queue'];

/**
 * Job schedulers (repeating jobs), registered by the workers at start, on a timer and when
 * Redis comes back; the server's /healthz reports one missing as `degraded`.
 */
export const SCHEDULERS = {
  autoSettle: { id: 'scoring.autoSettle', queue: 'scoring' },
} as const;
