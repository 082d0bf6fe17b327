import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { entryBody, scoringSnapshot, shanghai, staffIds } from './scoring.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let presale1: TestClient;
let ids: Record<string, number>;
const MONTH = '2026-08';

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  [supervisor, presale1] = await Promise.all([loggedIn(server.baseUrl, 'supervisor'), loggedIn(server.baseUrl, 'presale1')]);
  ids = await staffIds(server.db);
});
afterAll(async () => {
  await server?.close();
});

function importCsv(client: TestClient, bytes: Buffer) {
  return fetch(`${server.baseUrl}/api/ledger/import`, {
    method: 'POST',
    headers: { cookie: client.cookie, 'x-kefu-request': '1', 'content-type': 'text/csv' },
    body: new Uint8Array(bytes),
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));
}

const HEADER = '员工,条款,时间,分数,金额(元),证据,备注';

describe('bulk entry', () => {
  it('a team meeting’s G15 for three people at once: 201 with every entry, each audited', async () => {
    const entries = ['presale1', 'presale2', 'aftersale1'].map((name) => entryBody(ids[name]!, 'G15', shanghai(MONTH, 3, '15:00:00'), { note: '例会不服从安排' }));
    const reply = await supervisor.post('/api/ledger/bulk', { entries });
    expect(reply.status).toBe(201);
    expect(reply.body.created.map((entry: { staffId: number; rule: string; points: number }) => [entry.staffId, entry.rule, entry.points])).toEqual([
      [ids.presale1, 'G15', -5],
      [ids.presale2, 'G15', -5],
      [ids.aftersale1, 'G15', -5],
    ]);
    const audits = (await server.db.query("SELECT entity_id FROM audit_log WHERE action = 'ledger.record'")) as unknown[];
    expect(audits).toHaveLength(3);
  });

  it('one refused row refuses them all: 400 naming each refused line, nothing written', async () => {
    const before = await scoringSnapshot(server.db);
    const reply = await supervisor.post('/api/ledger/bulk', {
      entries: [
        entryBody(ids.presale1!, 'G05', shanghai(MONTH, 4)),
        entryBody(ids.presale1!, 'A01', shanghai(MONTH, 4)), // after-sale's rule on a pre-sale agent
        entryBody(ids.presale2!, 'G05', '2099-01-01T10:00:00+08:00'), // the future
      ],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details).toMatchObject({ reason: 'rows_invalid', count: 2, rows: [{ line: 2, issues: [{ path: 'staffId' }] }, { line: 3, reason: 'future' }] });
    expect(await scoringSnapshot(server.db)).toEqual(before);
  });

  it('only the supervisor; an empty list is 400', async () => {
    expect((await presale1.post('/api/ledger/bulk', { entries: [entryBody(ids.presale1!, 'G05', shanghai(MONTH, 4))] })).status).toBe(403);
    expect((await supervisor.post('/api/ledger/bulk', { entries: [] })).status).toBe(400);
  });
});

describe('CSV import', () => {
  it('a GBK file from Excel: people by name or username, money in yuan, evidence links; 201', async () => {
    const text = `${HEADER}\r\n李娜,G05,${MONTH}-05 14:30,,,chat:12:34,回复慢\r\npresale2,G06,${MONTH}-06,5,,,"好建议, 采纳"\r\n赵静,A04,${MONTH}-07 10:00,,12.50,,垫付运费\r\n`;
    const reply = await importCsv(supervisor, iconv.encode(text, 'gbk'));
    expect(reply.status).toBe(201);
    expect(reply.body.created.map((e: any) => [e.staffId, e.rule, e.points, e.amountFen, e.occurredAt, e.evidence, e.note])).toEqual([
      [ids.presale1, 'G05', -3, null, `${MONTH}-05T06:30:00.000Z`, [{ kind: 'chat', id: '12:34' }], '回复慢'],
      [ids.presale2, 'G06', 5, null, `${MONTH}-06T04:00:00.000Z`, [], '好建议, 采纳'],
      [ids.aftersale2, 'A04', -2, 1250, `${MONTH}-07T02:00:00.000Z`, [], '垫付运费'],
    ]);
  });

  it('every problem reported by its file line, nothing half-applied', async () => {
    const before = await scoringSnapshot(server.db);
    const text = [
      HEADER,
      `李娜,G05,${MONTH}-08 09:00,,,,回复慢`, // fine on its own (a note: no evidence)
      `王小二,G05,${MONTH}-08 09:00,,,,`, // nobody of that name
      `李娜,G05,8月8日,,,,`, // unreadable time
      `李娜,G06,${MONTH}-08,,,,`, // G06 needs points or cash
      `李娜,G05,${MONTH}-08,,,链接,`, // evidence without kind
      `李娜,G99,${MONTH}-08,,,,`, // no such rule
      `李娜,G05,2099-01-01 10:00,,,,`, // the future
    ].join('\n');
    const reply = await importCsv(supervisor, Buffer.from(text, 'utf8'));
    expect(reply.status).toBe(400);
    const rows = reply.body.error.details.rows as Array<{ line: number; reason?: string; issues?: Array<{ path: string }> }>;
    expect(reply.body.error.details).toMatchObject({ reason: 'rows_invalid', count: 6 });
    expect(rows.map((row) => [row.line, row.reason ?? row.issues?.map((issue) => issue.path).join(',')])).toEqual([
      [3, 'unknown_staff'],
      [4, 'occurredAt'],
      [5, expect.stringMatching(/points|amountFen/)],
      [6, 'evidence'],
      [7, 'rule'],
      [8, 'future'],
    ]);
    expect(await scoringSnapshot(server.db)).toEqual(before);
  });

  it.each([
    ['a header without the rule column', '员工,时间\n李娜,2026-08-01', 'import_header'],
    ['no rows', HEADER, 'import_empty'],
  ])('refuses %s as a whole', async (_, text, reason) => {
    const reply = await importCsv(supervisor, Buffer.from(text, 'utf8'));
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.reason).toBe(reason);
  });

  it('only the supervisor imports; a file over 1 MB is 413', async () => {
    expect((await importCsv(presale1, Buffer.from(`${HEADER}\n李娜,G05,${MONTH}-08,,,,`))).status).toBe(403);
    const big = await importCsv(supervisor, Buffer.alloc(1024 * 1024 + 1, 0x41));
    expect(big.status).toBe(413);
    expect(big.body.error.details.reason).toBe('file_too_large');
  });
});
