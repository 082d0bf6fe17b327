import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { startTestServer, testConfig, type TestServer } from '../testing/harness.ts';
import { TestClient, loggedIn } from '../testing/http-client.ts';
import { startBuyer } from '../modules/chat/chat.fixtures.ts';
import { isOwnOrigin } from './origin.ts';

let server: TestServer;
let agent: TestClient;
beforeAll(async () => {
  // Behind a proxy (TRUST_PROXY) so a test can claim HTTPS with X-Forwarded-Proto.
  server = await startTestServer({ config: testConfig({ TRUST_PROXY: 'true' }), serveClient: false });
  agent = await loggedIn(server.baseUrl, 'presale1');
});
afterAll(async () => {
  await server?.close();
});

const FOREIGN = 'http://127.0.0.1:8999'; // same site (same host), another port: SameSite=Lax lets its cookies through
const FORM = 'application/x-www-form-urlencoded';

interface Attempt {
  origin?: string;
  referer?: string;
  contentType?: string;
  consoleHeader?: boolean;
  body?: string;
}

/** A bodyless state-changing request as the logged-in agent; 404 means it reached the route. */
async function attempt(how: Attempt) {
  const own = server.baseUrl;
  const headers: Record<string, string> = { cookie: agent.cookie };
  if (how.origin) headers.origin = how.origin.replace('OWN', own);
  if (how.referer) headers.referer = how.referer.replace('OWN', own);
  if (how.contentType) headers['content-type'] = how.contentType;
  if (how.consoleHeader) headers['x-kefu-request'] = '1';
  const res = await fetch(`${server.baseUrl}/api/notifications/999999/read`, { method: 'POST', headers, body: how.body ?? null });
  return { status: res.status, body: (await res.json()) as { error: { code: string } } };
}

describe('CSRF: state-changing requests must come from the console', () => {
  it.each<[string, Attempt]>([
    ['a form on another port of the same host', { origin: FOREIGN, contentType: FORM, body: 'x=1' }],
    ['JSON from another origin', { origin: FOREIGN, contentType: 'application/json', body: '{}' }],
    ['the console header from another origin', { origin: FOREIGN, consoleHeader: true }],
    ['another origin named only by the Referer', { referer: `${FOREIGN}/evil.html`, contentType: 'application/json', body: '{}' }],
    ['Origin: null (a sandboxed frame)', { origin: 'null', contentType: 'application/json', body: '{}' }],
    ['a form on the console’s own origin (no JSON, no header)', { origin: 'OWN', contentType: FORM, body: 'x=1' }],
    ['text/plain without Origin or Referer', { contentType: 'text/plain', body: '{}' }],
    ['a bodyless POST without type or header', {}],
    ['a subdomain-looking origin', { origin: 'http://127.0.0.1.evil.example', contentType: 'application/json', body: '{}' }],
  ])('refuses %s with 403 csrf', async (_name, how) => {
    const reply = await attempt(how);
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('csrf');
  });

  it.each<[string, Attempt]>([
    ['the console: own Origin and its header, no body', { origin: 'OWN', consoleHeader: true }],
    ['own Origin with JSON', { origin: 'OWN', contentType: 'application/json', body: '{}' }],
    ['own Referer with JSON (no Origin)', { referer: 'OWN/console/scoring', contentType: 'application/json', body: '{}' }],
    ['a script: no Origin, no Referer, JSON', { contentType: 'application/json; charset=utf-8', body: '{}' }],
  ])('accepts %s', async (_name, how) => {
    const reply = await attempt(how);
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('not_found');
  });

  it('a foreign page cannot log the agent out (the session still works)', async () => {
    const res = await fetch(`${server.baseUrl}/api/auth/logout`, { method: 'POST', headers: { cookie: agent.cookie, origin: FOREIGN, 'content-type': FORM }, body: '' });
    expect(res.status).toBe(403);
    expect((await agent.get('/api/auth/me')).status).toBe(200);
  });

  it('GET stays open to links from anywhere', async () => {
    const res = await fetch(`${server.baseUrl}/api/auth/me`, { headers: { cookie: agent.cookie, origin: FOREIGN } });
    expect(res.status).toBe(200);
  });
});

describe('the console’s own origins', () => {
  it.each<[string, string | undefined, string[], boolean]>([
    ['http://127.0.0.1:3000', '127.0.0.1:3000', [], true],
    ['http://127.0.0.1:3001', '127.0.0.1:3000', [], false],
    ['http://LOCALHOST:3000', 'localhost:3000', [], true],
    ['https://kefu.example.com', 'internal:3000', ['https://kefu.example.com'], true],
    ['https://evil.example.com', 'evil.example.com', ['https://kefu.example.com'], false], // PUBLIC_ORIGIN set: the Host header no longer decides
    ['http://kefu.example.com', 'kefu.example.com', ['https://kefu.example.com'], false],
    ['null', '127.0.0.1:3000', [], false],
    ['file:///tmp/x.html', '127.0.0.1:3000', [], false],
    ['http://127.0.0.1:3000', undefined, [], false],
  ])('%s to host %s with PUBLIC_ORIGIN %j: %s', (origin, host, publicOrigins, own) => {
    expect(isOwnOrigin(origin, host, publicOrigins)).toBe(own);
  });
});

describe('Socket.IO handshake origin', () => {
  function outcome(namespace: string, cookie: string, origin: string | undefined): Promise<'connected' | 'refused'> {
    const socket = connect(server.baseUrl + namespace, {
      transports: ['websocket'],
      extraHeaders: { cookie, ...(origin ? { origin } : {}) },
      reconnection: false,
      forceNew: true,
    });
    return new Promise((resolve) => {
      socket.once('connect', () => {
        socket.close();
        resolve('connected');
      });
      socket.once('connect_error', () => {
        socket.close();
        resolve('refused');
      });
    });
  }

  it('refuses a staff socket from a foreign origin even with the session cookie', async () => {
    expect(await outcome('', agent.cookie, FOREIGN)).toBe('refused');
    expect(await outcome('', agent.cookie, 'http://evil.example')).toBe('refused');
    expect(await outcome('', agent.cookie, server.baseUrl)).toBe('connected');
    expect(await outcome('', agent.cookie, undefined)).toBe('connected'); // Node clients, the benchmarks
  });

  it('refuses a buyer socket from a foreign origin', async () => {
    const buyer = await startBuyer(server.baseUrl, '小鹿买鞋');
    expect(await outcome('/buyer', buyer.cookie, 'http://evil.example')).toBe('refused');
    expect(await outcome('/buyer', buyer.cookie, server.baseUrl)).toBe('connected');
    expect(await outcome('/buyer', buyer.cookie, undefined)).toBe('connected');
  });
});

describe('security headers', () => {
  it('answers with a CSP without inline scripts, no framing, nosniff and a Referrer-Policy; HSTS only over HTTPS', async () => {
    const res = await fetch(`${server.baseUrl}/api/auth/me`, { headers: { cookie: agent.cookie } });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests'); // the console may run over plain HTTP on a LAN
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();

    const overHttps = await fetch(`${server.baseUrl}/api/auth/me`, { headers: { cookie: agent.cookie, 'x-forwarded-proto': 'https' } });
    expect(overHttps.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });
});
