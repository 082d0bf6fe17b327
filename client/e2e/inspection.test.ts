/**
 * 质检 in the browser (issue 15, docs/inspection.md): the supervisor samples one agent's
 * chats, inspects one beside its transcript and publishes it; the agent reads it and
 * answers; the supervisor sees the answer and turns the inspection into a ledger entry.
 */
import type { TestServer } from '@kefu/server/testing/harness';
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { seedConversation } from './chat-seed.ts';
import { logIn } from './session.ts';

let server: TestServer;
let browser: Browser;
let conversationId: number;
let presale1: number;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
  conversationId = await seedConversation(server.baseUrl, { agent: 'presale1', buyerId: 'tb_质检买家', first: '在吗？这款羊毛手工鞋 38 码有货吗', replies: ['有', '嗯'] });
  presale1 = Number(((await server.db.query("SELECT id FROM staff WHERE username = 'presale1'")) as Array<{ id: number }>)[0]!.id);
});

afterAll(() => stopBrowserWorld({ server, browser }));

describe('quality inspection in the browser', () => {
  it('the supervisor samples, inspects beside the transcript and publishes; the agent answers; the supervisor records a ledger entry', async () => {
    const sup = await openPage(browser, server.baseUrl);
    const agent = await openPage(browser, server.baseUrl);
    try {
      // Sample presale1's chats of the last 7 days and inspect the one the buyer started.
      await logIn(sup.page, 'supervisor', DEMO_PASSWORD_DEFAULT);
      await sup.page.getByTestId('nav-inspection').click();
      await sup.page.getByTestId('inspection-page').waitFor();
      await sup.page.getByTestId('inspection-staff').selectOption(String(presale1));
      await sup.page.getByTestId('inspection-draw').click();
      const candidate = sup.page.getByTestId(`inspection-candidate-${conversationId}`);
      await candidate.waitFor();
      expect(await sup.page.getByTestId('inspection-candidates').locator('tbody tr').count()).toBe(1);
      await candidate.getByTestId('inspection-start').click();

      // The transcript beside the checklist.
      await sup.page.getByTestId('inspection-checklist').waitFor();
      await expect.poll(() => sup.page.getByTestId('inspection-transcript').getByTestId('inspection-message').count()).toBe(3);
      expect(await sup.page.getByTestId('inspection-transcript').textContent()).toContain('羊毛手工鞋');
      expect(await sup.page.getByTestId('inspection-publish').isDisabled()).toBe(true);

      await sup.page.getByTestId('inspection-points-greeting').fill('0');
      await sup.page.getByTestId('inspection-comment-greeting').fill('没有欢迎语');
      await sup.page.getByTestId('inspection-pass-promotion').selectOption('fail');
      await sup.page.getByTestId('inspection-points-item').fill('5');
      await sup.page.getByTestId('inspection-na-order_confirm').check();
      await sup.page.getByTestId('inspection-na-favourite').check();
      await sup.page.getByTestId('inspection-points-accuracy').fill('15');
      await sup.page.getByTestId('inspection-points-attitude').fill('4');
      await sup.page.getByTestId('inspection-comment-attitude').fill('只回“有”“嗯”，语气生硬');
      await sup.page.getByTestId('inspection-pass-closing').selectOption('fail');
      await sup.page.getByTestId('inspection-summary-input').fill('没有介绍手工鞋需订做、48 小时内发货');
      // (0 + 0 + 5 + 15 + 4 + 0) of 80 applicable points → 30, a D, computed as you mark.
      await expect.poll(() => sup.page.getByTestId('inspection-checklist').getByTestId('inspection-score').textContent()).toBe('30 · 不合格');
      await sup.page.getByTestId('inspection-publish').click();
      await sup.page.getByTestId('inspection-result').waitFor();
      expect(await sup.page.getByTestId('inspection-notice').textContent()).toContain('李娜');

      // The agent reads it on their own page and answers.
      await logIn(agent.page, 'presale1', DEMO_PASSWORD_DEFAULT);
      await agent.page.getByTestId('nav-myInspections').click();
      await agent.page.getByTestId('my-inspections-page').waitFor();
      await agent.page.getByTestId('inspection-marks').waitFor();
      expect(await agent.page.getByTestId('inspection-mark-attitude').textContent()).toContain('只回“有”“嗯”，语气生硬');
      expect(await agent.page.getByTestId('inspection-mark-order_confirm').textContent()).toContain('不适用');
      expect(await agent.page.getByTestId('inspection-summary').textContent()).toContain('48 小时内发货');
      await agent.page.getByTestId('inspection-reply-text').fill('当时同时接待很多买家，下次会先发欢迎语');
      await agent.page.getByTestId('inspection-reply-send').click();
      await agent.page.getByTestId('inspection-reply').waitFor();

      // The supervisor sees the answer and turns the inspection into a G05 entry.
      await sup.page.reload();
      await sup.page.getByTestId('inspection-reply').waitFor();
      expect(await sup.page.getByTestId('inspection-reply').textContent()).toContain('下次会先发欢迎语');
      expect(await sup.page.getByTestId('inspection-ledger-rule').inputValue()).toBe('G05');
      await sup.page.getByTestId('inspection-ledger-submit').click();
      await sup.page.getByTestId('inspection-ledger-done').waitFor();

      const entries = (await server.db.query("SELECT staff_id AS staffId, rule, points, evidence FROM ledger_entry WHERE rule = 'G05'")) as Array<{ staffId: number; rule: string; points: number; evidence: string }>;
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ staffId: presale1, points: -3 });
      expect(entries[0]!.evidence).toContain(`"kind":"chat","id":"${conversationId}"`);

      // The KPI table shows the inspection against the agent.
      await sup.page.getByTestId('nav-kpis').click();
      await sup.page.getByTestId('kpi-table').waitFor();
      await expect.poll(() => sup.page.getByTestId(`kpi-inspection-${presale1}`).textContent()).toContain('均分 30');
    } finally {
      await sup.context.close();
      await agent.context.close();
    }
  });
});
