import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopDay, addDays } from '@kefu/shared/domain/kpis/days';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { staffIds } from '../scoring/scoring.fixtures.ts';
import { insertChat } from '../kpis/kpis.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let presale1: TestClient;
let presale2: TestClient;
let ids: Record<string, number>;
const MIN = 60_000;
const chats: Record<string, number> = {};
const today = () => shopDay(new Date(), 'Asia/Shanghai');
const range = () => `from=${addDays(today(), -1)}&to=${today()}`;

/** Every item full marks, then the given overrides. */
const marks = (over: Record<string, object> = {}) =>
  [
    { item: 'greeting', points: 10 },
    { item: 'promotion', pass: true },
    { item: 'item', points: 15 },
    { item: 'order_confirm', points: 15 },
    { item: 'favourite', pass: true },
    { item: 'accuracy', points: 20 },
    { item: 'attitude', points: 20 },
    { item: 'closing', pass: true },
  ].map((m) => ({ ...m, ...over[m.item] }));

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
  presale1 = await loggedIn(server.baseUrl, 'presale1');
  presale2 = await loggedIn(server.baseUrl, 'presale2');
  ids = await staffIds(server.db);
  const t0 = new Date(Date.now() - 60 * MIN);
  const at = (minutes: number) => new Date(t0.getTime() + minutes * MIN);
  await server.db.transaction(async (tx) => {
    // waited 10 minutes for the first answer
    chats.slow = (await insertChat(tx, { buyerId: 'tb_qc_slow', agentId: ids.presale1!, messages: [['buyer', at(0)], [ids.presale1!, at(10)]] })).conversation.id;
    // answered at once, but rated 1
    chats.rated = (await insertChat(tx, { buyerId: 'tb_qc_rated', agentId: ids.presale1!, messages: [['buyer', at(1)], [ids.presale1!, at(1.5)]] })).conversation.id;
    await tx.query('INSERT INTO chat_rating (conversation_id, buyer_id, staff_id, score, comment, created_at) VALUES (?, ?, ?, 1, ?, ?)', [chats.rated, 'tb_qc_rated', ids.presale1, '态度差', at(2)]);
    // an after-sale chat with a complaint
    chats.complained = (await insertChat(tx, { buyerId: 'tb_qc_complained', agentId: ids.aftersale1!, messages: [['buyer', at(2)], [ids.aftersale1!, at(2.5)]] })).conversation.id;
    await tx.query("UPDATE chat_conversation SET role = 'aftersale' WHERE id = ?", [chats.complained]);
    // a quick, unremarkable chat
    chats.plain = (await insertChat(tx, { buyerId: 'tb_qc_plain', agentId: ids.presale1!, messages: [['buyer', at(3)], [ids.presale1!, at(3.5)], ['buyer', at(4)], [ids.presale1!, at(4.5)]] })).conversation.id;
    // nobody answered: nobody to inspect
    chats.unserved = (await insertChat(tx, { buyerId: 'tb_qc_unserved', agentId: null, messages: [['buyer', at(5)]] })).conversation.id;
  });
  const complaint = await supervisor.post('/api/complaints', {
    source: 'chat', conversationId: chats.complained, buyerId: 'tb_qc_complained', staffId: ids.aftersale1, category: 'attitude', severity: 'low', handlerId: ids.aftersale2, description: '售后不理人',
  });
  expect(complaint.status).toBe(201);
});
afterAll(async () => {
  await server?.close();
});

const sampled = async (query: string) => {
  const res = await supervisor.get(`/api/inspections/sample?${range()}&count=50&${query}`);
  expect(res.status).toBe(200);
  return res.body as { seed: number; candidates: Array<{ conversationId: number; staffId: number; longestWaitS: number | null; rating: number | null; complaints: number }> };
};
const sampledIds = async (query: string) => (await sampled(query)).candidates.map((c) => c.conversationId);

describe('sampling conversations', () => {
  it('draws at random among served chats; the same seed draws the same sample; an agent or a team narrows it', async () => {
    const all = await sampledIds('mode=random&seed=42');
    expect(all).toEqual(expect.arrayContaining([chats.slow, chats.rated, chats.complained, chats.plain]));
    expect(all).not.toContain(chats.unserved);
    expect(await sampledIds('mode=random&seed=42')).toEqual(all);

    const mine = await sampled(`staffId=${ids.presale1}`);
    expect(mine.candidates.every((c) => c.staffId === ids.presale1)).toBe(true);
    expect(mine.seed).toBeGreaterThan(0);
    const team = await sampledIds('team=aftersale');
    expect(team).toContain(chats.complained);
    expect(team).not.toContain(chats.slow);
    const two = await supervisor.get(`/api/inspections/sample?${range()}&staffId=${ids.presale1}&count=2`);
    expect(two.body.candidates).toHaveLength(2);
  });

  it.each([
    ['long_wait', 'slow'],
    ['low_rating', 'rated'],
    ['complaint', 'complained'],
  ])('mode %s finds the %s chat and not the plain one', async (mode, which) => {
    const found = await sampled(`mode=${mode}`);
    const ids = found.candidates.map((c) => c.conversationId);
    expect(ids).toContain(chats[which]);
    expect(ids).not.toContain(chats.plain);
    const hit = found.candidates.find((c) => c.conversationId === chats[which])!;
    if (mode === 'long_wait') expect(hit.longestWaitS).toBe(600);
    if (mode === 'low_rating') expect(hit.rating).toBe(1);
    if (mode === 'complaint') expect(hit.complaints).toBe(1);
  });

  it('waits are counted against the threshold chosen', async () => {
    expect(await sampledIds('mode=long_wait&waitMinutes=11')).not.toContain(chats.slow);
  });

  it('refuses a bad query and anyone but the supervisor', async () => {
    expect((await supervisor.get(`/api/inspections/sample?${range()}&mode=worst`)).status).toBe(400);
    expect((await supervisor.get(`/api/inspections/sample?${range()}&count=51`)).status).toBe(400);
    expect((await presale1.get(`/api/inspections/sample?${range()}`)).status).toBe(403);
  });
});

describe('an inspection from draft to the ledger', () => {
  let id: number;
  let version: number;

  it('opens one draft per conversation; the sample no longer offers it; nobody served → refused', async () => {
    const started = await supervisor.post('/api/inspections', { conversationId: chats.slow });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'draft', staffId: ids.presale1, conversationId: chats.slow, score: null, items: [] });
    id = started.body.id;
    version = started.body.version;
    const again = await supervisor.post('/api/inspections', { conversationId: chats.slow });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toMatchObject({ reason: 'inspection_exists', inspectionId: id });
    expect(await sampledIds('mode=random')).not.toContain(chats.slow);
    const unserved = await supervisor.post('/api/inspections', { conversationId: chats.unserved });
    expect(unserved.body.error.details.reason).toBe('inspection_no_agent');
    expect((await supervisor.post('/api/inspections', { conversationId: 99_999_999 })).status).toBe(400);
  });

  it('is not the agent’s to read while a draft', async () => {
    expect((await presale1.get(`/api/inspections/${id}`)).status).toBe(404);
    expect((await presale1.get('/api/inspections/mine')).body.map((i: { id: number }) => i.id)).not.toContain(id);
  });

  it('saves marks with the score computed on the server, refusing marks out of range and stale versions', async () => {
    const tooMany = await supervisor.patch(`/api/inspections/${id}`, { version, items: [{ item: 'accuracy', points: 25 }] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details).toMatchObject({ reason: 'inspection_points_range', item: 'accuracy' });
    const naAttitude = await supervisor.patch(`/api/inspections/${id}`, { version, items: [{ item: 'attitude', na: true }] });
    expect(naAttitude.body.error.details.reason).toBe('inspection_not_applicable');

    const partial = await supervisor.patch(`/api/inspections/${id}`, { version, items: [{ item: 'greeting', points: 5, comment: '没有欢迎语，直接报价' }] });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ score: 50, grade: 'D' });
    expect((await supervisor.patch(`/api/inspections/${id}`, { version, items: [] })).body.error.details.reason).toBe('version_changed');
    version = partial.body.version;

    const incomplete = await supervisor.post(`/api/inspections/${id}/publish`, { version });
    expect(incomplete.status).toBe(409);
    expect(incomplete.body.error.details).toMatchObject({ reason: 'inspection_incomplete', count: 7 });

    // 10 minutes before the first answer, curt, window left open: 100 − 5 − 10 − 15 − 10 − 10 = 50.
    const full = await supervisor.patch(`/api/inspections/${id}`, {
      version,
      items: marks({ greeting: { points: 5, comment: '没有欢迎语' }, accuracy: { points: 10 }, attitude: { points: 5, comment: '语气生硬' }, closing: { pass: false }, item: { points: 5 } }),
      summary: '首次响应 10 分钟，态度生硬',
    });
    expect(full.body).toMatchObject({ score: 50, grade: 'D', poor: true, suggestedRules: ['G05', 'G09'], summary: '首次响应 10 分钟，态度生硬' });
    version = full.body.version;
  });

  it('publishes once; the agent is told, reads it and answers; a published inspection does not change', async () => {
    const published = await supervisor.post(`/api/inspections/${id}/publish`, { version });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    version = published.body.version;
    expect((await supervisor.post(`/api/inspections/${id}/publish`, { version })).body.error.details.reason).toBe('inspection_not_draft');
    expect((await supervisor.patch(`/api/inspections/${id}`, { version, items: marks() })).body.error.details.reason).toBe('inspection_not_draft');

    const notes = (await server.db.query("SELECT payload FROM notification WHERE staff_id = ? AND kind = 'inspection.published'", [ids.presale1])) as Array<{ payload: string }>;
    expect(notes.map((n) => JSON.parse(n.payload))).toEqual([{ inspectionId: id, score: 50, grade: 'D' }]);

    const mine = await presale1.get('/api/inspections/mine');
    expect(mine.body.map((i: { id: number }) => i.id)).toContain(id);
    const replied = await presale1.post(`/api/inspections/${id}/replies`, { text: '当时同时接待 8 位买家，下次会先发欢迎语' });
    expect(replied.status).toBe(201);
    expect(replied.body.replies).toMatchObject([{ authorId: ids.presale1, text: '当时同时接待 8 位买家，下次会先发欢迎语' }]);
    const answered = await supervisor.post(`/api/inspections/${id}/replies`, { text: '忙时也要先用快捷短语发欢迎语' });
    expect(answered.body.replies).toHaveLength(2);
    // someone else's inspection is not theirs to read or answer
    expect((await presale2.get(`/api/inspections/${id}`)).status).toBe(404);
    expect((await presale2.post(`/api/inspections/${id}/replies`, { text: '我也说两句' })).status).toBe(404);
    expect((await presale1.post(`/api/inspections/${id}/replies`, { text: '' })).status).toBe(400);
    const audited = (await server.db.query("SELECT action FROM audit_log WHERE entity = 'inspection' AND entity_id = ? ORDER BY id", [String(id)])) as Array<{ action: string }>;
    expect(audited.map((a) => a.action)).toEqual(['inspection.start', 'inspection.save', 'inspection.save', 'inspection.publish', 'inspection.reply', 'inspection.reply']);
  });

  it('turns into one ledger entry for the agent with the chat as evidence', async () => {
    const current = (await supervisor.get(`/api/inspections/${id}`)).body;
    expect((await presale1.post(`/api/inspections/${id}/ledger`, { version: current.version, rule: 'G05' })).status).toBe(403);
    expect((await supervisor.post(`/api/inspections/${id}/ledger`, { version: current.version, rule: 'G16' })).status).toBe(400);
    const turned = await supervisor.post(`/api/inspections/${id}/ledger`, { version: current.version, rule: 'G05' });
    expect(turned.status).toBe(201);
    expect(turned.body.ledgerEntryId).toEqual(expect.any(Number));
    const entries = (await server.db.query('SELECT staff_id AS staffId, rule, points, status, evidence, note, source FROM ledger_entry WHERE id = ?', [turned.body.ledgerEntryId])) as Array<Record<string, unknown>>;
    expect(entries[0]).toMatchObject({ staffId: ids.presale1, rule: 'G05', points: -3, status: 'confirmed', source: 'manual' });
    expect(String(entries[0]!.evidence)).toContain(`"kind":"chat","id":"${chats.slow}"`);
    expect(String(entries[0]!.note)).toContain(`质检 #${id}`);
    const twice = await supervisor.post(`/api/inspections/${id}/ledger`, { version: turned.body.version, rule: 'G09' });
    expect(twice.body.error.details.reason).toBe('inspection_converted');
    expect(((await server.db.query('SELECT COUNT(*) AS n FROM ledger_entry WHERE note LIKE ?', [`质检 #${id}%`])) as Array<{ n: number }>)[0]!.n).toEqual(1);
  });

  it('a draft cannot become a ledger entry, and a rule the agent’s role does not have is refused and leaves it free', async () => {
    const draft = (await supervisor.post('/api/inspections', { conversationId: chats.rated })).body;
    expect((await supervisor.post(`/api/inspections/${draft.id}/ledger`, { version: draft.version, rule: 'G05' })).body.error.details.reason).toBe('inspection_not_published');
    const saved = (await supervisor.patch(`/api/inspections/${draft.id}`, { version: draft.version, items: marks({ attitude: { points: 15 } }) })).body;
    expect(saved).toMatchObject({ score: 95, grade: 'A', poor: false });
    const published = (await supervisor.post(`/api/inspections/${draft.id}/publish`, { version: saved.version })).body;
    // A01 is an after-sale rule: presale1 holds no such role.
    const refused = await supervisor.post(`/api/inspections/${draft.id}/ledger`, { version: published.version, rule: 'A01' });
    expect(refused.status).toBe(400);
    const after = (await supervisor.get(`/api/inspections/${draft.id}`)).body;
    expect(after.ledgerEntryId).toBeNull();
    expect((await supervisor.post(`/api/inspections/${draft.id}/ledger`, { version: after.version, rule: 'G09' })).status).toBe(201);
  });

  it('feeds the KPI figures: count and average score per agent over the range', async () => {
    const kpis = await supervisor.get(`/api/inspections/kpis?${range()}`);
    expect(kpis.status).toBe(200);
    expect(kpis.body.agents).toContainEqual({ staffId: ids.presale1, count: 2, averageScore: 72.5 });
    expect(kpis.body.team).toMatchObject({ count: 2, averageScore: 72.5 });
    const me = await presale1.get(`/api/inspections/kpis/me?${range()}`);
    expect(me.body.me).toEqual({ staffId: ids.presale1, count: 2, averageScore: 72.5 });
    const other = await presale2.get(`/api/inspections/kpis/me?${range()}`);
    expect(other.body.me).toEqual({ staffId: ids.presale2, count: 0, averageScore: null });
    expect((await presale1.get(`/api/inspections/kpis?${range()}`)).status).toBe(403);
    const lastYear = await supervisor.get(`/api/inspections/kpis?from=2020-01-01&to=2020-01-31`);
    expect(lastYear.body.team).toEqual({ count: 0, averageScore: null });
  });
});
