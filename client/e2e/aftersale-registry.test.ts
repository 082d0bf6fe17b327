import type { TestServer } from '@kefu/server/testing/harness';
import { loggedIn } from '@kefu/server/testing/http-client';
import { orderAt } from '@kefu/server/modules/orders/orders.fixtures';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { signedChatPath, staffPage as openStaffPage } from './session.ts';

/** A 1×1 PNG, as a phone photo stands in here. */
const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});

afterAll(() => stopBrowserWorld({ server, browser }));

const staffPage = (username: string): Promise<Page> => openStaffPage(browser, server.baseUrl, username);

describe('the after-sale registry (售后登记表)', () => {
  it('an after-sale agent registers a quality return from a chat with its photo, the warehouse inspects, the agent refunds', async () => {
    const supervisor = await loggedIn(server.baseUrl, 'supervisor');
    const order = await orderAt({ writer: supervisor }, 'tb_开胶', 'delivered');

    const { page: buyer } = await openPage(browser, server.baseUrl);
    await buyer.goto(signedChatPath('tb_开胶'));
    await buyer.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();
    await buyer.getByTestId('buyer-input').fill('鞋子左脚鞋头开胶了，我拍了照片');
    await buyer.getByTestId('buyer-input').press('Enter');
    await buyer.getByTestId('buyer-image-input').setInputFiles({ name: 'shoe.png', mimeType: 'image/png', buffer: TINY_PNG });
    await buyer.getByTestId('buyer-image-preview').waitFor();
    await buyer.getByTestId('buyer-image-send').click();

    // The buyer has a delivered order: the chat goes to after-sale (刘洋).
    const agent = await staffPage('aftersale1');
    await agent.getByTestId('nav-chat').click();
    await agent.locator('[data-testid="presence-switch"][data-status="online"]').waitFor();
    const item = agent.locator('[data-testid="conversation-item"][data-buyer-id="tb_开胶"]').first();
    await item.waitFor();
    await item.getByRole('button').first().click();
    await agent.getByTestId('conversation-messages').getByTestId('bubble-image').first().waitFor();
    await agent.getByTestId(`side-order-register-case-${order.orderNo}`).click();

    // The form comes with the order and the chat; the photo is picked from the buyer's chat.
    await agent.getByTestId('case-form').waitFor();
    expect(await agent.getByTestId('case-order-no').inputValue()).toBe(order.orderNo);
    await agent.getByTestId('case-kind').selectOption('quality');
    await agent.getByTestId('case-reason').fill('穿了两天左脚开胶');
    await agent.getByTestId('case-return-payer').selectOption('shop');
    await agent.getByTestId('case-postage').fill('12');
    // Without a location the server refuses it (A03), in Chinese.
    await agent.getByTestId('case-submit').click();
    expect(await agent.getByTestId('case-form-error').textContent()).toContain('质量问题必须写清楚鞋子哪里有问题');
    await agent.getByTestId('case-location').fill('左脚鞋头与鞋底接缝处开胶');
    await agent.getByTestId('case-submit').click();
    // Without a photo the shop may not promise the postage (A04).
    expect(await agent.getByTestId('case-form-error').textContent()).toContain('必须有买家在聊天中发来的照片证实');
    await agent.locator('[data-testid="case-photo-picker"] input[type="checkbox"]').first().check();
    await agent.getByTestId('case-submit').click();
    await agent.getByTestId('aftersale-notice').waitFor();
    const [row] = await server.db.query('SELECT id FROM after_sale_case WHERE order_no = ?', [order.orderNo]);
    const id = Number(row.id);
    await agent.getByTestId(`case-open-${id}`).click();
    await agent.locator('[data-testid="case-page"][data-status="open"]').waitFor();
    expect(await agent.getByTestId('case-photos').locator('img').count()).toBe(1);

    // The buyer gave the return tracking number: entered at once.
    await agent.getByTestId('case-action-return-tracking').click();
    await agent.getByTestId('case-form-return-tracking-courier').fill('圆通快递');
    await agent.getByTestId('case-form-return-tracking-trackingNo').fill('YT8800112233');
    await agent.getByTestId('case-form-return-tracking-submit').click();
    await agent.locator('[data-testid="case-page"][data-status="awaiting_return"]').waitFor();

    // The warehouse finds the case and signs 已验收; the photo shows for the warehouse too.
    const warehouse = await staffPage('warehouse1');
    await warehouse.getByTestId('nav-aftersale').click();
    await warehouse.getByTestId('cases-filter-awaiting_return').click();
    await warehouse.getByTestId(`case-open-${id}`).click();
    await warehouse.locator('[data-testid="case-page"][data-status="awaiting_return"]').waitFor();
    expect(await warehouse.getByTestId('case-action-refund').count()).toBe(0);
    await warehouse.getByTestId('case-action-received').click();
    await warehouse.getByTestId('case-form-received-note').fill('左脚开胶属实');
    await warehouse.getByTestId('case-form-received-submit').click();
    await warehouse.locator('[data-testid="case-page"][data-status="received"]').waitFor();

    // The agent's page follows live; the agent refunds the goods and the postage advanced.
    await agent.locator('[data-testid="case-page"][data-status="received"]').waitFor();
    await agent.getByTestId('case-action-refund').click();
    await agent.getByTestId('case-form-refund-submit').click();
    await agent.locator('[data-testid="case-page"][data-status="refunded"]').waitFor();
    await agent.getByTestId('case-action-postage-refund').click();
    await agent.getByTestId('case-form-postage-refund-submit').click();
    await agent.getByTestId('case-story').locator('[data-what="postage_refunded"]').waitFor();
    const story = await agent.getByTestId('case-story').locator('li').allTextContents();
    expect(story.map((line) => line.replace(/^.*?\d{2}:\d{2}\s*/, ''))).toEqual([
      '刘洋 · 登记',
      '刘洋 · 加入照片（买家聊天中发来）',
      '刘洋 · 登记退货单号',
      '周强 · 已验收（原包裹已收到）',
      '刘洋 · 已退款',
      '刘洋 · 运费已返还',
    ]);
  });
});
