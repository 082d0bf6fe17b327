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

/** A page that is closed again when getting it ready fails (an agent left open would stay online). */
async function ready(prepare: (page: Page) => Promise<void>): Promise<Page> {
  const { context, page } = await openPage(browser, server.baseUrl);
  try {
    await prepare(page);
    return page;
  } catch (error) {
    await context.close();
    throw error;
  }
}

function openSection(username: string, section: 'orders' | 'aftersale' | 'chat'): Promise<Page> {
  return ready(async (page) => {
    await logIn(page, username, DEMO_PASSWORD_DEFAULT);
    await page.getByTestId(`nav-${section}`).click();
    if (section === 'orders') await page.getByTestId('orders-table').waitFor();
    if (section === 'aftersale') await page.getByTestId('cases-table').waitFor();
    if (section === 'chat') {
      await page.getByTestId('chat-workspace').waitFor();
      // The console's socket made the agent online: new chats can be routed to them.
      await page.locator('[data-testid="presence-switch"][data-status="online"]').waitFor();
    }
  });
}

function openBuyer(buyerId: string): Promise<Page> {
  return ready(async (page) => {
    await page.goto(signedChatPath(buyerId));
    await page.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();
  });
}

/** Records an order through the form (the form is open). */
async function recordOrder(page: Page, order: { orderNo: string; buyerId: string; items: Array<{ title: string; colour?: string; size?: string; quantity: string; price: string }> }) {
  await page.getByTestId('order-no').fill(order.orderNo);
  await page.getByTestId('order-buyer').fill(order.buyerId);
  for (const [index, item] of order.items.entries()) {
    if (index > 0) await page.getByTestId('item-add').click();
    await page.getByTestId(`item-title-${index}`).fill(item.title);
    if (item.colour) await page.getByTestId(`item-colour-${index}`).fill(item.colour);
    if (item.size) await page.getByTestId(`item-size-${index}`).fill(item.size);
    await page.getByTestId(`item-qty-${index}`).fill(item.quantity);
    await page.getByTestId(`item-price-${index}`).fill(item.price);
  }
  await page.getByTestId('order-submit').click();
}

const detailIn = (page: Page, orderNo: string, status: string) =>
  page.locator(`[data-testid="order-detail"][data-order-no="${orderNo}"][data-status="${status}"]`).waitFor();

describe('orders from the back office to the after-sale chat', () => {
  it('a printer records a paid order and ships it; the buyer’s chat goes to after-sale, who sees the tracking number live', async () => {
    const agent = await openSection('aftersale1', 'chat');
    const printer = await openSection('printer1', 'orders');
    let buyer: Page | undefined;
    try {
      // Record: two lines, prices typed in yuan; the running total is in yuan, stored as fen.
      await printer.getByTestId('order-new-toggle').click();
      await printer.getByTestId('order-form').waitFor();
      await recordOrder(printer, {
        orderNo: '2026110300000001',
        buyerId: 'tb_等快递',
        items: [
          { title: '真皮系带休闲鞋', colour: '黑色', size: '38', quantity: '2', price: '128.50' },
          { title: '鞋垫', quantity: '1', price: '9.9' },
        ],
      });
      await printer.getByTestId('orders-notice').waitFor();
      expect(await printer.getByTestId('orders-notice').textContent()).toContain('2026110300000001');
      await detailIn(printer, '2026110300000001', 'paid');
      expect(await printer.getByTestId('order-detail-total').textContent()).toBe('¥266.90');
      const row = printer.getByTestId('order-row-2026110300000001');
      await row.waitFor();
      expect(await row.textContent()).toContain('tb_等快递');
      expect(await row.textContent()).toContain('¥266.90');
      expect(await row.getByTestId('order-status').textContent()).toBe('已付款');

      // The same order number again is refused, and the printer is told why.
      await recordOrder(printer, { orderNo: '2026110300000001', buyerId: 'tb_等快递', items: [{ title: '鞋垫', quantity: '1', price: '9.9' }] });
      await printer.getByTestId('order-form-error').waitFor();
      expect(await printer.getByTestId('order-form-error').textContent()).toContain('操作冲突');

      // A printer prints, packs and ships; recording the payment is not theirs.
      expect(await printer.getByTestId('order-move-paid').count()).toBe(0);
      await printer.getByTestId('order-move-printed').click();
      await detailIn(printer, '2026110300000001', 'printed');
      await printer.getByTestId('order-move-packed').click();
      await detailIn(printer, '2026110300000001', 'packed');

      // Shipping asks for the courier and the tracking number; a bad number is refused before sending.
      await printer.getByTestId('order-move-shipped').click();
      await printer.getByTestId('move-courier').fill('顺丰速运');
      await printer.getByTestId('move-tracking').fill('SF12');
      await printer.getByTestId('move-submit').click();
      await printer.getByTestId('move-error').waitFor();
      await printer.getByTestId('move-tracking').fill('SF1234567890');
      await printer.getByTestId('move-submit').click();
      await detailIn(printer, '2026110300000001', 'shipped');
      expect(await printer.getByTestId('order-detail-tracking').textContent()).toContain('SF1234567890');
      // The history keeps every move: recorded, printed, packed, shipped with its number.
      const history = printer.getByTestId('order-history').locator('li');
      expect(await history.evaluateAll((items) => items.map((item) => item.getAttribute('data-to')))).toEqual(['paid', 'printed', 'packed', 'shipped']);
      expect(await history.nth(3).textContent()).toContain('孙磊');
      expect(await history.nth(3).textContent()).toContain('SF1234567890');
      expect(await printer.getByTestId('order-row-2026110300000001').getByTestId('order-status').textContent()).toBe('已发货');

      // The buyer writes: a shipped order sends the chat to after-sale, to the only one online.
      buyer = await openBuyer('tb_等快递');
      await buyer.getByTestId('buyer-input').fill('我的快递到哪了？');
      await buyer.getByTestId('buyer-input').press('Enter');
      const item = agent.locator('[data-testid="chat-group-mine"] [data-testid="conversation-item"][data-buyer-id="tb_等快递"]');
      await item.waitFor();
      await item.getByRole('button').first().click();
      expect(await agent.getByTestId('side-buyer-id').textContent()).toBe('tb_等快递');

      // The side panel shows the order, its status and its tracking number; no ship promise once shipped.
      const side = agent.locator('[data-testid="side-order-2026110300000001"][data-status="shipped"]');
      await side.waitFor();
      expect(await side.textContent()).toContain('真皮系带休闲鞋');
      expect(await agent.getByTestId('side-order-tracking-2026110300000001').textContent()).toContain('顺丰速运 SF1234567890');
      expect(await agent.getByTestId('side-order-promise-2026110300000001').count()).toBe(0);
      expect(await agent.getByTestId('side-orders-empty').count()).toBe(0);

      // The printer records the delivery: the agent's side panel follows without a reload.
      await printer.getByTestId('order-move-delivered').click();
      await detailIn(printer, '2026110300000001', 'delivered');
      await agent.locator('[data-testid="side-order-2026110300000001"][data-status="delivered"]').waitFor();
    } finally {
      await agent.context().close();
      await printer.context().close();
      await buyer?.context().close();
    }
  });

  it('the supervisor records an unpaid order whose ship date pre-sale promises from the side panel', async () => {
    const agent = await openSection('presale1', 'chat');
    const supervisor = await openSection('supervisor', 'orders');
    let buyer: Page | undefined;
    try {
      await supervisor.getByTestId('order-new-toggle').click();
      await supervisor.getByTestId('order-status-unpaid').check();
      await recordOrder(supervisor, { orderNo: '2026110300000002', buyerId: 'tb_问发货', items: [{ title: '全羊毛手工拖鞋', colour: '灰色', size: '39', quantity: '1', price: '199' }] });
      await detailIn(supervisor, '2026110300000002', 'unpaid');

      buyer = await openBuyer('tb_问发货');
      await buyer.getByTestId('buyer-input').fill('什么时候发货？');
      await buyer.getByTestId('buyer-input').press('Enter');
      const item = agent.locator('[data-testid="chat-group-mine"] [data-testid="conversation-item"][data-buyer-id="tb_问发货"]');
      await item.waitFor();
      await item.getByRole('button').first().click();

      // Handmade: made to order, ships within 48 hours of payment; the agent puts it into the reply.
      const promise = agent.getByTestId('side-order-promise-2026110300000002');
      await promise.waitFor();
      expect(await promise.textContent()).toContain('您购买的是手工鞋，需要订做，付款后48小时内发货');
      await agent.getByTestId('side-order-insert-2026110300000002').click();
      expect(await agent.getByTestId('staff-input').inputValue()).toBe('亲，您购买的是手工鞋，需要订做，付款后48小时内发货（订单 2026110300000002）');

      // The supervisor records the payment: the side panel shows it at once.
      await supervisor.getByTestId('order-move-paid').click();
      await detailIn(supervisor, '2026110300000002', 'paid');
      await agent.locator('[data-testid="side-order-2026110300000002"][data-status="paid"]').waitFor();
    } finally {
      await agent.context().close();
      await supervisor.context().close();
      await buyer?.context().close();
    }
  });
});

describe('the after-sale registry', () => {
  it('an after-sale agent opens a case on a shipped order and closes it with a note; the supervisor sees both live', async () => {
    // Two orders of one buyer, recorded and moved by the supervisor through the API (the UI is covered above).
    const setup = await openSection('supervisor', 'aftersale');
    const post = async (path: string, data: unknown) => {
      const response = await setup.request.post(path, { data });
      expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
      return (await response.json()) as { version: number };
    };
    const items = [{ title: '帆布鞋', colour: '白色', size: '40', quantity: 1, priceFen: 5900, inStock: true }];
    await post('/api/orders', { orderNo: 'AS-0001', buyerId: 'tb_要退货', items });
    let { version } = await post('/api/orders', { orderNo: 'AS-0002', buyerId: 'tb_要退货', items });
    version = (await post('/api/orders/AS-0002/moves', { to: 'printed', version })).version;
    version = (await post('/api/orders/AS-0002/moves', { to: 'packed', version })).version;
    await post('/api/orders/AS-0002/moves', { to: 'shipped', version, courier: '中通快递', trackingNo: 'ZT2026110301' });

    const agent = await openSection('aftersale1', 'aftersale');
    try {
      await agent.getByTestId('case-new-toggle').click();

      // A return on an order not shipped yet: the form says so, and the server refuses it too.
      await agent.getByTestId('case-order-no').fill('AS-0001');
      await agent.locator('[data-testid="case-order-facts"][data-state="found"]').waitFor();
      await agent.getByTestId('case-refusal').waitFor();
      await agent.getByTestId('case-reason').fill('尺码偏小');
      await agent.getByTestId('case-submit').click();
      await agent.getByTestId('case-form-error').waitFor();
      expect(await agent.getByTestId('case-form-error').textContent()).toContain('操作冲突');

      // The shipped one: a return, with where the problem is.
      await agent.getByTestId('case-order-no').fill('AS-0002');
      await agent.locator('[data-testid="case-order-facts"][data-state="found"]').waitFor();
      expect(await agent.getByTestId('case-order-facts').textContent()).toContain('ZT2026110301');
      expect(await agent.getByTestId('case-refusal').count()).toBe(0);
      await agent.getByTestId('case-reason').fill('左脚鞋跟开胶，买家已发照片');
      await agent.getByTestId('case-submit').click();
      await agent.getByTestId('aftersale-notice').waitFor();
      expect(await agent.getByTestId('aftersale-notice').textContent()).toContain('AS-0002');

      const row = agent.locator('[data-testid^="case-row-"][data-order-no="AS-0002"]');
      await row.and(agent.locator('[data-status="open"]')).waitFor();
      const id = Number((await row.getAttribute('data-testid'))?.replace('case-row-', ''));
      expect(id).toBeGreaterThan(0);
      expect(await row.textContent()).toContain('退货');
      expect(await row.textContent()).toContain('刘洋');

      // The supervisor's list (open cases) shows it without a reload.
      await setup.locator(`[data-testid="case-row-${id}"][data-status="open"]`).waitFor();

      // Closing needs a note; then the case leaves the open list and is found under 已结束.
      await agent.getByTestId(`case-close-${id}`).click();
      await agent.getByTestId(`case-close-${id}-confirm`).click();
      await agent.getByTestId(`case-close-${id}-error`).waitFor();
      await agent.getByTestId(`case-close-${id}-note`).fill('已收到退货，已退款 ¥59.00');
      await agent.getByTestId(`case-close-${id}-confirm`).click();
      await agent.getByTestId('aftersale-notice').filter({ hasText: `#${id}` }).waitFor();
      await agent.getByTestId(`case-row-${id}`).waitFor({ state: 'detached' });
      await setup.getByTestId(`case-row-${id}`).waitFor({ state: 'detached' });

      await agent.getByTestId('cases-filter-closed').click();
      const closed = agent.locator(`[data-testid="case-row-${id}"][data-status="closed"]`);
      await closed.waitFor();
      expect(await closed.getByTestId('case-close-note').textContent()).toBe('已收到退货，已退款 ¥59.00');
      expect(await agent.getByTestId(`case-close-${id}`).count()).toBe(0);
    } finally {
      await agent.context().close();
      await setup.context().close();
    }
  });
});
