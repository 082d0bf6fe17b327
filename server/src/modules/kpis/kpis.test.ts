import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_HOURS, tallyRecords, type KpiConversation, type KpiMessage, type KpiPayment } from '@kefu/shared/domain/kpis/tally';
import { finalConversion } from '@kefu/shared/domain/kpis/figures';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { TestClient } from '../../testing/http-client.ts';
import { staffIds } from '../scoring/scoring.fixtures.ts';
import { kpisRepository } from './kpis.repository.ts';
import { insertChat, insertPayment } from './kpis.fixtures.ts';

const TZ = 'Asia/Shanghai';
/** Shanghai wall time in November 2026. */
const at = (day: number, hour: number, minute: number, second = 0) => new Date(Date.UTC(2026, 10, day, hour - 8, minute, second));
const NOW = at(10, 12, 0);

let server: TestServer;
let supervisor: TestClient;
let ids: Record<string, number>;
const conversations: KpiConversation[] = [];
const messages: KpiMessage[] = [];
const payments: KpiPayment[] = [];

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock: () => NOW });
  ids = await staffIds(server.db);
  supervisor = await new TestClient(server.baseUrl).login('supervisor');
  const li = ids.presale1!;
  const zhang = ids.presale2!;
  const chats = [
    // crosses midnight: asked 23:58 on the 3rd, answered 00:01 on the 4th
    { buyerId: 'kpi-a', agentId: li, messages: [['buyer', at(3, 23, 58)], [li, at(4, 0, 1)], ['buyer', at(4, 0, 2)], ['buyer', at(4, 0, 3)], [li, at(4, 0, 10)]] },
    // before service hours (07:59), then a slow answer in them
    { buyerId: 'kpi-b', agentId: zhang, messages: [['buyer', at(4, 7, 59)], [zhang, at(4, 8, 0, 30)], ['buyer', at(4, 9, 0)], [zhang, at(4, 9, 7)], [zhang, at(4, 9, 8)]] },
    // transferred: the second answer is 张敏's
    { buyerId: 'kpi-c', agentId: zhang, messages: [['buyer', at(5, 10, 0)], [li, at(5, 10, 0, 20)], ['buyer', at(5, 10, 5)], [zhang, at(5, 10, 6)]] },
    // waiting for 李娜 for 5 minutes now, and one in the queue
    { buyerId: 'kpi-d', agentId: li, status: 'open' as const, messages: [['buyer', at(10, 11, 55)]] },
    { buyerId: 'kpi-e', agentId: null, status: 'queued' as const, messages: [['buyer', at(10, 11, 59)]] },
  ] as const;
  await server.db.transaction(async (tx) => {
    for (const chat of chats) {
      const inserted = await insertChat(tx, { ...chat, messages: chat.messages.map(([w, t]) => [w, t]) as Array<['buyer' | number, Date]> });
      conversations.push(inserted.conversation);
      messages.push(...inserted.messages);
    }
    payments.push({ buyerId: 'kpi-a', paidAt: at(4, 20, 0), totalFen: 29_900 }, { buyerId: 'kpi-b', paidAt: at(8, 9, 0), totalFen: 19_900 });
    for (const payment of payments) await insertPayment(tx, payment, ids.supervisor!);
    await tx.query('INSERT INTO chat_rating (conversation_id, buyer_id, staff_id, score, comment, created_at) VALUES (?, ?, ?, 2, NULL, ?)', [conversations[1]!.id, 'kpi-b', zhang, at(4, 9, 10)]);
  });
});
afterAll(async () => {
  await server?.close();
});

describe('KPIs from SQL aggregates', () => {
  it('agree with the pure definitions on a scenario across midnight, service hours, transfers and waiting questions', async () => {
    const ratings = [{ staffId: ids.presale2!, at: at(4, 9, 10), score: 2 }];
    const expected = tallyRecords({ conversations, messages, payments, ratings }, { tz: TZ, hours: DEFAULT_SERVICE_HOURS, now: NOW });
    const { daily, final } = await kpisRepository.tallies(server.db.manager, { from: '2026-11-01', to: '2026-11-10', tz: TZ, hours: DEFAULT_SERVICE_HOURS, now: NOW });
    expect(Object.fromEntries(daily)).toEqual(Object.fromEntries(expected));
    expect(Object.fromEntries(final)).toEqual(Object.fromEntries(finalConversion(conversations, payments, { from: '2026-11-01', to: '2026-11-10', tz: TZ })));
    // and the scenario says what it should: 李娜's midnight question on the 3rd, answered in 3 minutes
    expect(daily.get(`${ids.presale1!}|2026-11-03`)).toMatchObject({ questions: 1, answered: 1, responseSumS: 180, inHours: 1, inHoursQuick: 1 });
  });

  it('the supervisor reads every agent, the team, the days and who misses a target', async () => {
    const set = await supervisor.request('PUT', '/api/kpis/settings', { targets: { quickRate: 0.9 }, serviceHours: { startMinute: 480, endMinute: 1440 } });
    expect(set.status).toBe(200);
    const audited = (await server.db.query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'kpi.settings'")) as Array<{ n: number }>;
    expect(Number(audited[0]!.n)).toBe(1);

    const reply = await supervisor.get('/api/kpis?from=2026-11-03&to=2026-11-09');
    expect(reply.status).toBe(200);
    expect(reply.body.days).toHaveLength(7);
    const zhang = reply.body.agents.find((a: { staffId: number }) => a.staffId === ids.presale2);
    // 张敏: 07:59 (not in hours), 09:00 answered after 7 min (miss), 10:05 answered in 1 min (hit)
    expect(zhang.figures.quickRate).toBe(0.5);
    expect(zhang.missed).toEqual(['quickRate']);
    expect(zhang.figures.dissatisfiedRate).toBe(1);
    expect(reply.body.teamFinal).toEqual({ asked: 3, paid: 2, rate: 2 / 3 });
  });

  it('an agent sees their own figures against the team median', async () => {
    const li = await new TestClient(server.baseUrl).login('presale1');
    const reply = await li.get('/api/kpis/me?from=2026-11-03&to=2026-11-10');
    expect(reply.status).toBe(200);
    expect(reply.body.me.staffId).toBe(ids.presale1);
    expect(reply.body.days).toHaveLength(8);
    expect(typeof reply.body.teamMedian.responseAvgS).toBe('number');
    expect((await li.get('/api/kpis?from=2026-11-03&to=2026-11-10')).status).toBe(403);
  });

  it('exports CSV with a row per agent and day', async () => {
    const reply = await supervisor.get('/api/kpis/export.csv?from=2026-11-03&to=2026-11-05');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/csv');
    expect(String(reply.body)).toContain('2026-11-04,李娜');
  });

  it.each([
    ['a backwards range', 'from=2026-11-05&to=2026-11-01'],
    ['more than a year', 'from=2025-01-01&to=2026-11-01'],
    ['not a day', 'from=2026-11&to=2026-11-05'],
  ])('refuses %s with 400', async (_case, query) => {
    const reply = await supervisor.get(`/api/kpis?${query}`);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid');
  });

  it('refuses service hours that end before they start, and changes nothing', async () => {
    const reply = await supervisor.request('PUT', '/api/kpis/settings', { targets: {}, serviceHours: { startMinute: 600, endMinute: 300 } });
    expect(reply.status).toBe(400);
    expect((await supervisor.get('/api/kpis/settings')).body.targets).toEqual({ quickRate: 0.9 });
  });
});
