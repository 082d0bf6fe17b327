import type { TestServer } from '@kefu/server/testing/harness';
import { loggedIn } from '@kefu/server/testing/http-client';
import { insertChat } from '@kefu/server/modules/kpis/kpis.fixtures';
import { staffIds } from '@kefu/server/modules/scoring/scoring.fixtures';
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { logIn } from './session.ts';

let server: TestServer;
let browser: Browser;
/** Shanghai wall time on 3–9 November 2026 (a week the supervisor picks). */
const at = (day: number, hour: number, minute: number) => new Date(Date.UTC(2026, 10, day, hour - 8, minute));

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
  const ids = await staffIds(server.db);
  await server.db.transaction(async (tx) => {
    for (let day = 3; day <= 9; day++) {
      await insertChat(tx, { buyerId: `周买家${day}`, agentId: ids.presale1!, messages: [['buyer', at(day, 10, 0)], [ids.presale1!, at(day, 10, 1)], ['buyer', at(day, 10, 2)], [ids.presale1!, at(day, 10, 2 + (day % 4))]] });
      await insertChat(tx, { buyerId: `周客${day}`, agentId: ids.presale2!, messages: [['buyer', at(day, 15, 0)], [ids.presale2!, at(day, 15, 5)]] });
    }
  });
});

afterAll(() => stopBrowserWorld({ server, browser }));

describe('service quality in the browser', () => {
  it('the supervisor opens the KPI page, filters a week and sees the charts and every agent', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      await logIn(page, 'supervisor', DEMO_PASSWORD_DEFAULT);
      await page.getByTestId('nav-kpis').click();
      await page.getByTestId('kpis-page').waitFor();
      await page.getByTestId('kpi-from').fill('2026-11-03');
      await page.getByTestId('kpi-to').fill('2026-11-09');
      await page.waitForURL(/from=2026-11-03&to=2026-11-09/);
      // ECharts draws SVG into each chart's box: the week's last day on the axis.
      for (const chart of ['kpi-chart-quick', 'kpi-chart-response', 'kpi-chart-questions']) {
        await page.getByTestId(chart).locator('svg text', { hasText: '11-09' }).first().waitFor();
      }
      // the team's 3-minute rate is drawn as a line of the series colour
      await page.getByTestId('kpi-chart-quick').locator('svg path[stroke="#1664ff"]').first().waitFor({ state: 'attached' });
      const row = page.getByTestId('kpi-table').locator('tr', { hasText: '张敏' });
      // 张敏 answered every question after 5 minutes: a 0% 3-minute rate.
      await expect.poll(() => row.textContent()).toContain('0.0%');
    } finally {
      await context.close();
    }
  });

  it('the supervisor sets complaint targets in hours; a verified complaint puts the agent below target', async () => {
    const ids = await staffIds(server.db);
    await server.db.query(
      "INSERT INTO complaint (source, buyer_id, staff_id, category, severity, handler_id, status, description, verified, deadline_at, created_by, created_at, resolved_at, version) VALUES ('call', '周客5', ?, 'attitude', 'normal', ?, 'resolved', '回复太慢', 1, ?, ?, ?, ?, 1)",
      [ids.presale2, ids.supervisor, at(7, 10, 0), ids.supervisor, at(5, 10, 0), at(6, 10, 0)],
    );
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      await logIn(page, 'supervisor', DEMO_PASSWORD_DEFAULT);
      await page.getByTestId('nav-kpis').click();
      await page.getByTestId('kpi-from').fill('2026-11-03');
      await page.getByTestId('kpi-to').fill('2026-11-09');
      await page.waitForURL(/from=2026-11-03&to=2026-11-09/);
      await page.getByTestId('kpi-table').waitFor();
      await page.getByTestId('kpi-targets-toggle').click();
      await page.getByTestId('target-complaintsVerified').fill('0');
      await page.getByTestId('target-complaintHandlingAvgS').fill('24');
      await page.getByTestId('kpi-targets-save').click();
      await page.getByTestId('kpi-notice').waitFor();
      // (read from the database: logging in over the API would end the browser's session)
      const stored = (await server.db.query("SELECT value FROM setting WHERE setting_key = 'kpi.settings'")) as Array<{ value: string }>;
      expect(JSON.parse(stored[0]!.value).targets).toEqual({ complaintsVerified: 0, complaintHandlingAvgS: 86_400 });
      const row = page.getByTestId(`kpi-agent-${ids.presale2}`);
      await expect.poll(() => row.textContent()).toContain('核实投诉');
      expect(await page.getByTestId(`kpi-agent-${ids.presale1}`).textContent()).not.toContain('核实投诉');
    } finally {
      await context.close();
    }
  });

  it('the buyer rates a closed chat once', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      // The buyer's conversation is the first one after those already there (the stored buyer ID may not be the nickname typed).
      const before = Number(((await server.db.query('SELECT COALESCE(MAX(id), 0) AS id FROM chat_conversation')) as Array<{ id: number }>)[0]!.id);
      await page.goto('/chat');
      await page.getByTestId('buyer-nickname').fill('tb_评价买家');
      await page.getByTestId('buyer-start').click();
      await page.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();
      await page.getByTestId('buyer-input').fill('请问什么时候发货？');
      await page.getByTestId('buyer-input').press('Enter');
      const supervisor = await loggedIn(server.baseUrl, 'supervisor');
      let conversation: { id: number; version: number } | undefined;
      await expect.poll(async () => {
        const rows = (await server.db.query('SELECT id, version FROM chat_conversation WHERE id > ?', [before])) as Array<{ id: number; version: number }>;
        conversation = rows[0];
        return rows.length;
      }).toBe(1);
      expect((await supervisor.post(`/api/chat/conversations/${conversation!.id}/close`, { version: conversation!.version })).status).toBe(200);

      await page.getByTestId('survey').waitFor();
      await page.getByTestId('survey-score-4').click();
      await page.getByTestId('survey-comment').fill('发货很快');
      await page.getByTestId('survey-submit').click();
      await page.getByTestId('survey-thanks').waitFor();
      const rows = (await server.db.query('SELECT score, comment FROM chat_rating WHERE conversation_id = ?', [conversation!.id])) as Array<{ score: number; comment: string }>;
      expect(rows).toEqual([{ score: 4, comment: '发货很快' }]);
      // Coming back, the survey is not asked again.
      const asked = page.waitForResponse((response) => response.url().includes('/api/buyer/survey'));
      await page.reload();
      await asked;
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      expect(await page.getByTestId('survey').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
