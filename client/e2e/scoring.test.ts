import { monthBounds, previousMonth } from '@kefu/shared/domain/scoring/month';
import { DetectorRegistry } from '@kefu/server/modules/scoring/scoring.detectors';
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import { createLogger } from '@kefu/server/platform/log';
import { startTestServer } from '@kefu/server/testing/harness';
import { startWorkers, type RunningWorkers } from '@kefu/workers/workers';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatShopMonth, shopDateTimeInput } from '../src/lib/time.ts';
import { launchChromium, openPage } from './browser.ts';
import { logIn } from './session.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let workers: RunningWorkers;
let browser: Browser;

// The test works in the month before the shop's current one (a month is submitted and
// approved only once it has ended), and decides the detectors' proposals in the month before that.
const month = previousMonth(formatShopMonth(new Date()));
const proposalMonth = previousMonth(month);
/** The 15th of the month, 10:00 in the shop. */
const entryAt = new Date(monthBounds(month, 'Asia/Shanghai').start.getTime() + (14 * 24 + 10) * 3_600_000);
const PROPOSED_CHATS = ['c-101', 'c-102', 'c-103'];

/**
 * A stand-in for the chat issue's detector (none is registered yet): G09, three chat
 * windows 张敏 (presale2) left open in the month before.
 */
const detectors = new DetectorRegistry().register({
  name: 'test.chat-windows',
  rules: ['G09'],
  async detect(tx, context) {
    if (context.month !== proposalMonth) return [];
    const rows = (await tx.query("SELECT id FROM staff WHERE username = 'presale2'")) as Array<{ id: number }>;
    const staffId = Number(rows[0]?.id);
    return PROPOSED_CHATS.map((chat, i) => ({
      staffId,
      rule: 'G09' as const,
      occurredAt: new Date(context.start.getTime() + (i + 1) * 86_400_000),
      evidence: [{ kind: 'chat' as const, id: chat }],
      note: '订单确认后未关闭对话框',
    }));
  },
});

beforeAll(async () => {
  server = await startTestServer();
  // Settlement runs in the BullMQ worker: start one in this process, on the server's database and Redis prefix.
  workers = await startWorkers(server.config, createLogger('test-workers', 'error'), { schedule: false, detectors });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await workers?.close();
  await server?.close();
});

/** The scoresheet's status badge reads `status` (settlement finishes in the worker, the page polls). */
async function waitForStatus(page: Page, status: string): Promise<void> {
  await page.locator(`[data-testid="month-status"][data-status="${status}"]`).waitFor({ timeout: 30_000 });
}

/** The entry ids in a table of entries, in the order shown. */
async function entryIds(page: Page, tableTestId: string): Promise<number[]> {
  const ids = await page
    .getByTestId(tableTestId)
    .locator('tbody tr[data-testid^="entry-"]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid') ?? ''));
  return ids.map((id) => Number(id.replace('entry-', '')));
}

describe('the monthly scoresheet in the console', () => {
  it('runs a month: recorded, settled, submitted, approved; the agent sees the entry and appeals; the supervisor sees the appeal', async () => {
    const supervisor = await openPage(browser, server.baseUrl);
    const manager = await openPage(browser, server.baseUrl);
    const agent = await openPage(browser, server.baseUrl);
    try {
      // The supervisor records G05 (a verified complaint, −3) for 李娜 (presale1).
      const page = supervisor.page;
      await logIn(page, 'supervisor', DEMO_PASSWORD_DEFAULT);
      await page.goto(`/console/scoring?month=${month}`);
      await page.locator(`[data-testid="month-panel"][data-month="${month}"]`).waitFor();
      await waitForStatus(page, 'none');

      await page.getByTestId('rule-search').fill('投诉');
      await page.getByTestId('rule-option-G05').click();
      expect(await page.getByTestId('rule-terms').textContent()).toContain('−3分');
      const agentOption = page.getByTestId('entry-staff').locator('option', { hasText: 'presale1' });
      await page.getByTestId('entry-staff').selectOption((await agentOption.getAttribute('value')) ?? '');
      await page.getByTestId('entry-occurred-at').fill(shopDateTimeInput(entryAt));
      await page.getByTestId('entry-note').fill('买家投诉回复态度差，已核实');
      await page.getByTestId('entry-evidence-add').click();
      await page.getByTestId('entry-evidence-kind-0').selectOption('order');
      await page.getByTestId('entry-evidence-id-0').fill('880123');
      await page.getByTestId('entry-submit').click();
      await page.getByTestId('scoring-notice').filter({ hasText: '已记录' }).waitFor();
      // Not settled yet: the month's entries are listed on their own.
      await page.getByTestId('month-entries').locator('[data-rule="G05"]').waitFor();

      // Settle: the worker makes the draft, the page polls until it appears.
      await page.getByTestId('month-settle').click();
      await waitForStatus(page, 'draft');
      const row = page.getByTestId('sheet-row-presale1');
      await row.waitFor();
      expect(await row.getByTestId('sheet-score').textContent()).toBe('97');
      expect(await row.getByTestId('sheet-pointDeduction').textContent()).toBe('−¥30.00');
      // 100 attendance + 200 performance − 30 for three points lost
      expect(await row.getByTestId('sheet-net').textContent()).toBe('¥270.00');

      // The row opens the entry behind it, with its evidence linked.
      await page.getByTestId('sheet-open-presale1').click();
      const entries = page.getByTestId('entries-of-presale1');
      const entry = entries.locator('[data-rule="G05"]');
      await entry.waitFor();
      expect(await entry.getByTestId('entry-points').textContent()).toBe('−3');
      expect(await entry.getByTestId('evidence-link').getAttribute('href')).toBe('/console/orders?order=880123');

      // Submitting asks first, with the month's totals.
      await page.getByTestId('month-submit').click();
      const confirmText = await page.getByTestId('month-submit-confirm-box').textContent();
      expect(confirmText).toContain('共 7 人');
      expect(confirmText).toContain('计入活动经费 ¥30.00');
      await page.getByTestId('month-submit-confirm').click();
      await waitForStatus(page, 'submitted');

      // The manager reads the same sheet and approves it.
      await logIn(manager.page, 'manager', DEMO_PASSWORD_DEFAULT);
      await manager.page.goto(`/console/scoring?month=${month}`);
      await waitForStatus(manager.page, 'submitted');
      expect(await manager.page.getByTestId('sheet-row-presale1').getByTestId('sheet-score').textContent()).toBe('97');
      expect(await manager.page.getByTestId('entry-form').count()).toBe(0);
      expect(await manager.page.getByTestId('month-settle').count()).toBe(0);
      await manager.page.getByTestId('month-approve').click();
      await manager.page.getByTestId('month-approve-confirm').click();
      await waitForStatus(manager.page, 'approved');

      // 李娜, on her phone (390 px), opens 我的积分 from the folded menu: her pay line by line, and the entry.
      await logIn(agent.page, 'presale1', DEMO_PASSWORD_DEFAULT);
      await agent.page.setViewportSize({ width: 390, height: 844 });
      await agent.page.getByTestId('menu-toggle').waitFor();
      expect(await agent.page.getByTestId('nav-myScore').isVisible()).toBe(false);
      await agent.page.getByTestId('menu-toggle').click();
      await agent.page.getByTestId('nav-myScore').click();
      await agent.page.goto(`/console/myScore?month=${month}`);
      await agent.page.getByTestId('my-entries').waitFor();
      const pay = agent.page.getByTestId('pay-breakdown');
      expect(await pay.getByTestId('pay-pointDeduction').textContent()).toContain('−¥30.00');
      expect(await pay.getByTestId('pay-net').textContent()).toContain('¥270.00');
      expect(await pay.getByTestId('pay-total').textContent()).toContain('¥4,070.00'); // base 3800 + 270
      const box = await pay.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      expect(await agent.page.getByTestId('my-score').textContent()).toBe('97');
      const mine = agent.page.getByTestId('my-entries').locator('[data-rule="G05"]');
      expect(await mine.textContent()).toContain('客户因服务质量原因投诉');
      expect(await mine.getByTestId('entry-points').textContent()).toBe('−3');
      const entryId = (await mine.getAttribute('data-testid'))?.replace('entry-', '') ?? '';
      await agent.page.getByTestId(`appeal-${entryId}`).click();
      await agent.page.getByTestId(`appeal-${entryId}-reason`).fill('买家已撤回投诉，聊天记录可查');
      await agent.page.getByTestId(`appeal-${entryId}-confirm`).click();
      await agent.page.getByTestId('my-score-notice').waitFor();
      const thread = agent.page.getByTestId(`appeal-thread-${entryId}`);
      await thread.waitFor();
      expect(await thread.getByTestId('appeal-message').first().textContent()).toContain('买家已撤回投诉');

      // The supervisor sees the appeal waiting, and its thread.
      await page.getByTestId('month-refresh').click();
      const appeal = page.getByTestId(`appeal-row-${entryId}`);
      await appeal.waitFor();
      expect(await appeal.textContent()).toContain('李娜');
      expect(await appeal.textContent()).toContain('买家已撤回投诉');
      await page.getByTestId(`appeal-open-${entryId}`).click();
      await page.getByTestId(`appeal-thread-${entryId}`).getByTestId('appeal-message').first().waitFor();

      // The approved month's point deduction went into the activity fund; the supervisor spends some of it.
      await page.getByTestId('tab-fund').click();
      await page.getByTestId('fund-inflows').getByText(`${month} 积分表`).waitFor();
      expect(await page.getByTestId('fund-balance').textContent()).toBe('¥30.00');
      await page.getByTestId('fund-amount').fill('20');
      await page.getByTestId('fund-purpose').fill('部门聚餐');
      await page.getByTestId('fund-submit').click();
      await page.getByTestId('fund-outflows').getByText('部门聚餐').waitFor();
      expect(await page.getByTestId('fund-balance').textContent()).toBe('¥10.00');
    } finally {
      await supervisor.context.close();
      await manager.context.close();
      await agent.context.close();
    }
  });

  it('has the supervisor decide what the detectors proposed before the month can be submitted', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      await logIn(page, 'supervisor', DEMO_PASSWORD_DEFAULT);
      await page.goto(`/console/scoring?month=${proposalMonth}`);
      await page.locator(`[data-testid="month-panel"][data-month="${proposalMonth}"]`).waitFor();
      await waitForStatus(page, 'none');

      // Settling runs the detectors: three proposals, and nothing can be submitted until they are decided.
      await page.getByTestId('month-settle').click();
      await waitForStatus(page, 'draft');
      // The badge follows the socket (scoring:changed); wait for the settle action itself too, so
      // its "done" notice cannot be mistaken for the next settlement's below.
      await page.getByTestId('scoring-notice').filter({ hasText: '结算完成' }).waitFor({ timeout: 30_000 });
      await page.getByTestId('proposals-table').waitFor();
      const proposed = await entryIds(page, 'proposals-table');
      expect(proposed).toHaveLength(PROPOSED_CHATS.length);
      await page.getByTestId('month-proposals-waiting').waitFor();
      expect(await page.getByTestId('month-submit').isDisabled()).toBe(true);
      // Proposals count nothing yet.
      expect(await page.getByTestId('sheet-row-presale2').getByTestId('sheet-score').textContent()).toBe('100');

      const [first, second, third] = proposed as [number, number, number];
      await page.getByTestId(`proposal-confirm-${first}`).click();
      await page.getByTestId('scoring-notice').filter({ hasText: '已确认 1 条' }).waitFor();

      await page.getByTestId(`proposal-dismiss-${second}`).click();
      await page.getByTestId(`proposal-dismiss-${second}-confirm`).click();
      expect(await page.getByTestId(`proposal-dismiss-${second}-error`).textContent()).toContain('请填写原因');
      await page.getByTestId(`proposal-dismiss-${second}-reason`).fill('买家当天又来咨询，对话框需保留');
      await page.getByTestId(`proposal-dismiss-${second}-confirm`).click();
      await page.locator(`[data-testid="proposals-table"] [data-testid="entry-${second}"]`).waitFor({ state: 'detached' });

      await page.getByTestId('proposals-select-all').check();
      await page.getByTestId('proposals-confirm-selected').click();
      await page.getByTestId('proposals-empty').waitFor();
      expect(await page.getByTestId(`entry-${third}`).count()).toBe(0);

      // The ledger changed since the draft: settle again, and the two confirmed G09 count −1 each.
      await page.getByTestId('month-stale').waitFor();
      await page.getByTestId('month-settle').click();
      await page.getByTestId('scoring-notice').filter({ hasText: '结算完成' }).waitFor({ timeout: 30_000 });
      const row = page.getByTestId('sheet-row-presale2');
      expect(await row.getByTestId('sheet-score').textContent()).toBe('98');

      // A confirmed entry is revoked with its reason; the dismissed proposal stays listed as dismissed.
      await page.getByTestId('sheet-open-presale2').click();
      const entries = page.getByTestId('entries-of-presale2');
      await entries.getByTestId(`entry-${second}`).getByTestId('entry-state').filter({ hasText: '已驳回' }).waitFor();
      await page.getByTestId(`revoke-${first}`).click();
      await page.getByTestId(`revoke-${first}-reason`).fill('系统误判：买家仍在咨询');
      await page.getByTestId(`revoke-${first}-confirm`).click();
      await entries.getByTestId(`entry-${first}`).getByTestId('entry-state').filter({ hasText: '已撤销' }).waitFor();
      await page.getByTestId('month-settle').click();
      await page.getByTestId('scoring-notice').filter({ hasText: '结算完成' }).waitFor({ timeout: 30_000 });
      await page.getByTestId('sheet-row-presale2').getByTestId('sheet-score').filter({ hasText: '99' }).waitFor();

      expect(await page.getByTestId('month-submit').isDisabled()).toBe(false);
      await page.getByTestId('month-submit').click();
      await page.getByTestId('month-submit-confirm').click();
      await waitForStatus(page, 'submitted');
    } finally {
      await context.close();
    }
  });
});
