import type { TestServer } from '@kefu/server/testing/harness';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { staffPage as openStaffPage } from './session.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});

afterAll(() => stopBrowserWorld({ server, browser }));

const staffPage = (username: string): Promise<Page> => openStaffPage(browser, server.baseUrl, username);

const RECEIVER = { name: '周晴', phone: '13912345678', address: '浙江省杭州市西湖区文三路100号' };
const SHOE = { title: '帆布鞋', colour: '白色', size: '40', quantity: 1, priceFen: 5900, inStock: true };

describe('requests to the warehouse (仓库) and the print view’s button', () => {
  it('an agent asks the warehouse from the order; the clerk sees it live, claims, replies and marks wrong information; the agent sees the reply', async () => {
    const agent = await staffPage('presale1');
    const clerk = await staffPage('warehouse1');
    await clerk.getByTestId('nav-warehouse').click();
    await clerk.getByTestId('warehouse-page').waitFor();
    await clerk.getByTestId('warehouse-empty').waitFor();

    expect((await agent.request.post('/api/orders', { data: { orderNo: 'WH-0001', buyerId: 'tb_急要', receiver: RECEIVER, items: [SHOE] } })).status()).toBe(201);
    await agent.goto('/console/orders?order=WH-0001');
    await agent.getByTestId('warehouse-ask-open').click();
    expect(await agent.getByTestId('warehouse-ask-kind').locator('option').allTextContents()).toEqual(['确认库存']); // a paid order: only a stock check applies
    await agent.getByTestId('warehouse-ask-detail').fill('白色40码，客户急要');
    await agent.getByTestId('warehouse-ask-urgent').check();
    await agent.getByTestId('warehouse-ask-submit').click();
    await agent.getByTestId('warehouse-ask-sent').waitFor();

    // The clerk sees it live with what rule 12 asks for, and the count on the menu.
    const request = clerk.locator('[data-testid^="alert-"][data-order-no="WH-0001"][data-status="open"]');
    await request.waitFor();
    expect(await request.getByTestId('alert-summary').textContent()).toBe('请确认库存：白色40码，客户急要｜买家ID：tb_急要；收货人：周晴；收货地址：浙江省杭州市西湖区文三路100号；订单号：WH-0001');
    expect(await request.locator('.history-note').textContent()).toMatch(/---\d{4}\.\d{2}\.\d{2} 李娜$/);
    expect(await clerk.getByTestId('nav-warehouse-count').textContent()).toBe('1');
    await request.getByTestId('alert-claim').click();
    await clerk.getByTestId('warehouse-empty').waitFor(); // claimed: no longer waiting
    await clerk.getByTestId('nav-warehouse-count').waitFor({ state: 'detached' });
    await clerk.getByTestId('warehouse-tab-claimed').click();
    const claimed = clerk.locator('[data-testid^="alert-"][data-order-no="WH-0001"][data-status="claimed"]');
    await claimed.getByTestId('alert-reply-input').fill('白色40码有货，今天可发');
    await claimed.getByTestId('alert-wrong-info').check();
    await claimed.getByTestId('alert-wrong-info-input').fill('收货人电话少一位');
    await claimed.getByTestId('alert-done').click();
    await clerk.getByTestId('warehouse-empty').waitFor();

    // The agent sees the reply on the order, live.
    const reply = agent.locator('[data-testid="order-changes-WH-0001"] [data-kind="reply"]');
    await reply.waitFor();
    expect(await reply.textContent()).toMatch(/^订单跟踪回复：白色40码有货，今天可发---\d{4}\.\d{2}\.\d{2} 周强$/);
    await agent.getByTestId('nav-tracking').click();
    await agent.getByTestId('tracking-tab-done').click();
    const done = agent.locator('[data-testid^="alert-"][data-order-no="WH-0001"][data-status="done"]');
    expect(await done.getByTestId('alert-wrong-info-text').textContent()).toContain('收货人电话少一位');
  });

  it('the print view has a 打印 button wired by a same-origin script, hidden in print, and no inline script', async () => {
    const printer = await staffPage('printer1');
    expect((await printer.request.post('/api/orders', { data: { orderNo: 'PB-0001', buyerId: 'tb_打印', receiver: RECEIVER, items: [SHOE] } })).status()).toBe(201);
    const batch = await printer.request.post('/api/print/batches', { data: { orderNos: ['PB-0001'], firstTrackingNo: 'ZT5500001', courier: '中通快递' } });
    expect(batch.status()).toBe(201);
    const { id } = (await batch.json()) as { id: number };
    const blocked: string[] = [];
    printer.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    const response = await printer.goto(`/api/print/batches/${id}/view?size=a4`);
    const csp = response!.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(await printer.locator('script:not([src])').count()).toBe(0);
    expect(await printer.locator('script[src]').evaluateAll((scripts) => scripts.map((s) => new URL((s as HTMLScriptElement).src).origin))).toEqual([new URL(server.baseUrl).origin]);
    await printer.locator('svg').first().waitFor(); // the barcode

    // The button calls window.print() (stubbed: headless Chromium has no print dialog).
    await printer.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    await printer.getByTestId('print-button').click();
    expect(await printer.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    expect(await printer.getByTestId('print-button').textContent()).toBe('打印');
    await printer.emulateMedia({ media: 'print' });
    expect(await printer.getByTestId('print-button').isVisible()).toBe(false);
    expect(blocked).toEqual([]);
  });
});
