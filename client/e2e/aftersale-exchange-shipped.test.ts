import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import type { TestServer } from '@kefu/server/testing/harness';
import { loggedIn } from '@kefu/server/testing/http-client';
import { orderAt } from '@kefu/server/modules/orders/orders.fixtures';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { logIn } from './session.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});

afterAll(() => stopBrowserWorld({ server, browser }));

describe('换货已发出 from the case page (issue 10)', () => {
  it('the agent enters the exchange number on the case page: the order note is in the story, the bell says tell the buyer, and 快件退回 offers the one click', async () => {
    const supervisor = await loggedIn(server.baseUrl, 'supervisor');
    const warehouse = await loggedIn(server.baseUrl, 'warehouse1');
    const order = await orderAt({ writer: supervisor }, 'tb_案例页换货', 'delivered');
    // Registered by the agent through the API before the agent's browser logs in (one session each).
    const agentApi = await loggedIn(server.baseUrl, 'aftersale1');
    const opened = (await agentApi.post('/api/aftersale/cases', { orderNo: order.orderNo, kind: 'exchange', reason: '偏小换大一码', returnPostagePayer: 'buyer', wantedColor: '黑色', wantedSize: '39' })).body;
    const tracked = (await agentApi.post(`/api/aftersale/cases/${opened.id}/return-tracking`, { version: opened.version, courier: '中通快递', trackingNo: 'ZT3300440001' })).body;
    expect((await warehouse.post(`/api/aftersale/cases/${opened.id}/received`, { version: tracked.version, result: 'passed', cardPresent: true })).status).toBe(200);

    const { page } = await openPage(browser, server.baseUrl);
    await logIn(page, 'aftersale1', DEMO_PASSWORD_DEFAULT);
    await page.goto(`${server.baseUrl}/console/aftersale?case=${opened.id}`);
    await page.locator('[data-testid="case-page"][data-status="received"]').waitFor();
    await page.getByTestId('case-action-exchange-shipped').click();
    await page.getByTestId('case-form-exchange-shipped-courier').fill('圆通速递');
    await page.getByTestId('case-form-exchange-shipped-trackingNo').fill('YT3300440001');
    await page.getByTestId('case-form-exchange-shipped-submit').click();
    await page.locator('[data-testid="case-page"][data-status="exchange_shipped"]').waitFor();

    // The order's signed note is part of the case's story, as when the printer enters it in 打单.
    const note = page.locator('[data-testid="case-story"] li[data-source="note"][data-what="exchange_shipped"]');
    await note.waitFor();
    expect(await note.textContent()).toContain('换货已发出，单号为：YT3300440001---');
    // The bell prompts the agent to tell the buyer; it leads to 快件退回, where the one click is offered.
    await page.getByTestId('notification-count').waitFor();
    await page.getByTestId('notification-bell').click();
    const notice = page.locator('[data-kind="exchange.shipped"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(`订单 ${order.orderNo} 的换货已发出（单号 YT3300440001），请一键告知买家`);
    await notice.click();
    await page.getByTestId(`exchange-tell-${opened.id}`).waitFor();
    expect(page.url()).toContain('/console/recall');
    // The buyer says it arrived: the follow-up is recorded there, and no reminder will come for it.
    await page.getByTestId(`exchange-follow-up-note-${opened.id}`).fill('买家已收到换货，尺码合适');
    await page.getByTestId(`exchange-follow-up-${opened.id}`).click();
    await page.getByTestId(`exchange-follow-up-${opened.id}`).waitFor({ state: 'detached' });
    expect(await page.getByTestId(`exchange-${opened.id}`).textContent()).toContain('买家已收到换货，尺码合适');
    const [row] = await server.db.query('SELECT followed_up_by, follow_up_note FROM exchange_shipment WHERE case_id = ?', [opened.id]);
    expect(row).toMatchObject({ follow_up_note: '买家已收到换货，尺码合适' });
    expect(row.followed_up_by).not.toBeNull();
  });
});
