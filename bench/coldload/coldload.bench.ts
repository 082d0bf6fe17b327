/**
 * bench/coldload: cold loads (empty cache) of /login and of the console after login on a
 * throttled "Fast 3G" connection (Chrome DevTools' preset: 562.5 ms latency, 180,000 B/s
 * down, 84,375 B/s up) in real Chromium against the built client (`npm run build` first),
 * with and without the preload of `GET /api/auth/me` (issue 12). "Without" is the same
 * server behind a small proxy that removes the preload link from the page.
 *
 *   npm run bench:coldload            (BENCH_RUNS=3 by default; the median is printed)
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_PASSWORD_DEFAULT } from '../../server/src/platform/config.ts';
import { startTestServer } from '../../server/src/testing/harness.ts';
import { launchChromium, openPage } from '../../client/e2e/browser.ts';
import { logIn } from '../../client/e2e/session.ts';
import type { Browser, Page } from 'playwright-core';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };
const PRELOAD = /\s*<link rel="preload" href="\/api\/auth\/me"[^>]*>/;

/** Forwards to the server; with `strip`, the page comes without the preload link ("before"). */
async function startProxy(targetPort: number, strip: boolean): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const headers = { ...req.headers };
    if (strip && (req.headers.accept ?? '').includes('text/html')) delete headers['accept-encoding'];
    const upstream = request({ host: '127.0.0.1', port: targetPort, path: req.url, method: req.method, headers }, (answer: IncomingMessage) => {
      const isHtml = strip && String(answer.headers['content-type'] ?? '').startsWith('text/html');
      if (!isHtml) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        return void answer.pipe(res);
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8').replace(PRELOAD, '');
        const { 'content-length': _length, ...rest } = answer.headers;
        res.writeHead(answer.statusCode ?? 502, rest).end(body);
      });
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface Figures {
  shown: number; // navigation start → the form / the console's navigation visible
  meStart: number; // navigation start → GET /api/auth/me starts
  meEnd: number; // navigation start → its answer is in
  mainEnd: number; // navigation start → the main script fully downloaded
}

async function coldLoad(browser: Browser, baseUrl: string, path: string, shown: string, signedIn: boolean): Promise<Figures> {
  const { context, page } = await openPage(browser, baseUrl);
  context.setDefaultTimeout(120_000);
  try {
    if (signedIn) await logIn(page, 'supervisor', DEMO_PASSWORD_DEFAULT);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', FAST_3G);
    await page.goto('about:blank');
    await page.goto(path, { waitUntil: 'commit' });
    await page.getByTestId(shown).waitFor();
    const shownAt = await page.evaluate(() => performance.now());
    // A resource's timing entry appears once its answer is in.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname === '/api/auth/me'));
    return { ...(await timings(page)), shown: shownAt };
  } finally {
    await context.close();
  }
}

async function timings(page: Page): Promise<Figures> {
  return page.evaluate(() => {
    const entries = performance.getEntriesByType('resource') as unknown as Array<{ name: string; initiatorType: string; startTime: number; responseEnd: number }>;
    const me = entries.find((e) => new URL(e.name).pathname === '/api/auth/me');
    const main = entries.find((e) => e.initiatorType === 'script' && /\/assets\/index-[^/]*\.js$/.test(e.name));
    return { shown: NaN, meStart: me?.startTime ?? NaN, meEnd: me?.responseEnd ?? NaN, mainEnd: main?.responseEnd ?? NaN };
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${Math.round(value)} ms`;

async function main() {
  const server = await startTestServer();
  const browser = await launchChromium();
  const port = Number(new URL(server.baseUrl).port);
  const before = await startProxy(port, true);
  const after = await startProxy(port, false);
  try {
    const rows: string[] = ['| page | preload | page shown | /api/auth/me starts | its answer in | main script in |', '|---|---|---:|---:|---:|---:|'];
    for (const [path, shown, signedIn] of [['/login', 'login-form', false], ['/console', 'console-nav', true]] as const) {
      for (const [label, proxy] of [['before (none)', before], ['after', after]] as const) {
        const runs: Figures[] = [];
        for (let i = 0; i < RUNS; i += 1) runs.push(await coldLoad(browser, proxy.url, path, shown, signedIn));
        const pick = (key: keyof Figures) => median(runs.map((run) => run[key]));
        rows.push(`| ${path} | ${label} | ${ms(pick('shown'))} | ${ms(pick('meStart'))} | ${ms(pick('meEnd'))} | ${ms(pick('mainEnd'))} |`);
        console.error(`${path} ${label}: ${runs.map((run) => ms(run.shown)).join(', ')}`);
      }
    }
    console.log(rows.join('\n'));
  } finally {
    await browser.close();
    before.server.close();
    after.server.close();
    await server.close();
  }
}

await main();
