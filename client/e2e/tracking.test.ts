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

async function staffPage(username: string, section: 'chat' | 'tracking'): Promise<Page> {
  const { page } = await openPage(browser, server.baseUrl);
  await logIn(page, username, DEMO_PASSWORD_DEFAULT);
  await page.getByTestId(`nav-${section}`).click();
  if (section === 'chat') await page.locator('[data-testid="presence-switch"][data-status="online"]').waitFor();
  else await page.getByTestId('tracking-page').waitFor();
  return page;
}

describe('a buyer’s address change reaches the printer and the reply comes back (订单跟踪)', () => {
  it('the agent records it from the chat side panel; the printer claims and replies; the agent sees the reply', async () => {
    const agent = await staffPage('presale1', 'chat');
    const printer = await staffPage('printer1', 'tracking');
    // A paid order of the buyer, recorded through the API (the form is covered by orders.test.ts).
    const recorded = await agent.request.post('/api/orders', {
      data: { orderNo: 'TRK-0001', buyerId: 'tb_改地址', receiver: { name: '张三', phone: '13812345678', address: '浙江省杭州市西湖区文三路100号' }, items: [{ title: '帆布鞋', colour: '白色', size: '40', quantity: 1, priceFen: 5900, inStock: true }] },
    });
    expect(recorded.status()).toBe(201);

    const { page: buyer } = await openPage(browser, server.baseUrl);
    // The buyer arrives through the shop's signed link, as a known marketplace ID (issue 11).
    await buyer.goto(signedChatPath('tb_改地址'));
    await buyer.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();
    await buyer.getByTestId('buyer-input').fill('地址写错了，改成上海市浦东新区张江路1号');
    await buyer.getByTestId('buyer-input').press('Enter');

    const item = agent.locator('[data-testid="chat-group-mine"] [data-testid="conversation-item"][data-buyer-id="tb_改地址"]');
    await item.waitFor();
    await item.getByRole('button').first().click();
    const side = agent.getByTestId('side-order-TRK-0001');
    await side.waitFor();
    expect(await side.getByTestId('receiver-phone').textContent()).toBe('138****5678');
    await agent.getByTestId('change-open-TRK-0001').click();
    await agent.getByTestId('change-text').fill('上海市浦东新区张江路1号');
    await agent.getByTestId('change-confirmed').check();
    await agent.getByTestId('change-submit').click();
    await side.locator('[data-kind="address"]').waitFor();
    expect(await side.locator('[data-kind="address"]').textContent()).toMatch(/^客户要求修改地址，新地址为：上海市浦东新区张江路1号---\d{4}\.\d{2}\.\d{2} 李娜$/);

    // The printer sees it live, with the count on the menu, claims it and replies.
    const alert = printer.locator('[data-testid^="alert-"][data-order-no="TRK-0001"][data-status="open"]');
    await alert.waitFor();
    expect(await printer.getByTestId('nav-tracking-count').textContent()).toBe('1');
    expect(await printer.title()).toMatch(/^\(1\) /);
    await alert.getByTestId('alert-claim').click();
    await printer.getByTestId('tracking-tab-claimed').click();
    const claimed = printer.locator('[data-testid^="alert-"][data-order-no="TRK-0001"][data-status="claimed"]');
    await claimed.getByTestId('alert-reply-input').fill('已在E店宝修改妥当');
    await claimed.getByTestId('alert-done').click();
    await printer.getByTestId('tracking-empty').waitFor();
    await printer.getByTestId('nav-tracking-count').waitFor({ state: 'detached' });

    // The agent sees the reply in the order's notes, live.
    const reply = side.locator('[data-kind="reply"]');
    await reply.waitFor();
    expect(await reply.textContent()).toMatch(/^订单跟踪回复：已在E店宝修改妥当---\d{4}\.\d{2}\.\d{2} 孙磊$/);
  });
});
