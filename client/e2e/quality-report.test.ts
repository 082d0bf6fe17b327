import type { TestServer } from '@kefu/server/testing/harness';
import { staffIds } from '@kefu/server/modules/scoring/scoring.fixtures';
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import { addDays, dayStart, shopDay } from '@kefu/shared/domain/kpis/days';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { logIn } from './session.ts';

let server: TestServer;
let browser: Browser;
let yesterday: string;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
  const ids = await staffIds(server.db);
  const tz = server.config.shopTz;
  yesterday = addDays(shopDay(new Date(), tz), -1);
  const at = (hour: number) => new Date(dayStart(yesterday, tz).getTime() + hour * 3_600_000);
  await server.db.transaction(async (tx) => {
    for (const [n, location] of ['右脚鞋跟开胶', '左脚鞋跟开胶', '后跟开胶'].entries()) {
      const order = (await tx.query(
        "INSERT INTO shop_order (order_no, buyer_id, status, total_fen, placed_at, paid_at, created_by, created_at, updated_at, version) VALUES (?, ?, 'paid', 15900, ?, ?, ?, ?, ?, 1)",
        [`QRE${Date.now()}${n}`, `qre-${n}`, at(1), at(1), ids.supervisor, at(1), at(1)],
      )) as { insertId: number };
      await tx.query("INSERT INTO shop_order_item (order_id, line_no, title, colour, size, quantity, price_fen, in_stock) VALUES (?, 1, '百搭小白鞋女款', '白色', '37', 1, 15900, 1)", [order.insertId]);
      await tx.query(
        "INSERT INTO after_sale_case (order_id, order_no, buyer_id, kind, status, reason, opened_by, opened_at, version, quality, quality_location) VALUES (?, ?, ?, 'quality', 'closed', '鞋跟开胶', ?, ?, 1, 1, ?)",
        [order.insertId, `QRE${Date.now()}${n}`, `qre-${n}`, ids.aftersale1, at(10 + n), location],
      );
    }
  });
  // No report yet: the supervisor builds it from the tab (the morning job itself:
  // workers/src/processors/quality.processor.test.ts).
});

afterAll(() => stopBrowserWorld({ server, browser }));

describe('the daily quality report in the browser', () => {
  it('the supervisor builds yesterday’s report from the KPI page and sees the unusual lines', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      await logIn(page, 'supervisor', DEMO_PASSWORD_DEFAULT);
      await page.getByTestId('nav-kpis').click();
      await page.getByTestId('kpis-tab-quality').click();
      await page.waitForURL(/tab=quality/);
      await page.getByText('还没有日报').waitFor();
      await page.getByTestId('quality-report-build').click();
      await expect.poll(() => page.getByTestId('quality-report-notice').textContent()).toContain(`已生成 ${yesterday} 的日报`);
      const report = page.getByTestId('quality-report');
      await report.locator('p', { hasText: `${yesterday} ·` }).waitFor();
      await expect.poll(() => page.getByTestId('quality-unusual-count').textContent()).toBe('5');
      const product = page.getByTestId('quality-by-product').locator('tr', { hasText: '百搭小白鞋女款 白色 37码' });
      await expect.poll(() => product.textContent()).toContain('异常');
      await expect.poll(() => page.getByTestId('quality-by-location').locator('tr.quality-unusual').textContent()).toContain('鞋跟');
      const print = await page.getByTestId('quality-report-print').getAttribute('href');
      expect(print).toBe(`/api/quality-reports/${yesterday}/print`);
      const printed = await context.request.get(`${server.baseUrl}${print}`);
      expect(printed.status()).toBe(200);
      expect(await printed.text()).toContain('质量异常分析日报表');
      // Again: the same report, not a second one.
      await page.getByTestId('quality-report-build').click();
      await expect.poll(() => page.getByTestId('quality-report-notice').textContent()).toContain(`${yesterday} 的日报已生成过`);
      expect(await page.getByTestId('quality-report-day').locator('option').count()).toBe(1);
      const kept = (await server.db.query('SELECT COUNT(*) AS n FROM quality_report')) as Array<{ n: number }>;
      expect(Number(kept[0]!.n)).toBe(1);
    } finally {
      await context.close();
    }
  });
});
