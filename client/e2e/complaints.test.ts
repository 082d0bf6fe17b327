import { formatShopMonth } from '../src/lib/time.ts';
import { startTestServer } from '@kefu/server/testing/harness';
import { loggedIn } from '@kefu/server/testing/http-client';
import { staffIds } from '@kefu/server/modules/scoring/scoring.fixtures';
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import { createLogger } from '@kefu/server/platform/log';
import { appDetectors } from '@kefu/server/detectors';
import { startWorkers, type RunningWorkers } from '@kefu/workers/workers';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from './browser.ts';
import { seedConversation } from './chat-seed.ts';
import { logIn } from './session.ts';

// Issue 15: a complaint from the chat to the call-back, in the browser, and G05 proposed.
let server: Awaited<ReturnType<typeof startTestServer>>;
let workers: RunningWorkers;
let browser: Browser;
let ids: Record<string, number>;

beforeAll(async () => {
  server = await startTestServer();
  workers = await startWorkers(server.config, createLogger('test-workers', 'error'), { schedule: false, detectors: appDetectors() });
  browser = await launchChromium();
  ids = await staffIds(server.db);
});

afterAll(async () => {
  await browser?.close();
  await workers?.close();
  await server?.close();
});

describe('a complaint from the chat to the call-back', () => {
  it('the agent registers it from the chat, the supervisor hands it over, the handler resolves it verified and calls back; G05 is proposed', async () => {
    const conversationId = await seedConversation(server.baseUrl, { agent: 'presale1', buyerId: 'tb_投诉浏览器', first: '你们客服怎么这个态度', replies: ['爱买不买'] });

    // 1. The agent, in the chat: one click, the messages ticked, the handler chosen.
    const agent = await openPage(browser, server.baseUrl);
    let complaintId = 0;
    try {
      await logIn(agent.page, 'presale1', DEMO_PASSWORD_DEFAULT);
      await agent.page.goto(`/console/chat?conversation=${conversationId}`);
      await agent.page.locator(`[data-testid="conversation-view"][data-conversation-id="${conversationId}"]`).waitFor();
      await agent.page.getByTestId('complaint-open').click();
      const dialog = agent.page.getByTestId('complaint-from-chat');
      await expect.poll(() => dialog.getByTestId('complaint-handler').locator('option').count()).toBeGreaterThan(1);
      expect(await dialog.getByTestId('complaint-pick-1').isChecked()).toBe(true);
      expect(await dialog.getByTestId('complaint-pick-2').isChecked()).toBe(true);
      await dialog.getByTestId('complaint-handler').selectOption(String(ids.aftersale1));
      await dialog.getByTestId('complaint-severity').selectOption('high');
      await dialog.getByTestId('complaint-description').fill('买家投诉客服态度差');
      await dialog.getByTestId('complaint-chat-submit').click();
      await agent.page.getByTestId('complaint-notice').waitFor();
      const rows = (await server.db.query("SELECT id, staff_id AS staffId, handler_id AS handlerId, severity FROM complaint WHERE buyer_id = 'tb_投诉浏览器'")) as Array<{ id: number; staffId: number; handlerId: number; severity: string }>;
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ staffId: ids.presale1, handlerId: ids.aftersale1, severity: 'high' });
      complaintId = Number(rows[0]!.id);
    } finally {
      await agent.context.close();
    }

    // 2. The supervisor: the list, the complaint's page with the messages, hand it over.
    const supervisor = await openPage(browser, server.baseUrl);
    try {
      await logIn(supervisor.page, 'supervisor', DEMO_PASSWORD_DEFAULT);
      await supervisor.page.getByTestId('nav-complaints').click();
      await supervisor.page.getByTestId(`complaint-open-${complaintId}`).click();
      const detail = supervisor.page.locator(`[data-testid="complaint-detail"][data-complaint-id="${complaintId}"][data-status="open"]`);
      await detail.waitFor();
      await expect.poll(() => detail.getByTestId('complaint-messages').textContent()).toContain('爱买不买');
      expect(await detail.getByTestId('complaint-message-link-2').getAttribute('href')).toBe(`/console/chat?conversation=${conversationId}&message=2`);
      await detail.getByTestId('complaint-handover-to').selectOption(String(ids.aftersale2));
      await detail.getByTestId('complaint-handover-note').fill('请赵静跟进');
      await detail.getByTestId('complaint-handover-submit').click();
      await expect.poll(() => detail.getByTestId('complaint-story').locator('li[data-kind="handover"]').count()).toBe(1);
      expect(await detail.getByTestId('complaint-story').textContent()).toContain('请赵静跟进');
    } finally {
      await supervisor.context.close();
    }

    // 3. The new handler resolves it as verified, then records the call-back.
    const handler = await openPage(browser, server.baseUrl);
    try {
      await logIn(handler.page, 'aftersale2', DEMO_PASSWORD_DEFAULT);
      await handler.page.goto(`/console/complaints?complaint=${complaintId}`);
      const detail = handler.page.getByTestId('complaint-detail');
      await detail.getByTestId('complaint-investigation').fill('查看聊天记录，客服回复不当');
      await detail.getByTestId('complaint-resolution').fill('向买家道歉并送优惠券');
      await detail.getByTestId('complaint-verified-box').check();
      await detail.getByTestId('complaint-resolve-submit').click();
      await handler.page.locator('[data-testid="complaint-detail"][data-status="resolved"]').waitFor();
      await detail.getByTestId('complaint-callback-answer').fill('买家表示接受');
      await detail.getByTestId('complaint-callback-yes').check();
      await detail.getByTestId('complaint-callback-submit').click();
      await handler.page.locator('[data-testid="complaint-detail"][data-status="closed"]').waitFor();
      await handler.page.locator(`[data-testid="complaint-${complaintId}"][data-status="closed"]`).waitFor();
    } finally {
      await handler.context.close();
    }

    // 4. The settlement's detectors propose G05 for the agent concerned (the scoring API).
    const api = await loggedIn(server.baseUrl, 'supervisor');
    const month = formatShopMonth(new Date());
    expect((await api.post(`/api/scoring/months/${month}/settle`, {})).status).toBe(202);
    await expect
      .poll(async () => ((await api.get(`/api/scoring/proposals?month=${month}`)).body as Array<{ rule: string; staffId: number; evidence: Array<{ kind: string; id: string }> }>).filter((p) => p.rule === 'G05'), { timeout: 60_000, interval: 500 })
      .toEqual([expect.objectContaining({ staffId: ids.presale1, evidence: [{ kind: 'complaint', id: String(complaintId) }] })]);
  }, 240_000);
});
