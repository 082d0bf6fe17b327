/**
 * Issue 11 in the browser: an agent who is on another console page (订单) hears and sees a
 * buyer's new message — a chime unless muted, a desktop notification, the count in the tab
 * title and on the menu's 在线接待 — and a chat transferred to them shows a toast with its
 * note, which the chat's timeline shows too and the buyer never sees.
 *
 * The browser's sound and notifications are observed, not the app's internals: an init
 * script counts the AudioContexts the page opens (each chime opens one) and records the
 * Notifications it shows and the permission requests it makes.
 */
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import type { TestServer } from '@kefu/server/testing/harness';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { logIn, signedChatPath } from './session.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});

afterAll(() => stopBrowserWorld({ server, browser }));

interface Observed {
  chimes: number;
  notes: Array<{ title: string; body: string }>;
  asked: number;
}

/** Counts chimes and records notifications; `permission` is what the browser answers before asking. */
async function observeSignals(context: BrowserContext, permission: 'default' | 'granted'): Promise<void> {
  await context.addInitScript((initial: string) => {
    const w = window as unknown as { __observed: Observed; AudioContext: typeof AudioContext; Notification: unknown };
    w.__observed = { chimes: 0, notes: [], asked: 0 };
    const Original = window.AudioContext;
    w.AudioContext = class extends Original {
      constructor(options?: AudioContextOptions) {
        super(options);
        w.__observed.chimes += 1;
      }
    };
    let current = initial;
    w.Notification = class {
      static get permission() {
        return current;
      }
      static requestPermission() {
        w.__observed.asked += 1;
        current = 'granted';
        return Promise.resolve(current);
      }
      constructor(title: string, options?: { body?: string }) {
        w.__observed.notes.push({ title, body: options?.body ?? '' });
      }
    };
  }, permission);
}

const observed = (page: Page) => page.evaluate(() => (window as unknown as { __observed: Observed }).__observed);

async function agentOnline(page: Page, username: string): Promise<void> {
  await logIn(page, username, DEMO_PASSWORD_DEFAULT);
  await page.getByTestId('nav-chat').click();
  await page.locator('[data-testid="presence-switch"][data-status="online"]').waitFor();
}

describe('attention on any console page', () => {
  it('counts a waiting buyer in the title and on 在线接待, chimes unless muted, and shows a transfer as a toast with its note', async () => {
    const li = await openPage(browser, server.baseUrl);
    const zhang = await openPage(browser, server.baseUrl);
    const buyer = await openPage(browser, server.baseUrl);
    await observeSignals(li.context, 'granted');
    await observeSignals(zhang.context, 'default');
    try {
      await agentOnline(li.page, 'presale1');
      // The permission is asked at the first gesture in the console, not before, and only once.
      await logIn(zhang.page, 'presale2', DEMO_PASSWORD_DEFAULT);
      expect((await observed(zhang.page)).asked).toBe(0);
      await zhang.page.getByTestId('nav-chat').click();
      await expect.poll(async () => (await observed(zhang.page)).asked).toBe(1);
      await zhang.page.locator('[data-testid="presence-switch"][data-status="online"]').waitFor();
      await zhang.page.getByTestId('presence-away').click(); // the buyer goes to 李娜
      await zhang.page.locator('[data-testid="presence-switch"][data-status="away"]').waitFor();

      // 李娜 works on 订单; the buyer writes.
      await li.page.getByTestId('nav-orders').click();
      await li.page.waitForURL(/\/console\/orders/);
      expect(await li.page.title()).toBe('客服工作台');
      expect(await li.page.getByTestId('nav-chat-count').count()).toBe(0);
      await buyer.page.goto(signedChatPath('tb_提醒买家'));
      await buyer.page.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();
      await buyer.page.getByTestId('buyer-input').fill('在吗？这双鞋有 38 码吗');
      await buyer.page.getByTestId('buyer-input').press('Enter');

      await expect.poll(() => li.page.title()).toBe('(1) 客服工作台');
      expect(await li.page.getByTestId('nav-chat-count').textContent()).toBe('1');
      await expect.poll(async () => (await observed(li.page)).notes.map((n) => n.title)).toContain('新会话：tb_提醒买家');
      expect((await observed(li.page)).chimes).toBeGreaterThanOrEqual(1);

      // Muted: the next message still notifies and counts, silently; the choice survives a reload.
      await li.page.getByTestId('sound-toggle').click();
      expect(await li.page.getByTestId('sound-toggle').getAttribute('aria-pressed')).toBe('true');
      const before = await observed(li.page);
      await buyer.page.getByTestId('buyer-input').fill('还在吗？');
      await buyer.page.getByTestId('buyer-input').press('Enter');
      await expect.poll(async () => (await observed(li.page)).notes.length).toBe(before.notes.length + 1);
      const after = await observed(li.page);
      expect(after.notes.at(-1)).toEqual({ title: 'tb_提醒买家 发来新消息', body: '还在吗？' });
      expect(after.chimes).toBe(before.chimes);
      await li.page.reload();
      await li.page.getByTestId('console-nav').waitFor();
      expect(await li.page.getByTestId('sound-toggle').getAttribute('data-muted')).toBe('true');
      await expect.poll(() => li.page.title()).toBe('(1) 客服工作台');

      // 李娜 hands the chat to 张敏, who is on 订单 now: a toast with the note, and a chime.
      await zhang.page.getByTestId('presence-online').click();
      await zhang.page.locator('[data-testid="presence-switch"][data-status="online"]').waitFor();
      await zhang.page.getByTestId('nav-orders').click();
      await zhang.page.waitForURL(/\/console\/orders/);
      const zhangBefore = await observed(zhang.page);
      await li.page.getByTestId('nav-chat').click();
      await li.page.locator('[data-testid="chat-group-mine"] [data-testid="conversation-item"][data-buyer-id="tb_提醒买家"]').getByRole('button').first().click();
      await li.page.getByTestId('transfer-open').click();
      const option = li.page.getByTestId('transfer-agent').locator('option', { hasText: '张敏' });
      await option.waitFor({ state: 'attached' });
      await li.page.getByTestId('transfer-agent').selectOption({ label: (await option.textContent()) ?? '' });
      await li.page.getByTestId('transfer-note').fill('买家问 38 码库存，已查有货');
      await li.page.getByTestId('transfer-submit').click();

      const toast = zhang.page.getByTestId('transfer-toast');
      await toast.waitFor();
      expect(await toast.textContent()).toContain('李娜 把 tb_提醒买家 的会话转给了你');
      expect(await toast.textContent()).toContain('备注：买家问 38 码库存，已查有货');
      await expect.poll(async () => (await observed(zhang.page)).chimes).toBeGreaterThan(zhangBefore.chimes);
      await expect.poll(() => zhang.page.title()).toBe('(1) 客服工作台');
      await expect.poll(() => li.page.title()).toBe('客服工作台');
      await li.page.getByTestId('nav-chat-count').waitFor({ state: 'detached' });

      // The note is in the chat's timeline for staff, between the messages; never on the buyer's page.
      await zhang.page.getByTestId('nav-chat').click();
      await zhang.page.locator('[data-testid="chat-group-mine"] [data-testid="conversation-item"][data-buyer-id="tb_提醒买家"]').getByRole('button').first().click();
      const line = zhang.page.getByTestId('conversation-messages').getByTestId('timeline-transfer');
      await line.waitFor();
      expect(await line.textContent()).toContain('买家问 38 码库存，已查有货');
      expect(await buyer.page.content()).not.toContain('38 码库存');

      // Answering clears the count.
      await zhang.page.getByTestId('staff-input').fill('有的亲，38 码有货');
      await zhang.page.getByTestId('staff-input').press('Enter');
      await expect.poll(() => zhang.page.title()).toBe('客服工作台');
      await zhang.page.getByTestId('nav-chat-count').waitFor({ state: 'detached' });
    } finally {
      await Promise.all([li.context.close(), zhang.context.close(), buyer.context.close()]);
    }
  });
});
