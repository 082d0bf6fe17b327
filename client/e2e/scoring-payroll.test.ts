import { monthBounds, previousMonth } from '@kefu/shared/domain/scoring/month';
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import { settleHere, staffIds } from '@kefu/server/modules/scoring/scoring.fixtures';
import { seedDemoOrders } from '@kefu/server/modules/orders/orders.seed';
import type { TestServer } from '@kefu/server/testing/harness';
import { loggedIn } from '@kefu/server/testing/http-client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatShopMonth } from '../src/lib/time.ts';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { logIn } from './session.ts';

// Issue 13's payroll work in the browser: evidence that opens, evidence images, bulk entry and
// import, the 奖罚登记表, and each person's history; the agent at 390 px sees theirs.
/** A 1×1 PNG, as a phone screenshot would arrive (the server sniffs the type from these bytes). */
const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let server: TestServer;
let browser: Browser;
let entryId: number;
const month = previousMonth(formatShopMonth(new Date()));
/** The 12th of the month, 10:00 in the shop. */
const at = new Date(monthBounds(month, 'Asia/Shanghai').start.getTime() + (11 * 24 + 10) * 3_600_000).toISOString();

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
  const ids = await staffIds(server.db);
  await seedDemoOrders(server.db, new Date());
  const supervisor = await loggedIn(server.baseUrl, 'supervisor');
  const reply = await supervisor.post('/api/ledger', {
    staffId: ids.presale1,
    rule: 'G05',
    occurredAt: at,
    evidence: [
      { kind: 'chat', id: '7:3' },
      { kind: 'order', id: '3921550016882001' },
      { kind: 'complaint', id: '4' },
    ],
    note: '买家投诉回复慢',
  });
  expect(reply.status).toBe(201);
  entryId = reply.body.id;
  await settleHere(server.db, month, { requestedBy: ids.supervisor! });
});

afterAll(() => stopBrowserWorld({ server, browser }));

describe('scoring as payroll', () => {
  it('the supervisor attaches a screenshot, enters and imports in bulk, prints the register, reads a history, and follows evidence to the record', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      await logIn(page, 'supervisor', DEMO_PASSWORD_DEFAULT);
      await page.goto(`/console/scoring?month=${month}`);
      await page.getByTestId('sheet-open-presale1').click();
      const entry = page.getByTestId(`entry-${entryId}`);
      await entry.waitFor();

      // An evidence image: attached from a file, shown as a thumbnail that really loads.
      await page.getByTestId(`attach-image-file-${entryId}`).setInputFiles({ name: 'wangwang.png', mimeType: 'image/png', buffer: TINY_PNG });
      const thumb = page.getByTestId(`evidence-images-${entryId}`).locator('img');
      await thumb.waitFor();
      await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);

      // A complaint opens its page on 客户投诉.
      await expect.poll(() => entry.locator('[data-kind="complaint"]').getAttribute('href')).toBe('/console/complaints?complaint=4');

      // The 奖罚登记表 on paper: the person's entries and their signature line; the scoresheet stays off that paper.
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => {
        document.documentElement.dataset.print = 'register';
      });
      const block = page.getByTestId('register-presale1');
      await block.waitFor();
      expect(await block.textContent()).toMatch(/G05.*买家投诉回复慢[\s\S]*本人签字/);
      expect(await page.getByTestId('printable-sheet').isVisible()).toBe(false);
      await page.evaluate(() => {
        delete document.documentElement.dataset.print;
      });
      expect(await page.getByTestId('printable-sheet').isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });

      // Bulk entry: G15 for two people at once.
      await page.getByTestId('bulk-rule').selectOption('G15');
      await page.getByTestId('bulk-occurred-at').fill(`${month}-12T16:00`);
      await page.getByTestId('bulk-pick-presale1').check();
      await page.getByTestId('bulk-pick-presale2').check();
      await page.getByTestId('bulk-note-presale2').fill('例会迟到且不服从安排');
      // No evidence in a bulk entry: a person without a note is refused before anything is sent.
      await page.getByTestId('bulk-submit').click();
      await expect.poll(() => page.getByTestId('bulk-error').textContent()).toContain('李娜 没有说明');
      await page.getByTestId('bulk-note-all').fill('周例会迟到');
      await page.getByTestId('bulk-submit').click();
      await expect.poll(() => page.getByTestId('scoring-notice').textContent()).toContain('已登记 2 条记录');

      // A CSV with a wrong line: nothing imported, the line named in Chinese.
      const csv = `员工,条款,时间,备注\n李娜,G08,${month}-13 09:00,迟到\n王小二,G05,${month}-13 09:00,\n`;
      await page.getByTestId('bulk-import-file').setInputFiles({ name: 'entries.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await expect.poll(() => page.getByTestId('bulk-row-problems').textContent()).toContain('第 3 行：找不到该员工');

      // 个人历史: 李娜's months with the chart.
      await page.getByTestId('tab-history').click();
      await page.getByTestId('history-person').selectOption({ label: '李娜' });
      await page.getByTestId('history-chart').locator('svg').waitFor();
      // The chart of the person shown before may still be there while 李娜's months load.
      await expect.poll(() => page.getByTestId(`history-${month}`).getByTestId('history-score').textContent()).toBe('97');

      // Evidence that opens the thing itself: the order, then the chat at the message.
      await page.getByTestId('tab-month').click();
      await page.getByTestId('sheet-open-presale1').click();
      await page.getByTestId(`entry-${entryId}`).locator('a[data-kind="order"]').click();
      await page.getByTestId('order-detail').waitFor();
      expect(await page.getByTestId('order-detail').getAttribute('data-order-no')).toBe('3921550016882001');
      await page.goBack();
      await page.getByTestId('sheet-open-presale1').click();
      await page.getByTestId(`entry-${entryId}`).locator('a[data-kind="chat"]').click();
      await page.waitForURL(/\/console\/chat\?conversation=7&message=3$/);
    } finally {
      await context.close();
    }
  });

  it('the agent at 390 px sees their entry with its image and their history', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      await logIn(page, 'presale1', DEMO_PASSWORD_DEFAULT);
      // The phone: the console's menu folds away at this width (after the login, which waits for it).
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`/console/myScore?month=${month}`);
      const thumb = page.getByTestId(`evidence-images-${entryId}`).locator('img');
      await thumb.waitFor();
      await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
      await page.getByTestId('history-chart').locator('svg').waitFor();
      // Not submitted yet: the agent sees the entries of the month, not the draft's figures.
      expect(await page.getByTestId(`history-${month}`).getByTestId('history-score').textContent()).toBe('—');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  });
});
