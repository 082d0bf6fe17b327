/**
 * Issue 11's smaller ones in the browser: a canned reply goes in at the cursor and Ctrl+Z
 * brings the draft back; 首次响应 fills in as the agent answers; side-panel order numbers
 * open the order; an unknown order number is flagged on the buyer's message; the side panel
 * is a drawer below 1100 px (a phone too); the buyer page never asks /api/auth/me; a queued
 * buyer sees their place move up.
 */
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import type { TestServer } from '@kefu/server/testing/harness';
import { loggedIn } from '@kefu/server/testing/http-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { seedOrder } from './chat-seed.ts';
import { logIn, signedChatPath } from './session.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});

afterAll(() => stopBrowserWorld({ server, browser }));

/** A page with room for a machine shared by many test runs. */
async function open(): Promise<Awaited<ReturnType<typeof openPage>>> {
  const opened = await openPage(browser, server.baseUrl);
  opened.context.setDefaultTimeout(30_000);
  return opened;
}

async function agentIn(page: Page, username: string): Promise<void> {
  await logIn(page, username, DEMO_PASSWORD_DEFAULT);
  await page.getByTestId('nav-chat').click();
  await page.locator('[data-testid="presence-switch"][data-status="online"]').waitFor();
}

async function buyerWrites(page: Page, buyerId: string, texts: string[]): Promise<void> {
  await page.goto(signedChatPath(buyerId));
  await page.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();
  for (const text of texts) {
    await page.getByTestId('buyer-input').fill(text);
    await page.getByTestId('buyer-input').press('Enter');
    await page.getByText(text).first().waitFor();
  }
}

const openChat = (page: Page, buyerId: string) => page.locator(`[data-testid="chat-group-mine"] [data-testid="conversation-item"][data-buyer-id="${buyerId}"]`).click();

describe('the agent’s chat (presale1 alone online)', () => {
  it('canned reply at the cursor with undo; 首次响应 live; order links; an unknown order number flagged; no /api/auth/me on the buyer page', { timeout: 240_000 }, async () => {
    const [agent, buyer] = await Promise.all([open(), open()]);
    try {
      await seedOrder(server.baseUrl, 'supervisor', '3921550016887001', 'tb_小事');
      await agentIn(agent.page, 'presale1');
      const authMe: string[] = [];
      buyer.page.on('request', (request) => {
        if (request.url().includes('/api/auth/me')) authMe.push(request.url());
      });
      const failed: string[] = [];
      buyer.page.on('response', (response) => {
        if (response.status() === 401) failed.push(response.url());
      });
      await buyerWrites(buyer.page, 'tb_小事', ['你好，订单号 3921550016889999 什么时候发货？']);
      await buyer.page.reload();
      await buyer.page.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();
      expect(authMe).toEqual([]);
      expect(failed).toEqual([]);

      await openChat(agent.page, 'tb_小事');
      const side = agent.page.getByTestId('side-panel');
      const firstResponse = side.locator('dt', { hasText: '首次响应' }).locator('xpath=following-sibling::dd[1]');
      await expect.poll(() => firstResponse.textContent()).toBe('尚未回复');

      // The unknown order number is flagged on the buyer's message.
      const flag = agent.page.getByTestId('bubble-unknown-orders');
      await flag.waitFor();
      expect(await flag.textContent()).toContain('3921550016889999');

      // A canned reply goes in at the cursor; Ctrl+Z brings the draft back.
      const input = agent.page.getByTestId('staff-input');
      await input.fill('亲，稍等，帮您查一下');
      await input.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(2, 2));
      await agent.page.getByTestId('canned-toggle').click();
      const option = agent.page.locator('[data-testid^="canned-option-"]').first();
      const replyText = (await option.locator('.canned-option-text').textContent())!;
      await option.click();
      await expect.poll(() => input.inputValue()).toBe(`亲，${replyText}稍等，帮您查一下`);
      expect(await input.evaluate((el: HTMLTextAreaElement) => el.selectionStart)).toBe(2 + replyText.length);
      await input.press('Control+z');
      await expect.poll(() => input.inputValue()).toBe('亲，稍等，帮您查一下');

      // Answering fills in 首次响应 without a reload.
      await input.fill('亲，您的订单号好像不对，麻烦再核对一下');
      await input.press('Enter');
      await expect.poll(() => firstResponse.textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);

      // The side panel's order number opens the order on the 订单 page.
      const link = agent.page.getByTestId('side-order-link-3921550016887001');
      await link.click();
      await agent.page.waitForURL(/\/console\/orders\?order=3921550016887001$/);
    } finally {
      await Promise.all([agent.context.close(), buyer.context.close()]);
    }
  });

  it.each([
    { width: 1000, height: 800 },
    { width: 390, height: 844 },
  ])('below 1100 px the side panel opens as a drawer ($width×$height)', { timeout: 180_000 }, async ({ width, height }) => {
    const [agent, buyer] = await Promise.all([open(), open()]);
    try {
      const buyerId = `tb_抽屉${width}`;
      await agentIn(agent.page, 'presale1'); // the log-in helper waits for the wide menu
      await agent.page.setViewportSize({ width, height });
      await buyerWrites(buyer.page, buyerId, ['在吗']);
      await openChat(agent.page, buyerId);
      const side = agent.page.getByTestId('side-panel');
      expect(await side.isVisible()).toBe(false);
      const toggle = agent.page.getByTestId('side-toggle');
      await toggle.click();
      await expect.poll(() => side.isVisible()).toBe(true);
      const box = (await side.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(width + 1);
      expect(box.width).toBeGreaterThan(Math.min(300, width - 20));
      expect(await side.getByTestId('side-buyer-id').textContent()).toContain(buyerId);
      // Focus is in the drawer; Escape closes it and gives the focus back to the toggle.
      await expect.poll(() => agent.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('side-close');
      await agent.page.keyboard.press('Escape');
      await expect.poll(() => side.isVisible()).toBe(false);
      await expect.poll(() => agent.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('side-toggle');
      await toggle.click();
      await agent.page.getByTestId('side-close').click();
      await expect.poll(() => side.isVisible()).toBe(false);
      // Wide again: the panel is a column, no toggle.
      await agent.page.setViewportSize({ width: 1440, height: 900 });
      await expect.poll(() => side.isVisible()).toBe(true);
      expect(await toggle.isVisible()).toBe(false);
    } finally {
      await Promise.all([agent.context.close(), buyer.context.close()]);
    }
  });
});

describe('a queued buyer', () => {
  it('sees their place in the queue move up as the queue is served', { timeout: 180_000 }, async () => {
    const boss = await loggedIn(server.baseUrl, 'supervisor');
    const agent = await loggedIn(server.baseUrl, 'presale1');
    expect((await agent.request('PUT', '/api/chat/presence', { status: 'away' })).status).toBe(200);
    const [first, second] = await Promise.all([open(), open()]);
    try {
      // Each buyer waits in the queue before the next writes: presale1 just went away, and a
      // chat that reached them a moment before that is offered back to the queue after it.
      const statusOf = async (buyerId: string) => (await server.db.query('SELECT status FROM chat_conversation WHERE buyer_id = ?', [buyerId]))[0]?.status;
      await buyerWrites(first.page, 'tb_排队一', ['在吗']);
      await expect.poll(() => statusOf('tb_排队一')).toBe('queued');
      await buyerWrites(second.page, 'tb_排队二', ['有人吗']);
      await expect.poll(() => statusOf('tb_排队二')).toBe('queued');
      // Chats of earlier tests may wait ahead of them (their agent left): count from the database.
      const ahead = async (buyerId: string) =>
        Number(
          (
            await server.db.query(
              `SELECT COUNT(*) AS n FROM chat_conversation q JOIN chat_conversation c ON c.buyer_id = ? AND c.status = 'queued'
               WHERE q.status = 'queued' AND q.role = c.role AND (q.queued_at < c.queued_at OR (q.queued_at = c.queued_at AND q.id < c.id))`,
              [buyerId],
            )
          )[0].n,
        );
      const said = (n: number) => (n === 0 ? '正在为您接入客服，下一位就是您，请稍候…' : `正在为您接入客服，您前面还有 ${n} 位，请稍候…`);
      const status = second.page.getByTestId('buyer-status');
      const before = await ahead('tb_排队二');
      expect(before).toBeGreaterThanOrEqual(1);
      await expect.poll(() => status.textContent()).toBe(said(before));
      await expect.poll(() => first.page.getByTestId('buyer-status').textContent()).toBe(said(await ahead('tb_排队一')));
      const [row] = await server.db.query(`SELECT id, version FROM chat_conversation WHERE buyer_id = 'tb_排队一'`);
      expect((await boss.request('POST', `/api/chat/conversations/${row.id}/close`, { version: Number(row.version) })).status).toBe(200);
      expect(await ahead('tb_排队二')).toBe(before - 1);
      await expect.poll(() => status.textContent()).toBe(said(before - 1));
    } finally {
      await agent.request('PUT', '/api/chat/presence', { status: 'online' });
      await Promise.all([first.context.close(), second.context.close()]);
    }
  });
});
