import { existsSync } from 'node:fs';
import { startTestServer, type TestServer } from '@kefu/server/testing/harness';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Where CI installs Chromium (`apt-get install -y chromium`); playwright-core brings none. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium with the flags the CI container needs; every browser test uses this. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * A fresh context (own cookies and localStorage) for one person at baseUrl, in Chinese as
 * the staff see it. Page errors fail loudly instead of leaving a blank page to time out on.
 */
export async function openPage(browser: Browser, baseUrl: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    console.error(`[browser] ${error.message}`);
  });
  return { context, page };
}

/** What a browser test file runs against: a test server (its own database, the demo staff, the built client) and Chromium. */
export interface BrowserWorld {
  server: TestServer;
  browser: Browser;
}

/** Starts a file's server and Chromium (the server is closed again when Chromium fails to start). */
export async function startBrowserWorld(): Promise<BrowserWorld> {
  const server = await startTestServer();
  try {
    return { server, browser: await launchChromium() };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** Closes Chromium, then the server with its database and Redis keys; either may be missing when the start failed. */
export async function stopBrowserWorld(world: Partial<BrowserWorld> | undefined): Promise<void> {
  await world?.browser?.close();
  await world?.server?.close();
}
