import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_DIST, startTestServer, type TestServer } from '../testing/harness.ts';

let server: TestServer;
let script: string;
beforeAll(async () => {
  server = await startTestServer({ seed: false });
  const html = await (await fetch(`${server.baseUrl}/login`)).text();
  script = /<script type="module" crossorigin src="(\/assets\/index-[^"]+\.js)"/.exec(html)![1]!;
});
afterAll(async () => {
  await server?.close();
});

/** A raw GET (fetch would ask for and undo the compression itself). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('the built client is served precompressed and cached', () => {
  it.each([
    ['br, gzip', 'br', brotliDecompressSync],
    ['gzip, deflate', 'gzip', gunzipSync],
    ['', undefined, (body: Buffer) => body],
  ] as const)('Accept-Encoding "%s" gets %s', async (accept, encoding, decode) => {
    const res = await get(server.baseUrl + script, accept ? { 'accept-encoding': accept } : {});
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const original = readFileSync(path.join(CLIENT_DIST, script));
    expect(decode(res.body).equals(original)).toBe(true);
    if (encoding) expect(res.body.length).toBeLessThan(original.length / 2);
  });

  it('answers /favicon.ico with an icon, not the page', async () => {
    const res = await get(`${server.baseUrl}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/vnd.microsoft.icon');
    expect(res.body.subarray(0, 4).equals(Buffer.from([0, 0, 1, 0]))).toBe(true); // ICO magic
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('keeps the page itself uncached, so a new build is seen at once', async () => {
    const res = await get(`${server.baseUrl}/console/chat`);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body.toString()).toMatch(/<div id="root">/);
  });

  it('does not serve a compressed file under its own name or anything outside the build', async () => {
    expect((await get(`${server.baseUrl}${script}.br`)).headers['content-type']).toMatch(/html/);
    expect((await get(`${server.baseUrl}/..%2f..%2fpackage.json`)).body.toString()).not.toMatch(/kefu-console/);
  });
});
