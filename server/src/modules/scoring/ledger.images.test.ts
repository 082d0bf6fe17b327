import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ENTRY_IMAGES } from '@kefu/shared/schemas/ledger';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { TINY_JPEG, TINY_PNG } from '../chat/chat.fixtures.ts';
import { entryBody, shanghai, staffIds } from './scoring.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let manager: TestClient;
let presale1: TestClient;
let presale2: TestClient;
let ids: Record<string, number>;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  [supervisor, manager, presale1, presale2] = await Promise.all([
    loggedIn(server.baseUrl, 'supervisor'),
    loggedIn(server.baseUrl, 'manager'),
    loggedIn(server.baseUrl, 'presale1'),
    loggedIn(server.baseUrl, 'presale2'),
  ]);
  ids = await staffIds(server.db);
});
afterAll(async () => {
  await server?.close();
});

/** A raw upload as the console sends it (its CSRF header, the session cookie). */
function upload(client: TestClient, entryId: number, bytes: Buffer, contentType = 'image/png') {
  return fetch(`${server.baseUrl}/api/ledger/${entryId}/images`, {
    method: 'POST',
    headers: { cookie: client.cookie, 'x-kefu-request': '1', 'content-type': contentType },
    body: new Uint8Array(bytes),
  });
}

function fetchImage(client: TestClient | null, entryId: number, imageId: string) {
  return fetch(`${server.baseUrl}/api/ledger/${entryId}/images/${imageId}`, { headers: client ? { cookie: client.cookie } : {} });
}

async function newEntry(staff: string, day: number): Promise<number> {
  const reply = await supervisor.post('/api/ledger', entryBody(ids[staff]!, 'G05', shanghai('2026-09', day), { note: '淘宝旺旺聊天截图为证' }));
  expect(reply.status).toBe(201);
  return reply.body.id as number;
}

const imageRows = async () => Number(((await server.db.query('SELECT COUNT(*) AS n FROM ledger_image')) as Array<{ n: number }>)[0]!.n);
async function storedFiles(): Promise<number> {
  const root = path.join(server.config.uploadDir, 'scoring');
  const months = await readdir(root).catch(() => [] as string[]);
  let n = 0;
  for (const month of months) n += (await readdir(path.join(root, month))).length;
  return n;
}

describe('evidence images on a ledger entry', () => {
  it('the supervisor attaches a screenshot: the entry lists it, the person charged and the manager see it, nobody else does', async () => {
    const entryId = await newEntry('presale1', 3);
    const reply = await upload(supervisor, entryId, TINY_PNG, 'image/jpeg'); // the claimed type is ignored
    expect(reply.status).toBe(201);
    const image = (await reply.json()) as { imageId: string; mime: string; bytes: number };
    expect(image).toEqual({ imageId: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/), mime: 'image/png', bytes: TINY_PNG.length });

    const mine = (await presale1.get('/api/ledger?month=2026-09')).body as Array<{ id: number; images: string[] }>;
    expect(mine.find((entry) => entry.id === entryId)?.images).toEqual([image.imageId]);

    const asCharged = await fetchImage(presale1, entryId, image.imageId);
    expect(asCharged.status).toBe(200);
    expect(asCharged.headers.get('content-type')).toBe('image/png');
    expect(asCharged.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await asCharged.arrayBuffer()).equals(TINY_PNG)).toBe(true);
    expect((await fetchImage(manager, entryId, image.imageId)).status).toBe(200);
    expect((await fetchImage(supervisor, entryId, image.imageId)).status).toBe(200);

    // Anyone else: as if there were no such image.
    expect((await fetchImage(presale2, entryId, image.imageId)).status).toBe(404);
    expect((await fetchImage(null, entryId, image.imageId)).status).toBe(401);
    // The image is reached only through its own entry.
    const other = await newEntry('presale2', 4);
    expect((await fetchImage(presale2, other, image.imageId)).status).toBe(404);

    const audits = (await server.db.query("SELECT actor_id, entity_id, details FROM audit_log WHERE action = 'ledger.image'")) as Array<{ actor_id: number; entity_id: string; details: string }>;
    expect(audits).toHaveLength(1);
    expect(Number(audits[0]!.actor_id)).toBe(ids.supervisor);
    expect(String(audits[0]!.entity_id)).toBe(String(entryId));
  });

  it('only the supervisor attaches; a file that is not an image, an empty one or one too big changes nothing', async () => {
    const entryId = await newEntry('presale1', 5);
    const [rows, files] = [await imageRows(), await storedFiles()];

    expect((await upload(presale1, entryId, TINY_JPEG)).status).toBe(403);
    expect((await upload(manager, entryId, TINY_JPEG)).status).toBe(403);

    const text = await upload(supervisor, entryId, Buffer.from('<svg onload="alert(1)"></svg>'), 'image/png');
    expect(text.status).toBe(400);
    expect(((await text.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe('image_type');

    const empty = await upload(supervisor, entryId, Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe('image_empty');

    const big = await upload(supervisor, entryId, Buffer.concat([TINY_PNG, Buffer.alloc(5 * 1024 * 1024)]));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe('image_too_large');

    expect((await upload(supervisor, 999_999, TINY_PNG)).status).toBe(404);
    expect([await imageRows(), await storedFiles()]).toEqual([rows, files]);
  });

  it(`at most ${MAX_ENTRY_IMAGES} images per entry: one more is 409 and its file is not kept`, async () => {
    const entryId = await newEntry('presale1', 6);
    for (let i = 0; i < MAX_ENTRY_IMAGES; i++) expect((await upload(supervisor, entryId, i % 2 ? TINY_JPEG : TINY_PNG)).status).toBe(201);
    const [rows, files] = [await imageRows(), await storedFiles()];
    const refused = await upload(supervisor, entryId, TINY_PNG);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { details: { reason: string; maximum: number } } }).error.details).toMatchObject({ reason: 'too_many_images', maximum: MAX_ENTRY_IMAGES });
    expect([await imageRows(), await storedFiles()]).toEqual([rows, files]);
  });
});
