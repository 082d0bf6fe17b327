/**
 * Issue 11 in the browser: typing a buyer's ID at /chat makes you an anonymous visitor,
 * not that buyer; the agent sees 访客 and can link the visitor after checking an order;
 * a stale signed link is refused in Chinese.
 */
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import { signBuyerLink } from '@kefu/server/modules/chat/chat.identity';
import { TEST_BUYER_LINK_SECRET, type TestServer } from '@kefu/server/testing/harness';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { logIn, signedChatPath } from './session.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});

afterAll(() => stopBrowserWorld({ server, browser }));

describe('buyer identity', () => {
  it('a typed ID is a visitor who sees none of that buyer’s chat; the agent links the visitor after checking an order', async () => {
    const agentPage = await openPage(browser, server.baseUrl);
    const realPage = await openPage(browser, server.baseUrl);
    const visitorPage = await openPage(browser, server.baseUrl);
    try {
      const agent = agentPage.page;
      await logIn(agent, 'supervisor', DEMO_PASSWORD_DEFAULT);
      const created = await agent.evaluate(async () => {
        const res = await fetch('/api/orders', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ orderNo: 'ID-0001', buyerId: '小鹿买鞋', status: 'paid', items: [{ title: '帆布鞋', colour: '白', size: '38', quantity: 1, priceFen: 12_900, inStock: true }] }),
        });
        return res.status;
      });
      expect(created).toBe(201);
      await agent.getByTestId('logout').click();
      await logIn(agent, 'presale1', DEMO_PASSWORD_DEFAULT);
      await agent.getByTestId('nav-chat').click();
      await agent.locator('[data-testid="presence-switch"][data-status="online"]').waitFor();

      // The real 小鹿买鞋 arrives through the shop's signed link and writes.
      const real = realPage.page;
      await real.goto(signedChatPath('小鹿买鞋'));
      await real.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();
      expect(await real.getByTestId('buyer-identity').textContent()).toBe('已验证');
      expect(new URL(real.url()).search).toBe(''); // the link is not left in the address bar
      await real.getByTestId('buyer-input').fill('我的私密问题');
      await real.getByTestId('buyer-input').press('Enter');

      // Someone else types the same ID.
      const visitor = visitorPage.page;
      await visitor.goto('/chat');
      await visitor.getByTestId('buyer-nickname').fill('小鹿买鞋');
      await visitor.getByTestId('buyer-start').click();
      await visitor.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();
      expect(await visitor.getByTestId('buyer-identity').textContent()).toBe('访客');
      await visitor.getByTestId('buyer-input').fill('我是小鹿买鞋');
      await visitor.getByTestId('buyer-input').press('Enter');
      await visitor.getByText('我是小鹿买鞋').waitFor();
      expect(await visitor.getByText('我的私密问题').count()).toBe(0);

      // The agent sees two chats: the verified buyer, and 访客 · 小鹿买鞋.
      const visitorItem = agent.locator('[data-testid="conversation-item"]').filter({ hasText: '访客 · 小鹿买鞋' });
      await visitorItem.getByRole('button').first().click();
      await agent.getByTestId('link-visitor').waitFor();
      await agent.getByTestId('link-visitor-buyer').fill('小鹿买鞋');
      await agent.getByTestId('link-visitor-order').fill('ID-9999');
      await agent.getByTestId('link-visitor-submit').click();
      expect(await agent.getByTestId('link-visitor-error').textContent()).toContain('订单号与买家昵称不符');
      await agent.getByTestId('link-visitor-order').fill('ID-0001');
      await agent.getByTestId('link-visitor-submit').click();
      await agent.getByTestId('link-visitor-done').waitFor();
      expect(await agent.getByTestId('side-buyer-id').textContent()).toBe('小鹿买鞋');
      await agent.getByTestId('side-orders').getByText('ID-0001').waitFor();
    } finally {
      await Promise.all([agentPage.context.close(), realPage.context.close(), visitorPage.context.close()]);
    }
  });

  it('a stale or forged link is refused in Chinese, and the visitor can go on anonymously', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      const ts = Math.floor(Date.now() / 1000) - 3 * 86_400;
      await page.goto(`/chat?buyer=${encodeURIComponent('王姐')}&ts=${ts}&sig=${signBuyerLink(TEST_BUYER_LINK_SECRET, '王姐', ts)}`);
      expect(await page.getByTestId('buyer-link-refused').textContent()).toBe('该咨询链接已过期。请从店铺页面重新进入客服。');
      await page.goto(`/chat?buyer=${encodeURIComponent('王姐')}&ts=${ts + 3 * 86_400}&sig=${'0'.repeat(64)}`);
      expect(await page.getByTestId('buyer-link-refused').textContent()).toContain('签名不符');
      await page.getByTestId('buyer-continue-visitor').click();
      await page.getByTestId('buyer-start-form').waitFor();
      expect(new URL(page.url()).search).toBe('');
    } finally {
      await context.close();
    }
  });
});
