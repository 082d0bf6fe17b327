import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { entryBody, scoringSnapshot, settleHere, shanghai, staffIds } from './scoring.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let manager: TestClient;
let presale1: TestClient;
let ids: Record<string, number>;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  [supervisor, manager, presale1] = await Promise.all([loggedIn(server.baseUrl, 'supervisor'), loggedIn(server.baseUrl, 'manager'), loggedIn(server.baseUrl, 'presale1')]);
  ids = await staffIds(server.db);
});
afterAll(async () => {
  await server?.close();
});

describe('recording an entry', () => {
  it('the supervisor records an entry: 201 with the stored entry, its shop-zone month, and an audit line', async () => {
    const reply = await supervisor.post(
      '/api/ledger',
      entryBody(ids.presale1!, 'G05', shanghai('2026-09', 3, '09:30:00'), { evidence: [{ kind: 'chat', id: 881 }], note: '买家投诉回复慢' }),
    );
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      id: expect.any(Number),
      staffId: ids.presale1,
      rule: 'G05',
      occurredAt: '2026-09-03T01:30:00.000Z',
      month: '2026-09',
      points: -3,
      amountFen: null,
      evidence: [{ kind: 'chat', id: '881' }],
      note: '买家投诉回复慢',
      status: 'confirmed',
      source: 'manual',
      createdBy: ids.supervisor,
      createdAt: expect.any(String),
      decidedBy: null,
      decidedAt: null,
      decisionReason: null,
      revocation: null,
      appeal: null,
      correction: null,
      correctedBy: null,
      images: [],
    });
    const [audit] = await server.db.query("SELECT actor_id AS actorId, action FROM audit_log WHERE entity = 'ledger_entry' AND entity_id = ?", [String(reply.body.id)]);
    expect(audit).toEqual({ actorId: ids.supervisor, action: 'ledger.record' });
  });

  it('an entry at 00:30 on the 1st, shop time, belongs to the new month', async () => {
    const reply = await supervisor.post('/api/ledger', entryBody(ids.presale2!, 'G09', '2026-09-30T16:30:00Z'));
    expect(reply.status).toBe(201);
    expect(reply.body.month).toBe('2026-10');
  });

  it.each([
    ['G06 with points in range', { rule: 'G06', points: 12 }, { points: 12, amountFen: null }],
    ['G06 as a cash reward', { rule: 'G06', amountFen: 5000 }, { points: null, amountFen: 5000 }],
    ['A04 with the postage to repay', { rule: 'A04', amountFen: 1200, staff: 'aftersale1' }, { points: -2, amountFen: 1200 }],
    ['G01, money only', { rule: 'G01' }, { points: null, amountFen: null }],
    ['G07, points by its place in the month', { rule: 'G07' }, { points: null, amountFen: null }],
  ])('%s is stored as the rule says', async (_name, input, stored) => {
    const { rule, staff = 'presale2', ...amounts } = input as { rule: string; staff?: string };
    const reply = await supervisor.post('/api/ledger', entryBody(ids[staff]!, rule, shanghai('2026-09', 10), amounts));
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject(stored);
  });
});

describe('a refused entry is 400 naming the problem, and nothing is written', () => {
  const month = '2026-09';
  it.each([
    ['an unknown rule', () => entryBody(ids.presale1!, 'G13', shanghai(month, 4)), /rule/],
    ['a month-end rule', () => entryBody(ids.presale1!, 'M01', shanghai(month, 4)), /rule: M01: is computed by the month-end settlement/],
    ['a date that does not exist', () => entryBody(ids.presale1!, 'G05', '2026-02-30T10:00:00+08:00'), /occurredAt/],
    ['a date without its zone', () => entryBody(ids.presale1!, 'G05', '2026-09-04T10:00:00'), /occurredAt/],
    ['not a date at all', () => entryBody(ids.presale1!, 'G05', 'yesterday'), /occurredAt/],
    ['points above the range', () => entryBody(ids.presale1!, 'G06', shanghai(month, 4), { points: 21 }), /points: G06: points must be a whole number from 3 to 20, got 21/],
    ['points below the range', () => entryBody(ids.presale1!, 'G06', shanghai(month, 4), { points: 2 }), /points: G06: .*from 3 to 20/],
    ['G06 with neither points nor amountFen', () => entryBody(ids.presale1!, 'G06', shanghai(month, 4)), /points: G06: points from 3 to 20 are required/],
    ['points on a fixed rule', () => entryBody(ids.presale1!, 'G05', shanghai(month, 4), { points: -3 }), /points: G05: has fixed points/],
    ['amountFen on a rule without money', () => entryBody(ids.presale1!, 'G05', shanghai(month, 4), { amountFen: 100 }), /amountFen: G05/],
    ['A04 without the postage', () => entryBody(ids.aftersale1!, 'A04', shanghai(month, 4)), /amountFen: A04: amountFen .* is required/],
    ['a pre-sale rule on an after-sale agent', () => entryBody(ids.aftersale1!, 'P01', shanghai(month, 4)), /staffId: P01: applies only to staff with the role presale/],
    ['a printer rule on the supervisor', () => entryBody(ids.supervisor!, 'R01', shanghai(month, 4)), /staffId: R01: applies only to staff with the role printer/],
    ['the manager', () => entryBody(ids.manager!, 'G05', shanghai(month, 4)), /staffId: G05: managers are not on the scoresheet/],
    ['an unknown person', () => entryBody(99999, 'G05', shanghai(month, 4)), /staffId: no staff member with id 99999/],
    ['no staffId', () => ({ rule: 'G05', occurredAt: shanghai(month, 4) }), /staffId: staffId is required/],
    ['a negative amount', () => entryBody(ids.aftersale1!, 'A04', shanghai(month, 4), { amountFen: -5 }), /amountFen: amountFen must be more than 0/],
    ['an unknown evidence kind', () => entryBody(ids.presale1!, 'G05', shanghai(month, 4), { evidence: [{ kind: 'email', id: 1 }] }), /evidence\.0\.kind/],
    ['an unknown field', () => ({ ...entryBody(ids.presale1!, 'G05', shanghai(month, 4)), reason: 'x' }), /Unrecognized key/],
  ])('%s', async (_name, body, message) => {
    const before = await scoringSnapshot(server.db);
    const reply = await supervisor.post('/api/ledger', body());
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid');
    expect(reply.body.error.message).toMatch(message);
    expect(await scoringSnapshot(server.db)).toEqual(before);
  });

  it('a day the person was not employed (created today, charged for an earlier month)', async () => {
    const created = await supervisor.post('/api/staff', { username: 'leaver', displayName: '离职', password: 'password1', roles: ['presale'], baseWageFen: 300000 });
    await supervisor.patch(`/api/staff/${created.body.id}`, { active: false });
    const before = await scoringSnapshot(server.db);
    const reply = await supervisor.post('/api/ledger', entryBody(created.body.id, 'G05', shanghai(month, 4)));
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/occurredAt: G05: the staff member was not employed on that day/);
    expect(await scoringSnapshot(server.db)).toEqual(before);
  });
});

describe('authorisation', () => {
  it('a pre-sale agent cannot record, revoke or see anyone else’s entries', async () => {
    const other = await supervisor.post('/api/ledger', entryBody(ids.presale2!, 'G16', shanghai('2026-08', 2)));
    const own = await supervisor.post('/api/ledger', entryBody(ids.presale1!, 'G16', shanghai('2026-08', 3)));
    const before = await scoringSnapshot(server.db);
    expect((await presale1.post('/api/ledger', entryBody(ids.presale2!, 'G05', shanghai('2026-08', 4)))).status).toBe(403);
    expect((await presale1.post(`/api/ledger/${other.body.id}/revoke`, { reason: '我觉得不对' })).status).toBe(403);
    const asked = await presale1.get(`/api/ledger?month=2026-08&staffId=${ids.presale2}`);
    expect(asked.status).toBe(403);
    expect(asked.body.error.message).toMatch(/staffId: you may only see your own/);
    const mine = await presale1.get('/api/ledger?month=2026-08');
    expect(mine.body.map((e: { id: number }) => e.id)).toEqual([own.body.id]);
    expect((await presale1.get(`/api/ledger?month=2026-08&staffId=${ids.presale1}`)).body).toHaveLength(1);
    expect((await presale1.get(`/api/ledger/${other.body.id}/appeal`)).status).toBe(403);
    expect((await presale1.post(`/api/ledger/${other.body.id}/appeal`, { reason: '不是我' })).status).toBe(403);
    expect(await scoringSnapshot(server.db)).toEqual(before);
  });

  it('supervisors and managers see everyone’s entries, filtered by month and person', async () => {
    const all = await manager.get('/api/ledger?month=2026-08');
    expect(all.status).toBe(200);
    expect(new Set(all.body.map((e: { staffId: number }) => e.staffId))).toEqual(new Set([ids.presale1, ids.presale2]));
    const one = await supervisor.get(`/api/ledger?month=2026-08&staffId=${ids.presale2}`);
    expect(one.body.every((e: { staffId: number }) => e.staffId === ids.presale2)).toBe(true);
    expect((await supervisor.get('/api/ledger?month=2026-13')).status).toBe(400);
  });
});

describe('revoking', () => {
  it('a revoked entry stays in the ledger, counts nothing, and cannot be revoked twice', async () => {
    const entry = await supervisor.post('/api/ledger', entryBody(ids.presale1!, 'G12', shanghai('2026-07', 5)));
    expect((await presale1.get('/api/scoring/me?month=2026-07')).body.score).toBe(97);
    const revoked = await supervisor.post(`/api/ledger/${entry.body.id}/revoke`, { reason: '信息是仓库填错的' });
    expect(revoked.status).toBe(201);
    expect(revoked.body.revocation).toEqual({ reason: '信息是仓库填错的', by: ids.supervisor, at: expect.any(String) });
    const me = await presale1.get('/api/scoring/me?month=2026-07');
    expect(me.body.score).toBe(100);
    expect(me.body.entries).toEqual([expect.objectContaining({ id: entry.body.id, countedPoints: 0, revocation: expect.any(Object) })]);
    const again = await supervisor.post(`/api/ledger/${entry.body.id}/revoke`, { reason: 'again' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(`Entry ${entry.body.id} is already revoked`);
    expect((await supervisor.post('/api/ledger/99999/revoke', { reason: 'x' })).status).toBe(404);
    const empty = await supervisor.post(`/api/ledger/${entry.body.id}/revoke`, { reason: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/reason: reason must not be empty/);
  });
});

describe('appeals', () => {
  it('the person charged appeals; both sides write in the thread; the supervisor upholds it with a reason', async () => {
    const entry = await supervisor.post('/api/ledger', entryBody(ids.presale1!, 'G15', shanghai('2026-06', 8)));
    const filed = await presale1.post(`/api/ledger/${entry.body.id}/appeal`, { reason: '当天我在处理退款，不是不服从' });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ entryId: entry.body.id, staffId: ids.presale1, status: 'open', reason: '当天我在处理退款，不是不服从' });
    expect(filed.body.messages).toEqual([{ id: expect.any(Number), authorId: ids.presale1, authorName: '李娜', kind: 'appeal', text: '当天我在处理退款，不是不服从', at: expect.any(String) }]);

    // The supervisor hears of it, and sees it in the list of open appeals.
    const notes = await supervisor.get('/api/notifications');
    expect(notes.body[0]).toMatchObject({ kind: 'appeal.filed', payload: { entryId: entry.body.id, appealId: filed.body.id } });
    expect((await supervisor.get('/api/scoring/appeals?status=open')).body.map((a: { id: number }) => a.id)).toContain(filed.body.id);

    await supervisor.post(`/api/ledger/${entry.body.id}/appeal/messages`, { text: '请提供退款单号' });
    await presale1.post(`/api/ledger/${entry.body.id}/appeal/messages`, { text: 'TK20260608001' });
    const decided = await supervisor.post(`/api/ledger/${entry.body.id}/appeal/decision`, { decision: 'uphold', reason: '退款不急，应先服从安排' });
    expect(decided.status).toBe(200);
    expect(decided.body.status).toBe('upheld');
    expect(decided.body.decisionReason).toBe('退款不急，应先服从安排');

    const seenByAgent = await presale1.get(`/api/ledger/${entry.body.id}/appeal`);
    expect(seenByAgent.body.messages.map((m: { kind: string; text: string }) => [m.kind, m.text])).toEqual([
      ['appeal', '当天我在处理退款，不是不服从'],
      ['message', '请提供退款单号'],
      ['message', 'TK20260608001'],
      ['decision', '退款不急，应先服从安排'],
    ]);
    expect((await manager.get(`/api/ledger/${entry.body.id}/appeal`)).body.status).toBe('upheld');
    expect((await presale1.get('/api/notifications')).body[0]).toMatchObject({ kind: 'appeal.decided', payload: { decision: 'uphold' } });
    // Still counted: upheld.
    expect((await presale1.get('/api/scoring/me?month=2026-06')).body.score).toBe(95);

    const twice = await presale1.post(`/api/ledger/${entry.body.id}/appeal`, { reason: '再申诉' });
    expect(twice.status).toBe(409);
    const late = await supervisor.post(`/api/ledger/${entry.body.id}/appeal/decision`, { decision: 'revoke', reason: 'x' });
    expect(late.status).toBe(409);
  });

  it('an appeal decided "revoke" revokes the entry, which then counts nothing', async () => {
    const entry = await supervisor.post('/api/ledger', entryBody(ids.presale1!, 'G16', shanghai('2026-06', 9)));
    await presale1.post(`/api/ledger/${entry.body.id}/appeal`, { reason: '差评里说的是另一位客服' });
    const decided = await supervisor.post(`/api/ledger/${entry.body.id}/appeal/decision`, { decision: 'revoke', reason: '核实：差评针对的是售后' });
    expect(decided.body.status).toBe('revoked');
    expect(decided.body.entry.revocation).toMatchObject({ reason: '核实：差评针对的是售后', by: ids.supervisor });
    expect((await presale1.get('/api/scoring/me?month=2026-06')).body.score).toBe(95); // only G15 −5 left
  });

  it('refuses an appeal from someone other than the person charged, and a decision from the agent', async () => {
    const entry = await supervisor.post('/api/ledger', entryBody(ids.presale2!, 'G05', shanghai('2026-06', 10)));
    const before = await scoringSnapshot(server.db);
    expect((await presale1.post(`/api/ledger/${entry.body.id}/appeal`, { reason: '替她申诉' })).status).toBe(403);
    const presale2 = await loggedIn(server.baseUrl, 'presale2');
    await presale2.post(`/api/ledger/${entry.body.id}/appeal`, { reason: '客户是恶意投诉' });
    const after = await scoringSnapshot(server.db);
    expect(after.appeals).toBe(before.appeals + 1);
    expect((await presale2.post(`/api/ledger/${entry.body.id}/appeal/decision`, { decision: 'revoke', reason: '我自己批' })).status).toBe(403);
    expect((await presale1.post(`/api/ledger/${entry.body.id}/appeal/messages`, { text: '插一句' })).status).toBe(403);
    const bad = await supervisor.post(`/api/ledger/${entry.body.id}/appeal/decision`, { decision: 'maybe', reason: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/decision: decision must be uphold or revoke/);
    expect(await scoringSnapshot(server.db)).toEqual(after);
  });
});

describe('the month lock', () => {
  it('an approved month refuses entries and settling with 409 locked; revocations and appeal decisions become corrections', async () => {
    const month = '2026-05';
    const kept = await supervisor.post('/api/ledger', entryBody(ids.presale1!, 'G10', shanghai(month, 12)));
    await presale1.post(`/api/ledger/${kept.body.id}/appeal`, { reason: '下班前已交接' });
    await supervisor.post(`/api/ledger/${kept.body.id}/appeal/decision`, { decision: 'uphold', reason: '交接不完整' });
    const appealed = await supervisor.post('/api/ledger', entryBody(ids.presale1!, 'G09', shanghai(month, 13)));
    await settleHere(server.db, month);
    expect((await supervisor.post(`/api/scoring/months/${month}/submit`)).body.status).toBe('submitted');

    // Submitted: already locked, until the manager returns or approves it.
    const whileSubmitted = await supervisor.post('/api/ledger', entryBody(ids.presale1!, 'G05', shanghai(month, 14)));
    expect(whileSubmitted.status).toBe(409);
    expect(whileSubmitted.body.error).toMatchObject({ code: 'locked', message: 'Month 2026-05 is submitted for approval: recording an entry must wait until the manager returns it' });

    expect((await manager.post(`/api/scoring/months/${month}/approve`)).body.status).toBe('approved');
    // The staff member may still appeal (they may only notice now).
    expect((await presale1.post(`/api/ledger/${appealed.body.id}/appeal`, { reason: '已关闭对话框' })).status).toBe(201);

    const before = await scoringSnapshot(server.db);
    const refused = [
      await supervisor.post('/api/ledger', entryBody(ids.presale1!, 'G05', shanghai(month, 20))),
      await supervisor.post('/api/ledger', entryBody(ids.presale2!, 'G05', '2026-05-31T15:59:59.999Z')), // 23:59:59.999 on the 31st, Shanghai
      await supervisor.post(`/api/scoring/months/${month}/settle`),
    ];
    for (const reply of refused) {
      expect(reply.status).toBe(409);
      expect(reply.body.error.code).toBe('locked');
      expect(reply.body.error.message).toMatch(/^Month 2026-05 is approved and locked/);
    }
    expect(await scoringSnapshot(server.db)).toEqual(before);

    // Revoking, or deciding an appeal, now corrects in the current month (scoring.calendar.test.ts has the figures).
    const sheet = (await supervisor.get(`/api/scoring/months/${month}`)).body.staff;
    const revoked = await supervisor.post(`/api/ledger/${kept.body.id}/revoke`, { reason: '迟到的更正' });
    expect(revoked.status).toBe(201);
    expect(revoked.body).toMatchObject({ revocation: null, correctedBy: expect.any(Number) });
    const decided = await supervisor.post(`/api/ledger/${appealed.body.id}/appeal/decision`, { decision: 'revoke', reason: '已核实' });
    expect(decided.body).toMatchObject({ status: 'revoked', entry: { correctedBy: expect.any(Number) } });
    expect((await supervisor.get(`/api/scoring/months/${month}`)).body.staff).toEqual(sheet);

    // The next month is open: 00:00 on June 1st, Shanghai.
    expect((await supervisor.post('/api/ledger', entryBody(ids.presale2!, 'G05', '2026-05-31T16:00:00Z'))).status).toBe(201);
  });
});

describe('live updates', () => {
  it('the person charged hears of a new entry on their socket, after it is stored', async () => {
    const socket = connect(server.baseUrl, { transports: ['websocket'], extraHeaders: { cookie: presale1.cookie }, reconnection: false, forceNew: true });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const changed = new Promise<{ id: number; staffId: number; month: string }>((resolve) => socket.once('ledger:changed', resolve));
    const notified = new Promise<{ kind: string; payload: { entryId: number } }>((resolve) => socket.once('notification:new', resolve));
    const entry = await supervisor.post('/api/ledger', entryBody(ids.presale1!, 'G08', shanghai('2026-04', 2)));
    expect(await changed).toEqual({ id: entry.body.id, staffId: ids.presale1, month: '2026-04' });
    expect(await notified).toMatchObject({ kind: 'ledger.entry', payload: { entryId: entry.body.id } });
    const [row] = await server.db.query('SELECT COUNT(*) AS n FROM ledger_entry WHERE id = ?', [entry.body.id]);
    expect(Number(row.n)).toBe(1);
    socket.close();
  });
});

describe('concurrent writes', () => {
  it('entries recorded at once into a new month all land; one entry revoked twice at once is revoked once', async () => {
    const month = '2026-03';
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => supervisor.post('/api/ledger', entryBody(ids.presale2!, 'G09', shanghai(month, i + 1)))));
    expect(replies.map((r) => r.status)).toEqual(Array(8).fill(201));
    const [row] = await server.db.query('SELECT ledger_version AS v FROM scoring_month WHERE month = ?', [month]);
    expect(Number(row.v)).toBe(8);
    const target = replies[0]!.body.id;
    const revokes = await Promise.all([supervisor.post(`/api/ledger/${target}/revoke`, { reason: 'a' }), supervisor.post(`/api/ledger/${target}/revoke`, { reason: 'b' })]);
    expect(revokes.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});
