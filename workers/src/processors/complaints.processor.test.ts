/**
 * Overdue complaints through the real queue and worker (issue 15, complaints.overdue.ts):
 * complaints registered before the delayed job existed (no job queued for them) are
 * notified by the sweep, once each, however often the sweep and the delayed job run; an
 * open one still in time and a resolved one are left alone. The scheduler is registered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Job, Queue } from 'bullmq';
import { startTestServer, type TestServer } from '@kefu/server/testing/harness';
import { createLogger } from '@kefu/server/platform/log';
import { connectRedis } from '@kefu/server/platform/redis';
import { staffIds } from '@kefu/server/modules/scoring/scoring.fixtures';
import { JOBS } from '@kefu/shared/jobs';
import { startWorkers, type RunningWorkers } from '../workers.ts';
import { COMPLAINTS_SWEEP_SCHEDULER, upsertSchedulers } from '../schedulers.ts';

const NOW = new Date(Date.UTC(2026, 10, 30, 2, 0));
const HOUR = 3_600_000;

let server: TestServer;
let workers: RunningWorkers;
let ids: Record<string, number>;
const made: Record<'lateA' | 'lateB' | 'inTime' | 'resolved', number> = { lateA: 0, lateB: 0, inTime: 0, resolved: 0 };

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock: () => NOW });
  workers = await startWorkers(server.config, createLogger('test-workers', 'silent'), { schedule: false, clock: () => NOW });
  ids = await staffIds(server.db);
  // Plain inserts, as complaints registered before the delayed job existed: no job is queued for them.
  const insert = async (buyer: string, status: string, deadline: Date) => {
    const r = (await server.db.query(
      "INSERT INTO complaint (source, buyer_id, category, severity, handler_id, status, description, deadline_at, created_by, created_at, version) VALUES ('call', ?, 'delivery', 'high', ?, ?, '没发货', ?, ?, ?, 1)",
      [buyer, ids.aftersale1, status, deadline, ids.supervisor, new Date(deadline.getTime() - 24 * HOUR)],
    )) as { insertId: number };
    return Number(r.insertId);
  };
  made.lateA = await insert('tb_旧投诉甲', 'open', new Date(NOW.getTime() - 3 * HOUR));
  made.lateB = await insert('tb_旧投诉乙', 'open', new Date(NOW.getTime() - 1000));
  made.inTime = await insert('tb_还来得及', 'open', new Date(NOW.getTime() + HOUR));
  made.resolved = await insert('tb_已解决', 'resolved', new Date(NOW.getTime() - 5 * HOUR));
});
afterAll(async () => {
  await workers?.close();
  await server?.close();
});

async function runJob(name: 'complaints.overdueSweep' | 'complaints.overdue', data: Record<string, unknown>): Promise<unknown> {
  const connection = await connectRedis(server.config.redisUrl);
  const queue = new Queue(JOBS[name].queue, { connection, prefix: server.config.redisPrefix });
  try {
    const added = await queue.add(name, data);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const job = await Job.fromId(queue, added.id!);
      if (job?.finishedOn) {
        if (job.failedReason) throw new Error(job.failedReason);
        return job.returnvalue;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${name} did not finish within 30 s`);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

const noticesOf = async (complaintId: number) =>
  Number(((await server.db.query("SELECT COUNT(*) AS n FROM notification WHERE kind = 'complaint.overdue' AND JSON_EXTRACT(payload, '$.complaintId') = ?", [complaintId])) as Array<{ n: number }>)[0]!.n);

describe('the overdue sweep', () => {
  it('notifies every overdue complaint that had no job, once, however often it and the delayed job run', async () => {
    const supervisors = Number(
      ((await server.db.query("SELECT COUNT(DISTINCT s.id) AS n FROM staff s JOIN staff_role r ON r.staff_id = s.id WHERE s.active = 1 AND r.role = 'supervisor'")) as Array<{ n: number }>)[0]!.n,
    );
    const first = await runJob('complaints.overdueSweep', {});
    expect(first).toEqual({ notified: [made.lateA, made.lateB] });
    // The handler (aftersale1) and every supervisor, once each.
    expect(await noticesOf(made.lateA)).toBe(1 + supervisors);
    expect(await noticesOf(made.lateB)).toBe(1 + supervisors);
    const marked = (await server.db.query('SELECT id, overdue_notified_at AS at FROM complaint WHERE id IN (?, ?)', [made.lateA, made.lateB])) as Array<{ at: Date | null }>;
    expect(marked.every((row) => row.at !== null)).toBe(true);

    // Again, and the delayed job of one of them (a retry, or both paths firing): nobody is told twice.
    expect(await runJob('complaints.overdueSweep', {})).toEqual({ notified: [] });
    expect(await runJob('complaints.overdue', { complaintId: made.lateA })).toEqual({ notified: false });
    expect(await noticesOf(made.lateA)).toBe(1 + supervisors);
    expect(await noticesOf(made.lateB)).toBe(1 + supervisors);
    // Still in time, or resolved: never.
    expect(await noticesOf(made.inTime)).toBe(0);
    expect(await noticesOf(made.resolved)).toBe(0);
  });

  it('fails at once on a payload that can never be valid', async () => {
    await expect(runJob('complaints.overdueSweep', { complaintId: 1 })).rejects.toThrow(/invalid payload/);
  });

  it('is scheduled every minute with the others', async () => {
    const connection = await connectRedis(server.config.redisUrl, { forBullMQ: true });
    const queue = new Queue(JOBS['complaints.overdueSweep'].queue, { connection, prefix: server.config.redisPrefix });
    try {
      await upsertSchedulers(connection, server.config);
      const scheduler = await queue.getJobScheduler(COMPLAINTS_SWEEP_SCHEDULER);
      expect(scheduler).toMatchObject({ name: 'complaints.overdueSweep', every: 60_000 });
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });
});
