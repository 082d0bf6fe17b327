/**
 * Issue 11 in the browser: a history search result opens its conversation (closed, too) at
 * the message, highlighted; someone who may not read it is told so. An agent asks the
 * supervisor for help (the supervisor sees it live, joins and answers the buyer; after a
 * reload the chat is open again with its composer), then hands the chat to the supervisor.
 */
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import type { TestServer } from '@kefu/server/testing/harness';
import { loggedIn } from '@kefu/server/testing/http-client';
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

async function buyerWrites(page: Page, buyerId: string, texts: string[]): Promise<void> {
  await page.goto(signedChatPath(buyerId));
  await page.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();
  for (const text of texts) {
    await page.getByTestId('buyer-input').fill(text);
    await page.getByTestId('buyer-input').press('Enter');
    await page.getByText(text).waitFor();
  }
}

describe('search results open the conversation at the message', () => {
  it('opens a closed chat scrolled to the hit, highlighted; an agent who may not read it is told so', async () => {
    const [buyer, supervisor, stranger] = await Promise.all([openPage(browser, server.baseUrl), openPage(browser, server.baseUrl), openPage(browser, server.baseUrl)]);
    try {
      const texts = Array.from({ length: 14 }, (_, k) => (k === 2 ? '第三条：鞋码42有没有现货' : `第${k + 1}条消息，补充一些内容让会话变长`));
      await buyerWrites(buyer.page, 'tb_找记录', texts);
      const [row] = await server.db.query(`SELECT id, version FROM chat_conversation WHERE buyer_id = 'tb_找记录'`);
      const boss = await loggedIn(server.baseUrl, 'supervisor');
      expect((await boss.request('POST', `/api/chat/conversations/${row.id}/close`, { version: Number(row.version) })).status).toBe(200);

      await logIn(supervisor.page, 'supervisor', DEMO_PASSWORD_DEFAULT);
      await supervisor.page.goto(`${server.baseUrl}/console/chat?tab=history`);
      await supervisor.page.getByTestId('history-text').fill('鞋码42');
      await supervisor.page.getByTestId('history-submit').click();
      await supervisor.page.getByTestId('history-row').first().waitFor();
      expect(await supervisor.page.getByTestId('history-row').count()).toBe(1);
      await supervisor.page.getByTestId('history-open').click();

      await supervisor.page.waitForURL(new RegExp(`/console/chat\\?conversation=${row.id}&message=3$`));
      const view = supervisor.page.locator(`[data-testid="conversation-view"][data-conversation-id="${row.id}"][data-status="closed"]`);
      await view.waitFor();
      const hit = view.locator('[data-seq="3"]');
      await hit.waitFor();
      expect(await hit.getAttribute('class')).toContain('bubble-row-highlighted');
      expect(await view.locator('.bubble-row-highlighted').count()).toBe(1);
      await expect.poll(() => hit.isVisible()).toBe(true);
      // Scrolled to it: the hit is inside the message list's visible box, the last message is not.
      const inView = (seq: number) =>
        view.evaluate((el, s) => {
          const list = el.querySelector('[data-testid="conversation-messages"]')!.getBoundingClientRect();
          const bubble = el.querySelector(`[data-seq="${s}"]`)!.getBoundingClientRect();
          return bubble.top >= list.top && bubble.bottom <= list.bottom;
        }, seq);
      await expect.poll(() => inView(3)).toBe(true);
      expect(await inView(14)).toBe(false);

      // presale2 never had this chat: the link says so, and shows nothing of it.
      await logIn(stranger.page, 'presale2', DEMO_PASSWORD_DEFAULT);
      await stranger.page.goto(`${server.baseUrl}/console/chat?conversation=${row.id}&message=3`);
      await stranger.page.getByText('找不到该会话，或你无权查看。').waitFor();
      expect(await stranger.page.getByText('鞋码42').count()).toBe(0);
    } finally {
      await Promise.all([buyer.context.close(), supervisor.context.close(), stranger.context.close()]);
    }
  });
});

describe('hand to the supervisor', () => {
  it('the agent asks for help, the supervisor joins live and answers; then the agent hands the chat over', async () => {
    const [agent, supervisor, buyer] = await Promise.all([openPage(browser, server.baseUrl), openPage(browser, server.baseUrl), openPage(browser, server.baseUrl)]);
    try {
      await agentIn(agent.page, 'presale1');
      await logIn(supervisor.page, 'supervisor', DEMO_PASSWORD_DEFAULT);
      await supervisor.page.getByTestId('nav-chat').click();
      await supervisor.page.getByTestId('chat-workspace').waitFor();
      await buyerWrites(buyer.page, 'tb_难缠', ['鞋子穿一天就开胶了，我要赔偿！']);

      const item = agent.page.locator('[data-testid="chat-group-mine"] [data-testid="conversation-item"][data-buyer-id="tb_难缠"]');
      await item.click();
      await agent.page.getByTestId('help-open').click();
      await agent.page.getByTestId('help-note').fill('买家要求赔偿，超出我的权限');
      await agent.page.getByTestId('help-submit').click();
      await agent.page.getByTestId('conversation-notice').waitFor();

      const request = supervisor.page.getByTestId('help-request');
      await request.waitFor();
      expect(await request.textContent()).toContain('买家要求赔偿，超出我的权限');
      await supervisor.page.getByTestId('help-join').click();
      await supervisor.page.getByTestId('help-joined').waitFor();
      await request.waitFor({ state: 'detached' });
      await supervisor.page.getByTestId('staff-input').fill('您好，我是店长，马上为您处理');
      await supervisor.page.getByTestId('staff-input').press('Enter');
      await buyer.page.getByText('您好，我是店长，马上为您处理').waitFor();
      await agent.page.getByTestId('conversation-messages').getByText('您好，我是店长，马上为您处理').waitFor(); // still the agent's chat, they see it too

      // A reload brings the open chat back with its composer, without opening it again (issue 11).
      const [open] = await server.db.query(`SELECT id FROM chat_conversation WHERE buyer_id = 'tb_难缠'`);
      await supervisor.page.waitForURL(new RegExp(`/console/chat\\?conversation=${open.id}$`));
      await supervisor.page.reload();
      await supervisor.page.locator(`[data-testid="conversation-view"][data-conversation-id="${open.id}"]`).waitFor();
      await supervisor.page.getByTestId('help-joined').waitFor();
      await supervisor.page.getByTestId('staff-input').fill('已为您登记，请稍候');
      await supervisor.page.getByTestId('staff-input').press('Enter');
      await buyer.page.getByText('已为您登记，请稍候').waitFor();

      await agent.page.getByTestId('transfer-open').click();
      await agent.page.getByTestId('transfer-mode-supervisor').click();
      await agent.page.getByTestId('transfer-note').fill('赔偿纠纷，请店长接手');
      await agent.page.getByTestId('transfer-submit').click();
      await item.waitFor({ state: 'detached' });
      await supervisor.page.locator('[data-testid="chat-group-mine"] [data-testid="conversation-item"][data-buyer-id="tb_难缠"]').waitFor();
      const [row] = await server.db.query(`SELECT c.agent_id AS agentId, s.username FROM chat_conversation c JOIN staff s ON s.id = c.agent_id WHERE c.buyer_id = 'tb_难缠'`);
      expect(row.username).toBe('supervisor');
    } finally {
      await Promise.all([agent.context.close(), supervisor.context.close(), buyer.context.close()]);
    }
  });
});
