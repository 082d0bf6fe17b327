/**
 * The daily quality report job (issue 15, docs/quality-report.md) on a scenario, run twice
 * through the real queue and worker: one report, the expected counts, announced once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Job, Queue } from 'bullmq';
import { startTestServer, type TestServer } from '@kefu/server/testing/harness';
import { loggedIn, type TestClient } from '@kefu/server/testing/http-client';
import { createLogger } from '@kefu/server/platform/log';
import { connectRedis } from '@kefu/server/platform/redis';
import { staffIds } from '@kefu/server/modules/scoring/scoring.fixtures';
import { insertChat } from '@kefu/server/modules/kpis/kpis.fixtures';
import { QualityReportService } from '@kefu/server/modules/qualityreport/qualityreport.service';
import { JOBS } from '@kefu/shared/jobs';
import { startWorkers, type RunningWorkers } from '../workers.ts';

/** Shanghai wall time in November 2026. */
const at = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 10, day, hour - 8, minute));
const NOW = at(30, 7, 0);
const DAY = '2026-11-29';

let server: TestServer;
let workers: RunningWorkers;
let supervisor: TestClient;
let ids: Record<string, number>;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock: () => NOW });
  workers = await startWorkers(server.config, createLogger('test-workers', 'silent'), { schedule: false, clock: () => NOW });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
  ids = await staffIds(server.db);
  const agent = ids.aftersale1!;
  let n = 0;
  await server.db.transaction(async (tx) => {
    const order = async (title: string, sku: string, when: Date) => {
      const orderNo = `QR${Date.now()}${++n}`;
      const inserted = (await tx.query(
        "INSERT INTO shop_order (order_no, buyer_id, status, total_fen, placed_at, paid_at, created_by, created_at, updated_at, version) VALUES (?, ?, 'paid', 19900, ?, ?, ?, ?, ?, 1)",
        [orderNo, `qr-buyer-${n}`, when, when, ids.supervisor, when, when],
      )) as { insertId: number };
      await tx.query('INSERT INTO shop_order_item (order_id, line_no, title, colour, size, quantity, price_fen, in_stock) VALUES (?, 1, ?, ?, ?, 1, 19900, 1)', [inserted.insertId, title, ...sku.split('-')]);
      return { id: Number(inserted.insertId), orderNo, buyer: `qr-buyer-${n}` };
    };
    const aCase = async (title: string, sku: string, kind: string, reason: string, location: string | null, opened: Date) => {
      const o = await order(title, sku, new Date(opened.getTime() - 5 * 86_400_000));
      await tx.query(
        "INSERT INTO after_sale_case (order_id, order_no, buyer_id, kind, status, reason, opened_by, opened_at, version, quality, quality_location) VALUES (?, ?, ?, ?, 'closed', ?, ?, ?, 1, ?, ?)",
        [o.id, o.orderNo, o.buyer, kind, reason, agent, opened, location ? 1 : 0, location],
      );
    };
    // The day: three quality cases of the same white sneaker, heel glue; one size return of a canvas shoe.
    await aCase('小白鞋', '白色-37', 'quality', '鞋跟开胶', '右脚鞋跟与鞋底接缝处开胶约2厘米', at(29, 9));
    await aCase('小白鞋', '白色-37', 'exchange', '穿了三天开胶', '左脚鞋跟开胶', at(29, 14));
    await aCase('小白鞋', '白色-37', 'quality', '后跟开胶', '后跟', at(29, 23, 50));
    await aCase('帆布鞋', '黑色-40', 'return', '偏小，不想换了', null, at(29, 11));
    // Before: one in the 7 days, one in the 30 days only; after: today, not counted; a recall never counts.
    await aCase('小白鞋', '白色-37', 'quality', '鞋跟开胶', '鞋跟', at(25, 10));
    await aCase('帆布鞋', '黑色-40', 'return', '偏小', null, at(10, 10));
    await aCase('小白鞋', '白色-37', 'quality', '鞋跟开胶', '鞋跟', at(30, 0, 30));
    await aCase('帆布鞋', '黑色-40', 'recall', '买家拒收', null, at(29, 12));
    // Complaints of the day: a quality one about another white sneaker (its sole), and one about an agent's attitude.
    const sneaker = await order('小白鞋', '白色-37', at(20, 10));
    const complaint = "INSERT INTO complaint (source, buyer_id, order_no, staff_id, category, severity, handler_id, status, description, deadline_at, created_by, created_at, version) VALUES ('call', ?, ?, ?, ?, 'normal', ?, 'open', ?, ?, ?, ?, 1)";
    await tx.query(complaint, [sneaker.buyer, sneaker.orderNo, null, 'quality', ids.supervisor, '穿了两天鞋底开胶了', at(31, 10), ids.supervisor, at(29, 16)]);
    await tx.query(complaint, ['qr-angry', null, ids.presale1, 'attitude', ids.supervisor, '客服回复很不耐烦', at(31, 10), ids.supervisor, at(29, 17)]);
    // Chats and ratings of the day: a 5 and a 1.
    const li = ids.presale1!;
    const first = await insertChat(tx, { buyerId: 'qr-chat-1', agentId: li, messages: [['buyer', at(29, 10)], [li, at(29, 10, 1)]] });
    const second = await insertChat(tx, { buyerId: 'qr-chat-2', agentId: li, messages: [['buyer', at(29, 15)], [li, at(29, 15, 5)], ['buyer', at(29, 15, 6)], [li, at(29, 15, 7)]] });
    const rating = 'INSERT INTO chat_rating (conversation_id, buyer_id, staff_id, score, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)';
    await tx.query(rating, [first.conversation.id, 'qr-chat-1', li, 5, null, at(29, 10, 5)]);
    await tx.query(rating, [second.conversation.id, 'qr-chat-2', li, 1, '回复太慢', at(29, 15, 10)]);
  });
});
afterAll(async () => {
  await workers?.close();
  await server?.close();
});

async function runJob(data: Record<string, unknown>): Promise<unknown> {
  const connection = await connectRedis(server.config.redisUrl);
  const queue = new Queue(JOBS['quality.dailyReport'].queue, { connection, prefix: server.config.redisPrefix });
  try {
    const added = await queue.add('quality.dailyReport', data);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const job = await Job.fromId(queue, added.id!);
      if (job?.finishedOn) {
        if (job.failedReason) throw new Error(job.failedReason);
        return job.returnvalue;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the report job did not finish within 30 s');
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

describe('the daily quality report job', () => {
  it('builds yesterday’s report once: run twice, one report with the expected counts, announced once', async () => {
    const [first, second] = [await runJob({}), await runJob({})];
    expect(first).toMatchObject({ day: DAY, created: true, unusual: 5 });
    expect(second).toMatchObject({ day: DAY, created: false });
    const kept = (await server.db.query("SELECT COUNT(*) AS n FROM quality_report WHERE day = '2026-11-29'")) as Array<{ n: number }>;
    expect(Number(kept[0]!.n)).toBe(1);
    const readers = (await server.db.query("SELECT COUNT(DISTINCT s.id) AS n FROM staff s JOIN staff_role r ON r.staff_id = s.id WHERE r.role IN ('supervisor', 'manager') AND s.active = 1")) as Array<{ n: number }>;
    const told = (await server.db.query("SELECT COUNT(*) AS n, COUNT(DISTINCT staff_id) AS people FROM notification WHERE kind = 'quality.report'")) as Array<{ n: number; people: number }>;
    expect(Number(told[0]!.n)).toBe(Number(readers[0]!.n));
    expect(Number(told[0]!.people)).toBe(Number(readers[0]!.n));

    const reply = await supervisor.get(`/api/quality-reports/${DAY}`);
    expect(reply.status).toBe(200);
    const r = reply.body.report;
    // 3 quality cases + 1 return + 1 quality complaint on the day; 1 in the 7 days before, 2 in the 30.
    expect(r.total).toEqual({ key: 'total', day: 5, previous7: 1, previous30: 2, mean30: 0.07, unusual: true });
    expect(r.quality).toEqual({ key: 'quality', day: 4, previous7: 1, previous30: 1, mean30: 0.03, unusual: true });
    expect(r.byProduct).toEqual([
      { key: '小白鞋 白色 37码', day: 4, previous7: 1, previous30: 1, mean30: 0.03, unusual: true },
      { key: '帆布鞋 黑色 40码', day: 1, previous7: 0, previous30: 1, mean30: 0.03, unusual: false },
    ]);
    expect(r.byProblem).toEqual([
      { key: 'glue', day: 4, previous7: 1, previous30: 1, mean30: 0.03, unusual: true },
      { key: 'size', day: 1, previous7: 0, previous30: 1, mean30: 0.03, unusual: false },
    ]);
    expect(r.byLocation).toEqual([
      { key: 'heel', day: 3, previous7: 1, previous30: 1, mean30: 0.03, unusual: true },
      { key: 'sole', day: 1, previous7: 0, previous30: 0, mean30: 0, unusual: false },
    ]);
    expect(r.cases).toHaveLength(5);
    expect(r.complaints).toMatchObject({ count: 2, byCategory: { quality: 1, attitude: 1 } });
    expect(r.ratings).toMatchObject({ count: 2, satisfied: 1, dissatisfied: 1, average: 3, low: [{ score: 1, comment: '回复太慢' }] });
    expect(r.kpis.team.questions).toBe(3);
    expect(r.kpis.agents.map((a: { staffId: number }) => a.staffId)).toEqual([ids.presale1]);
    expect(r.unusual).toBe(5);
  });

  it('lists, prints and guards the reports', async () => {
    const list = await supervisor.get('/api/quality-reports');
    expect(list.status).toBe(200);
    expect(list.body.reports).toEqual([expect.objectContaining({ day: DAY, unusual: 5, total: 5, quality: 4 })]);
    const print = await supervisor.get(`/api/quality-reports/${DAY}/print`);
    expect(print.status).toBe(200);
    expect(String(print.body)).toContain('质量异常分析日报表');
    expect(String(print.body)).toContain('小白鞋 白色 37码');
    expect(String(print.body)).toContain('<tr class="unusual"><td>鞋跟</td><td>3</td>');
    expect((await (await loggedIn(server.baseUrl, 'manager')).get(`/api/quality-reports/${DAY}`)).status).toBe(200);
    expect((await (await loggedIn(server.baseUrl, 'presale1')).get('/api/quality-reports')).status).toBe(403);
    const missing = await supervisor.get('/api/quality-reports/2026-11-01');
    expect(missing.status).toBe(404);
    expect(missing.body.error.details.reason).toBe('no_report');
    expect((await supervisor.get('/api/quality-reports/2026-13-01')).status).toBe(400);
  });

  it('the supervisor builds a day now: once, audited, announced once; yesterday by default', async () => {
    const day = '2026-11-28';
    const first = await supervisor.post('/api/quality-reports/build', { day });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: true, report: { day } });
    const again = await supervisor.post('/api/quality-reports/build', { day });
    expect(again.body).toMatchObject({ created: false, report: { id: first.body.report.id, day } });
    const rows = (await server.db.query("SELECT COUNT(*) AS n, MAX(built_by) AS builtBy FROM quality_report WHERE day = ?", [day])) as Array<{ n: number; builtBy: number }>;
    expect({ n: Number(rows[0]!.n), builtBy: Number(rows[0]!.builtBy) }).toEqual({ n: 1, builtBy: ids.supervisor });
    const audited = (await server.db.query("SELECT actor_id AS actorId, details FROM audit_log WHERE action = 'quality.report.build' AND entity_id = ? ORDER BY id", [day])) as Array<{ actorId: number; details: string }>;
    expect(audited.map((a) => [Number(a.actorId), JSON.parse(a.details)])).toEqual([
      [ids.supervisor, { created: true }],
      [ids.supervisor, { created: false }],
    ]);
    const told = (await server.db.query("SELECT COUNT(*) AS n FROM notification WHERE kind = 'quality.report' AND JSON_EXTRACT(payload, '$.day') = ?", [day])) as Array<{ n: number }>;
    const readers = (await server.db.query("SELECT COUNT(DISTINCT s.id) AS n FROM staff s JOIN staff_role r ON r.staff_id = s.id WHERE r.role IN ('supervisor', 'manager') AND s.active = 1")) as Array<{ n: number }>;
    expect(Number(told[0]!.n)).toBe(Number(readers[0]!.n));
    // No day: yesterday, which the morning job already built.
    expect((await supervisor.post('/api/quality-reports/build', {})).body).toMatchObject({ created: false, report: { day: DAY } });
    // Today is not over; a bad day or a stray field is refused; only the supervisor may.
    const today = await supervisor.post('/api/quality-reports/build', { day: '2026-11-30' });
    expect(today.status).toBe(400);
    expect(today.body.error.details.reason).toBe('day_not_over');
    expect((await supervisor.post('/api/quality-reports/build', { day: '2026-11-31' })).status).toBe(400);
    expect((await supervisor.post('/api/quality-reports/build', { day, force: true })).status).toBe(400);
    expect((await (await loggedIn(server.baseUrl, 'manager')).post('/api/quality-reports/build', { day: '2026-11-27' })).status).toBe(403);
    const none = (await server.db.query("SELECT COUNT(*) AS n FROM quality_report WHERE day IN ('2026-11-27', '2026-11-30', '2026-11-31')")) as Array<{ n: number }>;
    expect(Number(none[0]!.n)).toBe(0);
  });

  it('refuses a day that is not over', async () => {
    await expect(new QualityReportService(server.db, () => NOW, server.config.shopTz).build('2026-11-30')).rejects.toMatchObject({ code: 'invalid' });
    const none = (await server.db.query("SELECT COUNT(*) AS n FROM quality_report WHERE day = '2026-11-30'")) as Array<{ n: number }>;
    expect(Number(none[0]!.n)).toBe(0);
  });
});
