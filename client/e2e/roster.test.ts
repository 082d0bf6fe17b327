import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import type { TestServer } from '@kefu/server/testing/harness';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { logIn } from './session.ts';

/**
 * Issue 14: the supervisor builds next month's roster from the rotation, adjusts it (the
 * grid warns about a short shift) and publishes it; 李娜 asks 张敏 to swap shifts, 张敏
 * accepts, the supervisor approves seeing who remains; 李娜's "my shifts" shows the swap.
 */
let server: TestServer;
let browser: Browser;
const pages: Page[] = [];

// Next month in the shop's zone: every shift of it is still to come, so swaps may be approved.
const shopMonth = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date());
const [y, m] = shopMonth.split('-').map(Number) as [number, number];
const month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
const day = `${month}-02`;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});
afterAll(() => stopBrowserWorld({ server, browser }));

async function as(username: string, tab: string): Promise<Page> {
  const { page } = await openPage(browser, server.baseUrl);
  pages.push(page);
  await logIn(page, username, DEMO_PASSWORD_DEFAULT);
  await page.getByTestId('nav-roster').click();
  await page.goto(`/console/roster?tab=${tab}&month=${month}`);
  return page;
}

describe('the duty roster in the console', () => {
  it('is built, published, and a swap goes through to "my shifts"', async () => {
    const ids = Object.fromEntries(((await server.db.query('SELECT id, username FROM staff')) as Array<{ id: number; username: string }>).map((r) => [r.username, Number(r.id)]));
    const supervisor = await as('supervisor', 'grid');
    await supervisor.getByTestId('roster-generate').click();
    await supervisor.locator('[data-testid="roster-status"]', { hasText: '草稿' }).waitFor();
    // take after-sale 赵静 off that day: a shift lacks after-sale, and the grid says so
    const cell = supervisor.getByTestId(`roster-cell-${ids.aftersale2}-${day}`);
    const kept = await cell.inputValue();
    await cell.selectOption('');
    await supervisor.getByTestId('roster-warnings').waitFor();
    expect(await supervisor.getByTestId('roster-warnings').textContent()).toContain('缺售后');
    await supervisor.getByTestId(`roster-cell-${ids.aftersale2}-${day}`).selectOption(kept);
    await supervisor.getByTestId('roster-warnings').waitFor({ state: 'detached' });
    await supervisor.getByTestId('roster-publish').click();
    await supervisor.locator('[data-testid="roster-status"]', { hasText: '已发布' }).waitFor();

    const lina = await as('presale1', 'swaps');
    await lina.getByTestId('swap-my-day').selectOption(day);
    await lina.getByTestId('swap-colleague').selectOption(String(ids.presale2));
    await lina.getByTestId('swap-note').fill('孩子开家长会');
    const preview = /“(客服.班)”.*“(客服.班)”/.exec((await lina.getByTestId('swap-preview').textContent()) ?? '');
    expect(preview?.[1]).not.toBe(preview?.[2]);
    const theirs = preview![2]!;
    await lina.getByTestId('swap-submit').click();
    await lina.getByTestId('swap-notice').waitFor();

    const zhangmin = await as('presale2', 'swaps');
    await zhangmin.getByTestId('swap-accept').click();
    await zhangmin.locator('[data-testid="swap-status"]', { hasText: '待主管批准' }).waitFor();

    await supervisor.goto(`/console/roster?tab=swaps&month=${month}`);
    await supervisor.getByTestId('swap-remaining').waitFor();
    expect(await supervisor.getByTestId('swap-remaining').textContent()).toContain('售前 1');
    await supervisor.getByTestId('swap-approve').click();
    await supervisor.locator('[data-testid="swap-status"]', { hasText: '已批准' }).waitFor();

    await lina.goto(`/console/roster?tab=mine&month=${month}`);
    const row = lina.getByTestId(`my-shift-${day}`);
    await row.getByTestId('my-shift-swap').waitFor();
    // she now works the shift that was 张敏's
    expect(await row.getByTestId('my-shift-name').textContent()).toBe(theirs);

    // a scoring entry's evidence link (?item=<shift id>) opens that shift, with its times
    const [shift] = (await server.db.query('SELECT id FROM roster_assignment WHERE staff_id = ? AND day = ?', [ids.presale1, day])) as Array<{ id: number }>;
    await lina.goto(`/console/roster?item=${shift!.id}`);
    const opened = lina.getByTestId('roster-shift');
    await opened.locator('p', { hasText: theirs }).waitFor();
    expect(await opened.textContent()).toMatch(/李娜.*\d{2}:\d{2}/);
  });
});
