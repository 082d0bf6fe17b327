/**
 * The last settlement of each month (table scoring_settlement): asked for, running, done,
 * retrying, failed or refused. Written by the server when a settlement is asked for, by the
 * worker around each attempt, and by the workers' reconciler when a job has failed for good
 * (workers/src/reconcile.ts), which is the one place that notifies and queues a new round.
 */
import type { EntityManager } from 'typeorm';
import type { LastSettlement } from '@kefu/shared/schemas/scoring';

export type SettlementOutcomeKind = LastSettlement['outcome'];

/**
 * The written limits: each job tries 3 times (1 s then 2 s apart); a job that fails all of
 * them, or stalls more than twice, fails for good. Then the supervisors are notified and a
 * new round is queued 10 minutes later, at most 3 rounds; after that the month waits for
 * the supervisor's 结算 button (which starts from round 0 again).
 */
export const SETTLEMENT_RETRY = { attempts: 3, backoffMs: 1000, maxStalledCount: 2, rounds: 3, roundDelayMs: 10 * 60_000 } as const;

export interface SettlementRecord {
  month: string;
  outcome: SettlementOutcomeKind;
  jobKey: string | null;
  attempt: number;
  retryRound: number;
  error: string | null;
  nextRetryAt: Date | null;
  updatedAt: Date;
}

interface Row {
  month: string;
  outcome: SettlementOutcomeKind;
  job_key: string | null;
  attempt: number;
  retry_round: number;
  error: string | null;
  next_retry_at: Date | null;
  updated_at: Date;
}

const toRecord = (row: Row): SettlementRecord => ({
  month: row.month,
  outcome: row.outcome,
  jobKey: row.job_key,
  attempt: Number(row.attempt),
  retryRound: Number(row.retry_round),
  error: row.error,
  nextRetryAt: row.next_retry_at,
  updatedAt: row.updated_at,
});

/** A job run's identity: a retried attempt keeps it, a new job with the same id does not. */
export function settlementJobKey(job: { id?: string | undefined; timestamp: number }): string {
  return `${job.id ?? '?'}@${job.timestamp}`;
}

const clip = (text: string | null): string | null => (text === null ? null : text.length > 500 ? `${text.slice(0, 497)}...` : text);

export const settlementAttempts = {
  async find(tx: EntityManager, month: string, lock = false): Promise<SettlementRecord | null> {
    const rows = (await tx.query(`SELECT * FROM scoring_settlement WHERE month = ?${lock ? ' FOR UPDATE' : ''}`, [month])) as Row[];
    return rows[0] ? toRecord(rows[0]) : null;
  },

  /** The supervisor asked: a fresh start, rounds from 0. */
  async queued(tx: EntityManager, month: string, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO scoring_settlement (month, outcome, job_key, attempt, retry_round, error, next_retry_at, updated_at)
       VALUES (?, 'queued', NULL, 0, 0, NULL, NULL, ?)
       ON DUPLICATE KEY UPDATE outcome = 'queued', job_key = NULL, attempt = 0, retry_round = 0, error = NULL, next_retry_at = NULL, updated_at = VALUES(updated_at)`,
      [month, at],
    );
  },

  /** An attempt starts (the round number is kept: a retry round runs the same way). */
  async running(tx: EntityManager, month: string, jobKey: string, attempt: number, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO scoring_settlement (month, outcome, job_key, attempt, retry_round, error, next_retry_at, updated_at)
       VALUES (?, 'running', ?, ?, 0, NULL, NULL, ?)
       ON DUPLICATE KEY UPDATE outcome = 'running', job_key = VALUES(job_key), attempt = VALUES(attempt), next_retry_at = NULL, updated_at = VALUES(updated_at)`,
      [month, jobKey, attempt, at],
    );
  },

  /** An attempt ended: succeeded, retrying (an error BullMQ will retry) or refused (locked month). */
  async ended(tx: EntityManager, month: string, jobKey: string, outcome: 'succeeded' | 'retrying' | 'refused', error: string | null, at: Date): Promise<void> {
    await tx.query('UPDATE scoring_settlement SET outcome = ?, error = ?, updated_at = ? WHERE month = ? AND job_key = ?', [outcome, clip(error), at, month, jobKey]);
  },

  /** Failed for good (the reconciler, holding the row lock): what the supervisors are told. */
  async failed(tx: EntityManager, month: string, jobKey: string, fields: { error: string; retryRound: number; nextRetryAt: Date | null }, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO scoring_settlement (month, outcome, job_key, attempt, retry_round, error, next_retry_at, updated_at)
       VALUES (?, 'failed', ?, 0, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE outcome = 'failed', job_key = VALUES(job_key), retry_round = VALUES(retry_round), error = VALUES(error), next_retry_at = VALUES(next_retry_at), updated_at = VALUES(updated_at)`,
      [month, jobKey, fields.retryRound, clip(fields.error), fields.nextRetryAt, at],
    );
  },
};

export function lastSettlementView(record: SettlementRecord | null): LastSettlement | null {
  if (!record) return null;
  return {
    outcome: record.outcome,
    attempt: record.attempt,
    retryRound: record.retryRound,
    error: record.error,
    at: record.updatedAt.toISOString(),
    nextRetryAt: record.nextRetryAt ? record.nextRetryAt.toISOString() : null,
  };
}
