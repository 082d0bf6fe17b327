/**
 * Issue 13's small items on the ledger: identical entries within a minute are questioned
 * ("record again?"), and an entry with neither evidence nor a note is refused. The clock is
 * the test's: 5 November 2026, 10:00 in Shanghai.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { scoringSnapshot, shanghai, staffIds } from './scoring.fixtures.ts';

let now = new Date('2026-11-05T02:00:00Z');
let server: TestServer;
let supervisor: TestClient;
let ids: Record<string, number>;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock: () => now });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
  ids = await staffIds(server.db);
});
afterAll(async () => {
  await server?.close();
});

const month = '2026-11';
const tick = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

describe('an identical entry within a minute is questioned', () => {
  it('the same person, rule, day and amount again → 409 duplicate_entry naming the first, nothing written; confirmDuplicate records it', async () => {
    const body = { staffId: ids.presale1!, rule: 'G05', occurredAt: shanghai(month, 3, '10:00:00'), note: '客户投诉态度差' };
    const first = await supervisor.post('/api/ledger', body);
    expect(first.status).toBe(201);

    tick(20_000);
    const before = await scoringSnapshot(server.db);
    // Another time on the same day and another note: still the same entry as far as pay goes.
    const again = await supervisor.post('/api/ledger', { ...body, occurredAt: shanghai(month, 3, '15:30:00'), note: '同一投诉' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'conflict', details: { reason: 'duplicate_entry', entryId: first.body.id } });
    expect(await scoringSnapshot(server.db)).toEqual(before);

    const confirmed = await supervisor.post('/api/ledger', { ...body, confirmDuplicate: true });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body).toMatchObject({ staffId: ids.presale1, rule: 'G05', points: -3 });
    expect(confirmed.body).not.toHaveProperty('confirmDuplicate');
    const audit = (await server.db.query("SELECT details FROM audit_log WHERE action = 'ledger.record' AND entity_id = ?", [String(confirmed.body.id)])) as Array<{ details: string }>;
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ rule: 'G05', confirmedDuplicate: true });
  });

  it('a different person, rule, day or amount, or the same after a minute, is recorded without a question', async () => {
    const base = { staffId: ids.presale2!, rule: 'G06', occurredAt: shanghai(month, 4), points: 5, note: '好评' };
    expect((await supervisor.post('/api/ledger', base)).status).toBe(201);
    for (const variant of [
      { points: 6 },
      { staffId: ids.aftersale1! },
      { occurredAt: shanghai(month, 2) },
      { rule: 'G06', amountFen: 5000, points: undefined },
    ]) {
      const reply = await supervisor.post('/api/ledger', { ...base, ...variant });
      expect(reply.status, JSON.stringify(variant)).toBe(201);
    }
    expect((await supervisor.post('/api/ledger', base)).status).toBe(409);
    tick(61_000);
    expect((await supervisor.post('/api/ledger', base)).status).toBe(201);
  });

  it('a revoked entry is not a reason to ask', async () => {
    const body = { staffId: ids.aftersale2!, rule: 'G16', occurredAt: shanghai(month, 4), note: '记错了' };
    const first = await supervisor.post('/api/ledger', body);
    expect((await supervisor.post(`/api/ledger/${first.body.id}/revoke`, { reason: '记错人' })).status).toBe(201);
    expect((await supervisor.post('/api/ledger', body)).status).toBe(201);
  });
});

describe('an entry needs evidence or a note', () => {
  it('neither (or a note of spaces) → 400 note_required on the field note, nothing written', async () => {
    const before = await scoringSnapshot(server.db);
    for (const extra of [{}, { note: '   ' }, { evidence: [] }]) {
      const reply = await supervisor.post('/api/ledger', { staffId: ids.presale1!, rule: 'G15', occurredAt: shanghai(month, 2), ...extra });
      expect(reply.status).toBe(400);
      expect(reply.body.error).toMatchObject({ code: 'invalid', details: { field: 'note', reason: 'note_required', issues: [{ path: 'note' }] } });
    }
    expect(await scoringSnapshot(server.db)).toEqual(before);
  });

  it('evidence alone or a note alone is enough', async () => {
    const withEvidence = await supervisor.post('/api/ledger', { staffId: ids.presale1!, rule: 'G15', occurredAt: shanghai(month, 2), evidence: [{ kind: 'chat', id: '12:3' }] });
    expect(withEvidence.status).toBe(201);
    const withNote = await supervisor.post('/api/ledger', { staffId: ids.presale1!, rule: 'G16', occurredAt: shanghai(month, 2), note: '例会迟到' });
    expect(withNote.status).toBe(201);
  });

  it('bulk entry: a row with neither is listed, and nothing of the batch is written', async () => {
    const before = await scoringSnapshot(server.db);
    const reply = await supervisor.post('/api/ledger/bulk', {
      entries: [
        { staffId: ids.presale1!, rule: 'G15', occurredAt: shanghai(month, 1), note: '例会缺席' },
        { staffId: ids.presale2!, rule: 'G15', occurredAt: shanghai(month, 1) },
      ],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details).toMatchObject({ reason: 'rows_invalid', count: 1, rows: [{ line: 2, reason: 'note_required' }] });
    expect(await scoringSnapshot(server.db)).toEqual(before);
  });
});
