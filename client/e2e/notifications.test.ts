import { previousMonth } from '@kefu/shared/domain/scoring/month';
import { DetectorRegistry } from '@kefu/server/modules/scoring/scoring.detectors';
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import { createLogger } from '@kefu/server/platform/log';
import { startTestServer } from '@kefu/server/testing/harness';
import { startWorkers, type RunningWorkers } from '@kefu/workers/workers';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatShopMonth } from '../src/lib/time.ts';
import { launchChromium, openPage } from './browser.ts';
import { logIn } from './session.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let workers: RunningWorkers;
let browser: Browser;

// The month before the current one: the scoring page opens on the current month, so the
// notification's link has to take the manager somewhere else.
const current = formatShopMonth(new Date());
const month = previousMonth(current);

beforeAll(async () => {
  server = await startTestServer();
  // Settlement runs in the BullMQ worker (no detectors: nothing to propose, the month can be submitted at once).
  workers = await startWorkers(server.config, createLogger('test-workers', 'error'), { schedule: false, detectors: new DetectorRegistry() });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await workers?.close();
  await server?.close();
});

async function waitForMonth(page: Page, shown: string, status: string): Promise<void> {
  await page.locator(`[data-testid="month-panel"][data-month="${shown}"]`).waitFor();
  await page.locator(`[data-testid="month-status"][data-status="${status}"]`).waitFor({ timeout: 30_000 });
}

describe('the notification bell', () => {
  it("tells the manager a month was submitted, live, and opens that month; the open month page follows the supervisor's changes", async () => {
    const supervisor = await openPage(browser, server.baseUrl);
    const manager = await openPage(browser, server.baseUrl);
    try {
      // The manager has the month open, and nothing unread.
      await logIn(manager.page, 'manager', DEMO_PASSWORD_DEFAULT);
      await manager.page.goto(`/console/scoring?month=${month}`);
      await waitForMonth(manager.page, month, 'none');
      expect(await manager.page.getByTestId('notification-count').count()).toBe(0);

      // The supervisor settles it: the manager's page shows the draft without a refresh (scoring:changed).
      await logIn(supervisor.page, 'supervisor', DEMO_PASSWORD_DEFAULT);
      await supervisor.page.goto(`/console/scoring?month=${month}`);
      await waitForMonth(supervisor.page, month, 'none');
      await supervisor.page.getByTestId('month-settle').click();
      await waitForMonth(supervisor.page, month, 'draft');
      await waitForMonth(manager.page, month, 'draft');

      // The manager moves on to the current month; the supervisor submits.
      await manager.page.getByTestId('nav-scoring').click();
      await waitForMonth(manager.page, current, 'none');
      await supervisor.page.getByTestId('month-submit').click();
      await supervisor.page.getByTestId('month-submit-confirm').click();
      await waitForMonth(supervisor.page, month, 'submitted');

      // The bell counts it (notification:new), and lists it unread with its sentence and shop time.
      await manager.page.getByTestId('notification-count').filter({ hasText: '1' }).waitFor();
      await manager.page.getByTestId('notification-bell').click();
      const item = manager.page.locator('[data-kind="scoring.submitted"]');
      await item.waitFor();
      expect(await item.getAttribute('data-read')).toBe('false');
      expect(await item.textContent()).toContain(`${month} 月度积分表已提交，待你审批`);
      expect(await item.locator('time').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

      // A click opens that month and marks it read.
      await item.click();
      await waitForMonth(manager.page, month, 'submitted');
      expect(new URL(manager.page.url()).search).toBe(`?month=${month}`);
      await manager.page.getByTestId('notification-count').waitFor({ state: 'detached' });
      expect(await manager.page.getByTestId('month-approve').isVisible()).toBe(true);

      // Read on the server too: still read after a reload.
      await manager.page.reload();
      await waitForMonth(manager.page, month, 'submitted');
      await manager.page.getByTestId('notification-bell').click();
      await manager.page.locator('[data-kind="scoring.submitted"][data-read="true"]').waitFor();
      expect(await manager.page.getByTestId('notification-count').count()).toBe(0);
    } finally {
      await supervisor.context.close();
      await manager.context.close();
    }
  });
});
