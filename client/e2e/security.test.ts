import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import { startTestServer } from '@kefu/server/testing/harness';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from './browser.ts';
import { logIn } from './session.ts';

/**
 * Issue 12: a page on another port of the same host is the same *site*, so SameSite=Lax
 * cookies reach the console from it. These attacks come from such a page in real Chromium.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let evil: Server;
let evilUrl: string;

function evilPages(target: string): Record<string, string> {
  const ws = target.replace(/^http/, 'ws');
  return {
    '/form': `<!doctype html><form method="POST" action="${target}/api/auth/logout"><input name="x" value="1"></form><script>document.forms[0].submit()</script>`,
    '/socket': `<!doctype html><script>
      const ws = new WebSocket('${ws}/socket.io/?EIO=4&transport=websocket');
      ws.onopen = () => { document.title = 'opened'; };
      ws.onerror = () => { if (document.title !== 'opened') document.title = 'refused'; };
    </script>`,
    '/frame': `<!doctype html><iframe name="console" src="${target}/console" width="800" height="600"></iframe>`,
  };
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
  const pages = evilPages(server.baseUrl);
  evil = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pages[req.url ?? ''] ?? '');
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => evil?.close(resolve));
  await server?.close();
});

describe('a same-site page on another port', () => {
  it('cannot post a form as the logged-in manager, open their socket or frame the console; the console itself works under its CSP', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    try {
      await logIn(page, 'manager', DEMO_PASSWORD_DEFAULT);
      expect(cspViolations).toEqual([]);

      const attacker = await context.newPage();
      // 1. An auto-submitting form (bodyless logout; approve, settle and submit are alike).
      const answer = attacker.waitForResponse((res) => res.url() === `${server.baseUrl}/api/auth/logout`);
      await attacker.goto(`${evilUrl}/form`);
      const refused = await answer;
      expect(refused.status()).toBe(403);
      expect(await refused.json()).toMatchObject({ error: { code: 'csrf' } });

      // 2. A WebSocket to the console's Socket.IO with the manager's cookie.
      await attacker.goto(`${evilUrl}/socket`);
      await attacker.waitForFunction(() => document.title !== '');
      expect(await attacker.title()).toBe('refused');

      // 3. The console in a frame: the browser refuses to show it.
      const framed = attacker.waitForResponse((res) => res.url() === `${server.baseUrl}/console`);
      await attacker.goto(`${evilUrl}/frame`);
      expect((await framed).headers()['x-frame-options']).toBe('DENY');
      await attacker.waitForLoadState('load');
      // No frame of the attacker's page shows the console (Chromium puts its error page there instead).
      expect(attacker.frames().map((frame) => frame.url()).filter((url) => url.startsWith(server.baseUrl))).toEqual([]);
      await attacker.close();

      // The manager is still logged in.
      await page.reload();
      await page.getByTestId('console-nav').waitFor();
      expect(cspViolations).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
