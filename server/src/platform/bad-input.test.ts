import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness.ts';
import { loggedIn, type TestClient } from '../testing/http-client.ts';
import { connected, socketOf } from '../modules/chat/chat.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
});
afterAll(async () => {
  await server?.close();
});

/** What a write could have touched: refusals must leave all of it as it was. */
async function snapshot() {
  const [staff] = await server.db.query('SELECT COUNT(*) AS n, SUM(version) AS v FROM staff');
  const [roles] = await server.db.query('SELECT COUNT(*) AS n FROM staff_role');
  const [audits] = await server.db.query("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'staff.%'");
  return { staff: Number(staff.n), versions: Number(staff.v), roles: Number(roles.n), audits: Number(audits.n) };
}

const valid = { username: 'newbie', displayName: '新人', password: 'password1', roles: ['presale'], baseWageFen: 300000 };

describe('bad input is refused with a clear error and changes nothing', () => {
  it.each([
    ['malformed JSON', { raw: '{"username": "x",' }, 400, 'bad_json', /not valid JSON/],
    ['a body over 1 MB', { raw: JSON.stringify({ ...valid, displayName: 'x'.repeat(1_100_000) }) }, 413, 'payload_too_large', /larger than 1 MB/],
    ['a missing field', { body: { ...valid, username: undefined } }, 400, 'invalid', /username: is required/],
    ['a wrong type', { body: { ...valid, baseWageFen: '3000' } }, 400, 'invalid', /baseWageFen: .*expected number/],
    ['a wage that is not whole fen', { body: { ...valid, baseWageFen: 12.5 } }, 400, 'invalid', /baseWageFen/],
    ['a negative wage', { body: { ...valid, baseWageFen: -1 } }, 400, 'invalid', /baseWageFen/],
    ['an unknown role', { body: { ...valid, roles: ['boss'] } }, 400, 'invalid', /roles\.0/],
    ['no roles', { body: { ...valid, roles: [] } }, 400, 'invalid', /roles: roles must name at least one role/],
    ['a short password', { body: { ...valid, password: 'short' } }, 400, 'invalid', /password: password must have at least 8 characters/],
    ['a username with spaces', { body: { ...valid, username: 'two words' } }, 400, 'invalid', /username: username may contain only/],
    ['an array instead of an object', { body: [valid] }, 400, 'invalid', /expected object/],
    ['not JSON at all', { raw: 'username=newbie', contentType: 'application/x-www-form-urlencoded' }, 400, 'invalid', /a JSON body is required/],
  ])('POST /api/staff with %s', async (_name, input, status, code, message) => {
    const before = await snapshot();
    const reply =
      'raw' in input
        ? await supervisor.request('POST', '/api/staff', undefined, { raw: input.raw, ...('contentType' in input ? { contentType: input.contentType } : {}) })
        : await supervisor.post('/api/staff', input.body);
    expect(reply.status).toBe(status);
    expect(reply.body.error.code).toBe(code);
    expect(reply.body.error.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['an empty patch', {}, /at least one of/],
    ['an unknown field', { salary: 1 }, /Unrecognized key/],
    ['a wrong type', { active: 'no' }, /active: .*expected boolean/],
    ['an empty name', { displayName: '  ' }, /displayName: displayName must not be empty/],
  ])('PATCH /api/staff/:id with %s', async (_name, body, message) => {
    const before = await snapshot();
    const reply = await supervisor.patch('/api/staff/3', body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it('a non-numeric id is 400 naming the id', async () => {
    const reply = await supervisor.patch('/api/staff/abc', { displayName: '某' });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/^Invalid params: id:/);
  });

  // Issue 12: `PATCH /api/staff/%201` used to edit staff 1.
  it.each(['%201', '1%20', '0x3', '3e0', '+3', '03', '3.0', '%EF%BC%93'])('PATCH /api/staff/%s is 400 and changes nothing (ids are digits only)', async (id) => {
    const before = await snapshot();
    const reply = await supervisor.patch(`/api/staff/${id}`, { displayName: '某' });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/^Invalid params: id: must be an id written in digits only/);
    expect(await snapshot()).toEqual(before);
  });

  it.each(['staffId=1e0', 'staffId=%201', 'staffId=0x1', 'staffId=1&staffId=2'])('GET /api/ledger?%s is 400', async (query) => {
    const reply = await supervisor.get(`/api/ledger?month=2026-01&${query}`);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/^Invalid query: staffId/);
  });

  it.each(['"2"', '[2]', '2.5', '"0x2"'])('a socket conversationId of %s is an invalid ack', async (raw) => {
    const socket = await connected(socketOf(server.baseUrl, supervisor.cookie));
    try {
      const ack = await socket.emitWithAck('message:list', { conversationId: JSON.parse(raw), afterSeq: 0 });
      expect(ack.error.code).toBe('invalid');
      expect(ack.error.message).toMatch(/conversationId/);
    } finally {
      socket.close();
    }
  });

  // Issue 12: NUL and U+202E (right-to-left override) made names that spoof others.
  it.each([
    ['a NUL', '李\u0000娜', 'control_chars'],
    ['a right-to-left override', '李娜\u202Eecnanif', 'bidi_controls'],
    ['a first-strong isolate', '\u2068李娜', 'bidi_controls'],
    ['a new line', '李\n娜', 'control_chars'],
  ])('a display name with %s is 400 with the reason, and nothing is written', async (_name, displayName, reason) => {
    const before = await snapshot();
    const created = await supervisor.post('/api/staff', { ...valid, displayName });
    expect(created.status).toBe(400);
    expect(created.body.error.details.issues).toContainEqual(expect.objectContaining({ path: 'displayName', reason }));
    const patched = await supervisor.patch('/api/staff/3', { displayName });
    expect(patched.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('a fund outflow whose purpose has a NUL is 400 with the reason', async () => {
    const outflow = { amountFen: 100, occurredAt: '2026-01-05T10:00:00+08:00' };
    const nul = await supervisor.post('/api/scoring/fund/outflows', { ...outflow, purpose: '聚餐\u0000' });
    expect(nul.status).toBe(400);
    expect(nul.body.error.details.issues[0]).toMatchObject({ path: 'purpose', reason: 'control_chars' });
  });

  it('an unknown API route is 404 in the error shape', async () => {
    const reply = await supervisor.get('/api/nothing-here');
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('not_found');
  });

  it('a login without a password names the field', async () => {
    const reply = await supervisor.post('/api/auth/login', { username: 'supervisor' });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe('Invalid body: password: is required');
  });
});
