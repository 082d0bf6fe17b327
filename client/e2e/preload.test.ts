import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import type { TestServer } from '@kefu/server/testing/harness';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { logIn } from './session.ts';

/**
 * Issue 12: the first data request (`GET /api/auth/me`) starts while the code loads — the
 * preload in index.html — and the app's own fetch takes that response instead of asking again.
 */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});
afterAll(() => stopBrowserWorld({ server, browser }));

/** Loads path and returns what the network and the page's resource timings say. */
async function load(page: Page, path: string, shown: string) {
  const asked: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/auth/me') asked.push(request.method());
  });
  await page.goto(path);
  await page.getByTestId(shown).waitFor(); // the app has used the answer
  const timings = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((entry) => {
      const resource = entry as PerformanceResourceTiming;
      return { path: new URL(resource.name).pathname, type: resource.initiatorType, start: resource.startTime, end: resource.responseEnd };
    }),
  );
  return { asked, timings };
}

it.each([
  ['/login', false, 'login-form'],
  ['/console', true, 'console-nav'],
])('%s: /api/auth/me starts before the main script is in, and is fetched once', async (path, signedIn, shown) => {
  const { context, page } = await openPage(browser, server.baseUrl);
  try {
    if (signedIn) await logIn(page, 'supervisor', DEMO_PASSWORD_DEFAULT);
    const { asked, timings } = await load(page, path, shown);
    expect(asked).toEqual(['GET']);
    const me = timings.filter((t) => t.path === '/api/auth/me');
    expect(me).toEqual([expect.objectContaining({ type: 'link' })]); // the preload, no second fetch
    const main = timings.find((t) => t.type === 'script' && /^\/assets\/index-.*\.js$/.test(t.path));
    expect(main).toBeDefined();
    expect(me[0]!.start).toBeLessThan(main!.end);
  } finally {
    await context.close();
  }
}, 30_000);
