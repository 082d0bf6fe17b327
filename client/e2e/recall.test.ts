import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import type { TestServer } from '@kefu/server/testing/harness';
import { loggedIn } from '@kefu/server/testing/http-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { logIn } from './session.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});

afterAll(() => stopBrowserWorld({ server, browser }));

/** Screenshots for a person to look at (SHOTS_DIR set by hand; never in CI). */
async function shot(page: Page, name: string) {
  if (!process.env.SHOTS_DIR) return;
  await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}-1440.png`, fullPage: true });
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}-390.png`, fullPage: true });
  if (size) await page.setViewportSize(size);
}

/** A shipped order made through the API, as the printers ship it. */
async function shippedOrder(buyerId: string, trackingNo: string): Promise<string> {
  const supervisor = await loggedIn(server.baseUrl, 'supervisor');
  const orderNo = `R${Date.now()}`;
  let order = (
    await supervisor.post('/api/orders', {
      orderNo,
      buyerId,
      items: [{ title: '真皮休闲鞋', colour: '黑色', size: '38', quantity: 1, priceFen: 29_900 }],
      receiver: { name: '王小鹿', phone: '13812345678', address: '浙江省杭州市西湖区文三路100号' },
    })
  ).body;
  for (const to of ['printed', 'packed', 'shipped']) {
    order = (await supervisor.post(`/api/orders/${orderNo}/moves`, { to, version: order.version, ...(to === 'shipped' ? { courier: '中通快递', trackingNo } : {}) })).body;
  }
  expect(order.status).toBe('shipped');
  return orderNo;
}

describe('快件退回: a recall slip is printed and the printer marks the parcel received', () => {
  it('after-sale makes the slip and prints it; the printer records the signature and signs for the parcel', async () => {
    const orderNo = await shippedOrder('召回买家', 'ZT5550000777');

    const agent = await openPage(browser, server.baseUrl);
    await agent.page.setViewportSize({ width: 1440, height: 900 });
    await logIn(agent.page, 'aftersale1', DEMO_PASSWORD_DEFAULT);
    await agent.page.getByTestId('nav-recall').click();
    await agent.page.getByTestId('slip-new-toggle').click();
    await agent.page.getByTestId('slip-order-no').fill(orderNo);
    await agent.page.getByTestId('slip-reason').fill('买家不要了，已联系快递召回');
    await agent.page.getByTestId('slip-submit').click();
    await expect(agent.page.getByTestId('recall-notice').textContent()).resolves.toMatch(/已生成退回单 TH\d{8}-001/);
    const row = agent.page.locator(`[data-order-no="${orderNo}"]`);
    await row.waitFor();
    await shot(agent.page, 'recall-aftersale');
    const [view] = await Promise.all([agent.context.waitForEvent('page'), row.locator('[data-testid^="slip-print-"]').click()]);
    await view.waitForURL(/\/api\/recall\/slips\/\d+\/view\?size=a4/);
    const barcode = view.locator('svg.barcode[data-code="ZT5550000777"]');
    await barcode.waitFor();
    expect((await barcode.boundingBox())!.width).toBeGreaterThan(100);
    expect(await view.locator('[data-part="2"]').textContent()).toContain('王小鹿');
    if (process.env.SHOTS_DIR) await view.screenshot({ path: `${process.env.SHOTS_DIR}/recall-slip-a4.png`, fullPage: true });
    await agent.context.close();

    const printer = await openPage(browser, server.baseUrl);
    await printer.page.setViewportSize({ width: 1440, height: 900 });
    await logIn(printer.page, 'printer1', DEMO_PASSWORD_DEFAULT);
    await printer.page.getByTestId('nav-recall').click();
    const printerRow = printer.page.locator(`[data-order-no="${orderNo}"]`);
    await printerRow.locator('[data-testid^="slip-sign-"]').click();
    await printer.page.getByTestId('slip-courier-name').fill('王师傅');
    await printer.page.getByTestId('slip-sign-submit').click();
    await printer.page.locator(`[data-order-no="${orderNo}"][data-status="signed"]`).waitFor();
    printer.page.once('dialog', (dialog) => void dialog.accept());
    await printerRow.locator('[data-testid^="slip-receive-"]').click();
    await printer.page.locator(`[data-order-no="${orderNo}"][data-status="received"]`).waitFor();
    await expect(printerRow.getByTestId('slip-registry-line').textContent()).resolves.toMatch(/^原包裹已收到 孙磊 \d{4}\.\d{2}\.\d{2}$/);
    await expect(printer.page.getByTestId('recall-notice').textContent()).resolves.toContain('已提醒售后退款');
    await shot(printer.page, 'recall-printer');
    const supervisor = await loggedIn(server.baseUrl, 'supervisor');
    expect((await supervisor.get(`/api/orders/${orderNo}`)).body).toMatchObject({ status: 'returned', recalled: true });
    await printer.context.close();
  });
});

describe('退款维权: the supervisor’s board shows a dispute', () => {
  it('by time left, and one click reminds the responsible agent', async () => {
    const orderNo = await shippedOrder('维权买家', 'YT5550000888');
    const aftersale = await loggedIn(server.baseUrl, 'aftersale1');
    const deadline = new Date(Date.now() + 5 * 3_600_000).toISOString();
    const entered = await aftersale.post('/api/disputes', { orderNo, kind: 'dispute', reason: '买家发起维权：鞋底开胶', amountFen: 29_900, deadlineAt: deadline });
    expect(entered.status).toBe(201);

    const { context, page } = await openPage(browser, server.baseUrl);
    await page.setViewportSize({ width: 1440, height: 900 });
    await logIn(page, 'supervisor', DEMO_PASSWORD_DEFAULT);
    await page.getByTestId('nav-disputes').click();
    const card = page.getByTestId(`dispute-${entered.body.id}`);
    await card.waitFor();
    await expect(card.getByTestId('dispute-left').textContent()).resolves.toMatch(/^4 小时 5\d 分$/);
    await expect(card.getByTestId('dispute-agent').textContent()).resolves.toBe('刘洋');
    await expect(card.getByTestId('dispute-reminders').textContent()).resolves.toBe('未提醒');
    await card.getByTestId(`dispute-remind-${entered.body.id}`).click();
    await expect(page.getByTestId('disputes-notice').textContent()).resolves.toBe(`已提醒 刘洋（订单 ${orderNo}）`);
    await expect(card.getByTestId('dispute-reminders').textContent()).resolves.toMatch(/^已提醒 1 次/);
    await shot(page, 'disputes-board');
    const notes = (await aftersale.get('/api/notifications')).body;
    expect(JSON.stringify(notes)).toContain('dispute.reminder');
    await context.close();
  });
});
