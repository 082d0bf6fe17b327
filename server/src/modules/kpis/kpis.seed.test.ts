/**
 * The demo chat history (`npm start`, kpis.seed.ts): once, consistent with what the chat
 * writes (the rollup, the live SQL and the KPI page agree on it), and enough for every
 * service-quality page to show something: KPIs with conversions and ratings, 质检 samples,
 * call-backs, two complaints (one overdue), yesterday's report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shopDay } from '@kefu/shared/domain/kpis/days';
import { DEFAULT_SERVICE_HOURS } from '@kefu/shared/domain/kpis/tally';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { QualityReportService } from '../qualityreport/qualityreport.service.ts';
import { kpisRepository } from './kpis.repository.ts';
import { rolledUpTallies, rollupKpis } from './kpis.rollup.ts';
import { DEMO_CHAT_DAYS, seedDemoChatHistory } from './kpis.seed.ts';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-11-30T02:00:00Z');
const TODAY = shopDay(NOW, TZ);
const FROM = addDays(TODAY, -DEMO_CHAT_DAYS);
const YESTERDAY = addDays(TODAY, -1);

let server: TestServer;
let supervisor: TestClient;
const count = async (sql: string, params: unknown[] = []) => Number(((await server.db.query(sql, params)) as Array<{ n: number }>)[0]!.n);

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock: () => NOW });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
});
afterAll(async () => {
  await server?.close();
});

describe('the demo chat history', () => {
  it('is seeded once: a second start adds nothing', async () => {
    expect(await seedDemoChatHistory(server.db, NOW, TZ)).toBe(true);
    const tables = ['chat_conversation', 'chat_message', 'chat_rating', 'quality_callback', 'shop_order', 'complaint', 'complaint_event'];
    const before = await Promise.all(tables.map((t) => count(`SELECT COUNT(*) AS n FROM ${t}`)));
    expect(before.every((n) => n > 0)).toBe(true);
    expect(await seedDemoChatHistory(server.db, new Date(NOW.getTime() + 86_400_000), TZ)).toBe(false);
    expect(await Promise.all(tables.map((t) => count(`SELECT COUNT(*) AS n FROM ${t}`)))).toEqual(before);
  });

  it('keeps the chat’s invariants: every question answered by the next staff line, first responses, closed chats, a call-back per low rating', async () => {
    expect(await count("SELECT COUNT(*) AS n FROM chat_conversation WHERE status <> 'closed' OR closed_at IS NULL OR first_response_at IS NULL")).toBe(0);
    // answered_at is the first staff message after the question, answered_by its writer.
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM chat_message b WHERE b.sender = 'buyer' AND NOT (b.answered_at <=> (
           SELECT MIN(s.created_at) FROM chat_message s WHERE s.conversation_id = b.conversation_id AND s.sender = 'staff' AND s.seq > b.seq))`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM chat_conversation c WHERE NOT (c.first_response_at <=> (SELECT MIN(s.created_at) FROM chat_message s WHERE s.conversation_id = c.id AND s.sender = 'staff'))
           OR NOT (c.first_buyer_message_at <=> (SELECT MIN(b.created_at) FROM chat_message b WHERE b.conversation_id = c.id AND b.sender = 'buyer'))`,
      ),
    ).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM chat_rating WHERE score <= 2')).toBe(await count('SELECT COUNT(*) AS n FROM quality_callback'));
    // Nothing in the future, nothing today (the history ends yesterday).
    expect(await count('SELECT COUNT(*) AS n FROM chat_message WHERE created_at > ?', [NOW])).toBe(0);
  });

  it('is written in time order, as live chats are: the history search, newest first by id, reads newest first by time', async () => {
    // Chats overlap (a chat's lines span minutes), so a message may be a little older than
    // the one before it; never by more than a chat lasts. A day's chats written in a random
    // order (the seed until 2026-11-30) put hours between neighbours.
    expect(await count('SELECT COUNT(*) AS n FROM chat_conversation a JOIN chat_conversation b ON b.id > a.id WHERE b.opened_at < a.opened_at')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM chat_message a JOIN chat_message b ON b.id = a.id + 1 WHERE b.created_at < a.created_at - INTERVAL 30 MINUTE')).toBe(0);
  });

  it('gives the KPI page figures, with the rollup equal to the live SQL', async () => {
    await rollupKpis(server.db, TZ, NOW);
    const range = { from: FROM, to: TODAY, tz: TZ, hours: DEFAULT_SERVICE_HOURS, now: NOW };
    const rolled = await rolledUpTallies(server.db.manager, range);
    const live = await kpisRepository.tallies(server.db.manager, range);
    expect(Object.fromEntries(rolled.daily)).toEqual(Object.fromEntries(live.daily));

    const reply = await supervisor.get(`/api/kpis?from=${FROM}&to=${TODAY}`);
    expect(reply.status).toBe(200);
    const team = reply.body.team;
    expect(team.questions).toBeGreaterThan(100);
    // Some answers were slow: the 3-minute rate is neither empty nor perfect.
    expect(team.quickRate).toBeGreaterThan(0.5);
    expect(team.quickRate).toBeLessThan(1);
    expect(team.answerRatio).toBeGreaterThan(1);
    expect(team.conversion).toBeGreaterThan(0);
    expect(team.orderValueFen).toBeGreaterThan(0);
    expect(team.ratings).toBeGreaterThan(20);
    expect(reply.body.agents.filter((a: { figures: { questions: number } }) => a.figures.questions > 0)).toHaveLength(4);
    expect(reply.body.teamComplaints).toMatchObject({ concerning: 1, verified: 1, handled: 1 });
  });

  it('gives 质检 samples, two complaints (one overdue) and yesterday’s report', async () => {
    const sample = await supervisor.get(`/api/inspections/sample?from=${FROM}&to=${YESTERDAY}&count=5`);
    expect(sample.status).toBe(200);
    expect(JSON.stringify(sample.body)).toMatch(/conversationId/);
    const complaints = (await supervisor.get('/api/complaints')).body as Array<{ status: string; overdue: boolean; category: string }>;
    expect(complaints.map((c) => [c.category, c.status, c.overdue])).toEqual([
      ['delivery', 'open', true],
      ['attitude', 'closed', false],
    ]);
    const built = await new QualityReportService(server.db, () => NOW, TZ).build();
    expect(built.report.day).toBe(YESTERDAY);
    expect(built.report.report.kpis.team.questions).toBeGreaterThan(0);
    expect(built.report.report.ratings.count).toBeGreaterThan(0);
  });
});
