import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import type { TestServer } from '@kefu/server/testing/harness';
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

async function attendancePage(username: string): Promise<Page> {
  const { page } = await openPage(browser, server.baseUrl);
  await logIn(page, username, DEMO_PASSWORD_DEFAULT);
  await page.getByTestId('nav-attendance').click();
  await page.getByTestId('attendance-page').waitFor();
  return page;
}

describe('考勤: an agent clocks in and asks to go invisible; the supervisor grants it', () => {
  it('records the clock with the IP, and the request and its grant reach both pages live', async () => {
    const agent = await attendancePage('presale1');
    const supervisor = await attendancePage('supervisor');
    await supervisor.getByTestId('pending-permissions').waitFor();

    await agent.getByTestId('clock-in').click();
    await agent.getByTestId('attendance-notice').waitFor();
    expect(await agent.getByTestId('attendance-notice').textContent()).toMatch(/^已上班打卡：.+（IP .*127\.0\.0\.1）$/);
    await agent.locator('[data-testid="last-clock"]', { hasText: '上班卡' }).waitFor();

    await agent.getByTestId('permission-status').selectOption('invisible');
    await agent.getByTestId('permission-reason').fill('去仓库核对库存');
    await agent.getByTestId('permission-submit').click();
    const mine = agent.getByTestId('my-permissions').locator('li').first();
    await mine.waitFor();
    expect(await mine.getByTestId('permission-state').textContent()).toBe('待审批');

    // The supervisor sees it arrive without reloading, and grants it.
    const request = supervisor.getByTestId('pending-permissions').locator('li', { hasText: '去仓库核对库存' });
    await request.waitFor();
    expect(await request.textContent()).toContain('李娜');
    expect(await request.textContent()).toContain('隐身');
    await request.getByTestId('grant').click();
    await request.waitFor({ state: 'detached' });

    // The agent sees the grant live.
    await agent.getByTestId('my-permissions').locator('[data-testid="permission-state"]', { hasText: '已同意' }).waitFor();
    const rows = (await server.db.query(`SELECT state, decided_by AS decidedBy FROM presence_permission`)) as Array<{ state: string; decidedBy: number }>;
    expect(rows.map((r) => r.state)).toEqual(['granted']);
  });
});
