/**
 * Issue 11, the buyer page on a phone: with 50 messages, at 320×568, 375×667 and 390×844
 * the header stays at the top, the page itself never grows (only the message list
 * scrolls), the composer stays on screen (also when the keyboard takes half the height),
 * the page opens at the newest message, and scrolling to the top loads older ones in place.
 * And the agents' chat workspace at 390 px: the list or the chat, one at a time.
 */
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import type { TestServer } from '@kefu/server/testing/harness';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { seedConversation } from './chat-seed.ts';
import { signedChatPath } from './session.ts';

const BUYER = 'tb_手机买家';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
  const replies = Array.from({ length: 49 }, (_, i) => i + 2).map((n) =>
    n % 7 === 0 ? `第 ${n} 条：亲，这款是头层牛皮，偏大半码，平时穿 38 的建议拍 37，有问题随时找我哦～` : `第 ${n} 条`,
  );
  await seedConversation(server.baseUrl, { agent: 'presale1', buyerId: BUYER, first: '第 1 条：你好，想问一下鞋码', replies });
});

afterAll(() => stopBrowserWorld({ server, browser }));

/** Where things are on the screen, in CSS pixels. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const rect = (selector: string) => {
      const r = document.querySelector(selector)!.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    };
    const list = document.querySelector('[data-testid="buyer-messages"]')!;
    return {
      viewport: { width: window.innerWidth, height: window.innerHeight },
      pageHeight: document.scrollingElement!.scrollHeight,
      pageWidth: document.scrollingElement!.scrollWidth,
      header: rect('.buyer-header'),
      input: rect('[data-testid="buyer-input"]'),
      send: rect('[data-testid="buyer-send"]'),
      list: { ...rect('[data-testid="buyer-messages"]'), scrollTop: list.scrollTop, scrollHeight: list.scrollHeight, clientHeight: list.clientHeight },
    };
  });
}

/** The bubble of a message, by its text's start. */
const bubble = (page: Page, start: string) => page.getByTestId('buyer-messages').locator('.bubble-text', { hasText: new RegExp(`^${start}(：|$)`) });

async function inView(page: Page, start: string): Promise<boolean> {
  const box = await bubble(page, start).boundingBox();
  const list = (await layout(page)).list;
  return !!box && box.y >= list.top - 1 && box.y + box.height <= list.bottom + 1;
}

describe('the buyer page on a phone, with 50 messages', () => {
  it.each([
    [320, 568],
    [375, 667],
    [390, 844],
  ])('at %i×%i: fixed header, composer on screen, newest first, older on scroll up', async (width, height) => {
    const context = await browser.newContext({ baseURL: server.baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width, height }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    try {
      await page.goto(signedChatPath(BUYER));
      await page.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();
      await bubble(page, '第 50 条').waitFor();

      // Opens at the newest message; the first is not even loaded yet.
      await expect.poll(() => inView(page, '第 50 条')).toBe(true);
      expect(await bubble(page, '第 1 条').count()).toBe(0);

      // The page is the screen: nothing scrolls but the list; header on top, composer at the bottom.
      const at = await layout(page);
      expect(at.pageHeight).toBeLessThanOrEqual(height);
      expect(at.pageWidth).toBeLessThanOrEqual(width);
      expect(at.header.top).toBe(0);
      expect(at.input.bottom).toBeLessThanOrEqual(height);
      expect(at.send.right).toBeLessThanOrEqual(width);
      expect(at.list.scrollHeight).toBeGreaterThan(at.list.clientHeight);

      // Scrolling to the top loads the 20 older messages above, keeping the reader's place.
      // (the page opened with 第 21–50 条; at the top, 第 21 条 is what the buyer reads)
      await page.getByTestId('buyer-messages').evaluate((el) => el.scrollTo({ top: 0 }));
      await bubble(page, '第 1 条').waitFor({ state: 'attached' });
      await expect.poll(() => page.evaluate(() => document.querySelectorAll('[data-testid="buyer-messages"] .bubble-text').length)).toBe(50);
      expect(await inView(page, '第 21 条')).toBe(true);
      expect(await inView(page, '第 1 条')).toBe(false);
      expect(await page.getByTestId('buyer-older').count()).toBe(0);
      const afterOlder = await layout(page);
      expect(afterOlder.header.top).toBe(0);
      expect(afterOlder.pageHeight).toBeLessThanOrEqual(height);

      // The keyboard takes the lower part of the screen: the composer stays above it.
      await page.getByTestId('buyer-input').focus();
      await page.setViewportSize({ width, height: Math.round(height * 0.55) });
      await expect.poll(async () => (await layout(page)).input.bottom).toBeLessThanOrEqual(Math.round(height * 0.55));
      expect((await layout(page)).header.top).toBe(0);
      await page.setViewportSize({ width, height });

      // After a reload the page opens at the newest message again.
      await page.reload();
      await bubble(page, '第 50 条').waitFor();
      await expect.poll(() => inView(page, '第 50 条')).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describe('the chat workspace on a phone', () => {
  it('at 390×844 shows the list or the chat, one at a time, with a way back', async () => {
    const context = await browser.newContext({ baseURL: server.baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    try {
      await page.goto('/login');
      await page.getByTestId('login-username').fill('presale1');
      await page.getByTestId('login-password').fill(DEMO_PASSWORD_DEFAULT);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('current-user').waitFor();
      await page.goto('/console/chat');
      const item = page.locator(`[data-testid="conversation-item"][data-buyer-id="${BUYER}"]`);
      await item.waitFor();
      expect(await page.getByTestId('conversation-view').isVisible()).toBe(false);
      const list = await page.getByTestId('conversation-list').boundingBox();
      expect(list!.width).toBeGreaterThan(340); // the whole width, not a squeezed column

      await item.getByRole('button').first().click();
      await page.getByTestId('conversation-messages').getByText('第 50 条').first().waitFor();
      expect(await page.getByTestId('conversation-list').isVisible()).toBe(false);
      const view = await page.getByTestId('conversation-view').boundingBox();
      expect(view!.width).toBeGreaterThan(340);
      expect(await page.getByTestId('staff-input').isVisible()).toBe(true);
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);

      await page.getByTestId('chat-back').click();
      await item.waitFor();
      expect(await page.getByTestId('conversation-view').isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  });
});
