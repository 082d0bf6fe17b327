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
  if (process.env.SHOTS_DIR) await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}.png`, fullPage: true });
}

describe('打单: a printer prints a batch', () => {
  it('selects a paid order, prints it with a waybill number from the roll, and the print view shows its barcode', async () => {
    const presale = await loggedIn(server.baseUrl, 'presale1');
    const orderNo = `P${Date.now()}`;
    const recorded = await presale.post('/api/orders', {
      orderNo,
      buyerId: '小鹿买鞋',
      items: [{ title: '真皮休闲鞋', colour: '黑色', size: '38', quantity: 1, priceFen: 29_900 }],
      receiver: { name: '王小鹿', phone: '13812345678', address: '浙江省杭州市西湖区文三路100号' },
      buyerMessage: '请发顺丰',
    });
    expect(recorded.status).toBe(201);

    const { context, page } = await openPage(browser, server.baseUrl);
    await page.setViewportSize({ width: 1440, height: 900 });
    await logIn(page, 'printer1', DEMO_PASSWORD_DEFAULT);
    await page.getByTestId('nav-printing').click();
    const row = page.getByTestId(`print-row-${orderNo}`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('请发顺丰');
    await row.click();
    await expect(page.getByTestId('print-selected-count').textContent()).resolves.toContain('1');
    await page.getByTestId('print-first-tracking').fill('ZT5550000001');
    await page.getByTestId('print-courier').fill('中通快递');
    await shot(page, 'printing-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'printing-390');
    await page.setViewportSize({ width: 1440, height: 900 });

    const [view] = await Promise.all([context.waitForEvent('page'), page.getByTestId('print-submit').click()]);
    await view.waitForURL(/\/api\/print\/batches\/\d+\/view\?size=thermal/);
    const barcode = view.locator('svg.barcode[data-code="ZT5550000001"]');
    await barcode.waitFor();
    const box = await barcode.boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(await view.locator('.sheet.dispatch').textContent()).toContain('黑色');
    await shot(view, 'print-view-thermal');

    const notice = await page.getByTestId('print-notice').textContent();
    expect(notice).toMatch(/\d{4}\.\d{2}\.\d{2} 孙磊/);
    await page.getByTestId(`print-row-${orderNo}`).waitFor({ state: 'detached' });
    await page.locator('[data-testid^="print-batch-"]').first().waitFor();
    await shot(page, 'printing-after-1440');
    expect((await presale.get(`/api/orders/${orderNo}`)).body).toMatchObject({ status: 'printed', trackingNo: 'ZT5550000001' });
    await context.close();
  });
});
