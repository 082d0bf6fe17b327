/**
 * The exchange follow-up reminder (issue 10, exchanges.followup.ts) through the real queue and
 * worker: on the follow-up day the agent gets one console notification; run again, or after a
 * restart of the workers, nobody is reminded twice; an exchange whose receipt was recorded
 * before then, or whose day has not come, is not reminded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Job, Queue } from 'bullmq';
import { startTestServer, type TestServer } from '@kefu/server/testing/harness';
import { loggedIn, type TestClient } from '@kefu/server/testing/http-client';
import { createLogger } from '@kefu/server/platform/log';
import { connectRedis } from '@kefu/server/platform/redis';
import { orderAt } from '@kefu/server/modules/orders/orders.fixtures';
import { remindFollowUps } from '@kefu/server/modules/exchanges/exchanges.followup';
import { JOBS } from '@kefu/shared/jobs';
import { startWorkers, type RunningWorkers } from '../workers.ts';

const DAY = 86_400_000;
let offset = 0;
const clock = () => new Date(Date.now() + offset);
let server: TestServer;
let workers: RunningWorkers | null = null;
let supervisor: TestClient;
let agent: TestClient;
let warehouse: TestClient;
let printer: TestClient;
let agentId: number;

const start = async () => startWorkers(server.config, createLogger('test-workers', 'silent'), { schedule: false, clock });

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock });
  [supervisor, agent, warehouse, printer] = (await Promise.all(['supervisor', 'aftersale1', 'warehouse1', 'printer1'].map((u) => loggedIn(server.baseUrl, u)))) as [TestClient, TestClient, TestClient, TestClient];
  agentId = (await agent.get('/api/auth/me')).body.user.id;
  workers = await start();
});

afterAll(async () => {
  await workers?.close();
  await server?.close();
});

async function runJob(): Promise<{ reminded: number }> {
  const connection = await connectRedis(server.config.redisUrl);
  const queue = new Queue(JOBS['exchanges.remindFollowUps'].queue, { connection, prefix: server.config.redisPrefix });
  try {
    const added = await queue.add('exchanges.remindFollowUps', {});
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const job = await Job.fromId(queue, added.id!);
      if (job?.finishedOn) {
        if (job.failedReason) throw new Error(job.failedReason);
        return job.returnvalue as { reminded: number };
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the follow-up job did not finish within 30 s');
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** An exchange received by the warehouse and shipped by the printer now. */
async function shippedExchange(buyerId: string, trackingNo: string): Promise<{ id: number; orderNo: string }> {
  const shoes = await orderAt({ writer: supervisor }, buyerId, 'delivered');
  const opened = (await agent.post('/api/aftersale/cases', { orderNo: shoes.orderNo, kind: 'exchange', reason: '偏小，换大一码', returnPostagePayer: 'buyer', wantedColor: '白色', wantedSize: '40' })).body;
  const tracked = (await agent.post(`/api/aftersale/cases/${opened.id}/return-tracking`, { version: opened.version, courier: '中通快递', trackingNo: `R${trackingNo}` })).body;
  expect((await warehouse.post(`/api/aftersale/cases/${opened.id}/received`, { version: tracked.version, result: 'passed', cardPresent: true })).status).toBe(200);
  const shipped = await printer.post(`/api/exchanges/${opened.id}/shipped`, { courier: '中通快递', trackingNo });
  expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
  return { id: opened.id, orderNo: shoes.orderNo };
}

const reminders = async () =>
  ((await server.db.query("SELECT staff_id, payload FROM notification WHERE kind = 'exchange.follow_up_due' ORDER BY id")) as Array<{ staff_id: number; payload: string }>).map((r) => [
    Number(r.staff_id),
    (JSON.parse(r.payload) as { caseId: number }).caseId,
  ]);

describe('the exchange follow-up reminder', () => {
  it('reminds the agent once on the follow-up day; never twice, never for one followed up before, never early', async () => {
    const due = await shippedExchange('回访提醒甲', 'ZT8800330001');
    const confirmed = await shippedExchange('回访提醒乙', 'ZT8800330002');
    offset += DAY;
    // The buyer said it arrived before the follow-up day: recorded in the console.
    const followed = await agent.post(`/api/exchanges/${confirmed.id}/follow-up`, { note: '买家说已经收到了' });
    expect(followed.status, JSON.stringify(followed.body)).toBe(200);
    const later = await shippedExchange('回访提醒丙', 'ZT8800330003');
    expect(await runJob()).toEqual({ reminded: 0 });

    // Three days after the first two shipped: only the first is due and not followed up.
    offset += 2 * DAY;
    expect(await runJob()).toEqual({ reminded: 1 });
    expect(await runJob()).toEqual({ reminded: 0 });
    expect(await reminders()).toEqual([[agentId, due.id]]);
    const [notice] = (await agent.get('/api/notifications')).body.filter((n: { kind: string }) => n.kind === 'exchange.follow_up_due');
    expect(notice.payload).toMatchObject({ caseId: due.id, orderNo: due.orderNo, trackingNo: 'ZT8800330001' });

    // The workers restart: still nobody reminded twice.
    await workers!.close();
    workers = await start();
    expect(await runJob()).toEqual({ reminded: 0 });

    // The next day the third is due; the first, followed up now, stays as it was.
    expect((await agent.post(`/api/exchanges/${due.id}/follow-up`, { note: '买家已收到，尺码合适' })).status).toBe(200);
    offset += DAY;
    // The worker's sweep and a second sweep at the same moment (two workers): one reminder between them.
    const [job, direct] = await Promise.all([runJob(), remindFollowUps(server.db, clock(), server.config.shopTz)]);
    expect(job.reminded + direct.length).toBe(1);
    expect(await reminders()).toEqual([
      [agentId, due.id],
      [agentId, later.id],
    ]);
    const audits = (await server.db.query("SELECT entity_id FROM audit_log WHERE action = 'exchange.follow_up_reminded' ORDER BY id")) as Array<{ entity_id: string }>;
    expect(audits.map((a) => Number(a.entity_id))).toEqual([due.id, later.id]);
  });
});
