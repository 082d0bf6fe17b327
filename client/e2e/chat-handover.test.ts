/**
 * Issue 11 in the browser: an agent leaving with a buyer waiting is asked first, then the
 * chat moves to a colleague at once and the buyer reads who serves them now.
 */
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import type { TestServer } from '@kefu/server/testing/harness';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { logIn, signedChatPath } from './session.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});

afterAll(() => stopBrowserWorld({ server, browser }));

async function agentIn(page: Page, username: string): Promise<void> {
  await logIn(page, username, DEMO_PASSWORD_DEFAULT);
  await page.getByTestId('nav-chat').click();
  await page.locator('[data-testid="presence-switch"][data-status="online"]').waitFor();
}

describe('nobody waits on an absent agent', () => {
  it('leaving with a buyer waiting asks first, then hands the chat to a colleague the buyer is told about', async () => {
    const [li, zhang, buyer] = await Promise.all([openPage(browser, server.baseUrl), openPage(browser, server.baseUrl), openPage(browser, server.baseUrl)]);
    try {
      await agentIn(li.page, 'presale1');
      await agentIn(zhang.page, 'presale2');
      await zhang.page.getByTestId('presence-away').click(); // the chat goes to 李娜
      await zhang.page.locator('[data-testid="presence-switch"][data-status="away"]').waitFor();

      await buyer.page.goto(signedChatPath('tb_等人'));
      await buyer.page.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();
      await buyer.page.getByTestId('buyer-input').fill('有人吗？');
      await buyer.page.getByTestId('buyer-input').press('Enter');
      await buyer.page.getByText('客服 李娜 为您服务').waitFor();
      const item = li.page.locator('[data-testid="chat-group-mine"] [data-testid="conversation-item"][data-buyer-id="tb_等人"]');
      await item.waitFor();

      await zhang.page.getByTestId('presence-online').click();
      await zhang.page.locator('[data-testid="presence-switch"][data-status="online"]').waitFor();
      await li.page.getByTestId('presence-offline').click();
      expect(await li.page.getByTestId('presence-ask').textContent()).toContain('有 1 个会话的买家正在等待回复');
      await li.page.getByTestId('presence-ask-cancel').click();
      expect(await li.page.locator('[data-testid="presence-switch"]').getAttribute('data-status')).toBe('online');
      await li.page.getByTestId('presence-offline').click();
      await li.page.getByTestId('presence-ask-confirm').click();

      await item.waitFor({ state: 'detached' });
      await zhang.page.locator('[data-testid="chat-group-mine"] [data-testid="conversation-item"][data-buyer-id="tb_等人"]').waitFor();
      await buyer.page.getByText('客服 张敏 为您服务').waitFor();
    } finally {
      await Promise.all([li.context.close(), zhang.context.close(), buyer.context.close()]);
    }
  });
});
