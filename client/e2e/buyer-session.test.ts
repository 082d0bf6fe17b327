/**
 * The buyer page when the server closes its socket (issue 12, defect 5): after a disconnect
 * that is not about the session it comes back by itself; when the session is gone (deleted
 * from Redis here, as a Redis restart without persistence does) it says so in Chinese,
 * offers to start again with the nickname filled in, and keeps the text not yet sent.
 */
import { deletePrefixedKeys, type TestServer } from '@kefu/server/testing/harness';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});
afterAll(() => stopBrowserWorld({ server, browser }));

const BUYER = '会话测试买家';
const stored = async (): Promise<string[]> =>
  // The test's own database: every buyer message is this buyer's (a visitor id, not the nickname).
  ((await server.db.query("SELECT body FROM chat_message WHERE sender = 'buyer' ORDER BY id")) as Array<{ body: string }>).map((r) => r.body);
const online = (page: Page) => page.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();

async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('buyer-input').fill(text);
  await page.getByTestId('buyer-send').click();
}

it('comes back after a server-side disconnect, and when the session is gone says so and keeps the unsent text', async () => {
  const { context, page } = await openPage(browser, server.baseUrl);
  try {
    await page.goto('/chat');
    await page.getByTestId('buyer-nickname').fill(BUYER);
    await page.getByTestId('buyer-start').click();
    await online(page);
    await send(page, '你好');
    await expect.poll(stored).toEqual(['你好']);

    // The server closes the socket (a restart, say) while the session is fine: back by itself.
    server.app.io.of('/buyer').disconnectSockets(true);
    await page.locator('[data-testid="buyer-chat"][data-connection="offline"]').waitFor();
    await online(page);
    await send(page, '第二条');
    await expect.poll(stored).toEqual(['你好', '第二条']);

    // Redis forgets the buyer's session; the server closes the socket.
    await page.getByTestId('buyer-input').fill('还在吗？我的快递到哪了');
    await deletePrefixedKeys(server.redis, `${server.config.redisPrefix}:buyer-sess:`);
    server.app.io.of('/buyer').disconnectSockets(true);
    const lost = page.getByTestId('buyer-session-lost');
    await lost.waitFor();
    expect(await lost.textContent()).toContain('您的咨询会话已失效');
    expect(await lost.textContent()).toContain('还没发出的内容已为您保留');
    expect(await page.getByTestId('buyer-nickname').inputValue()).toBe(BUYER);
    await page.getByTestId('buyer-start').click();
    await online(page);
    expect(await page.getByTestId('buyer-input').inputValue()).toBe('还在吗？我的快递到哪了');
    await page.getByTestId('buyer-send').click();
    await expect.poll(stored).toEqual(['你好', '第二条', '还在吗？我的快递到哪了']);
  } finally {
    await context.close();
  }
});
