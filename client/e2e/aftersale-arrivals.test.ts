import type { TestServer } from '@kefu/server/testing/harness';
import { loggedIn } from '@kefu/server/testing/http-client';
import { orderAt } from '@kefu/server/modules/orders/orders.fixtures';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { signedChatPath, staffPage as openStaffPage } from './session.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});

afterAll(() => stopBrowserWorld({ server, browser }));

const staffPage = (username: string): Promise<Page> => openStaffPage(browser, server.baseUrl, username);

describe('仓库 → 到件登记: a parcel arriving without a card', () => {
  it('the warehouse clerk records two parcels: one matched by its tracking number and signed 已验收, one handed to after-sale', async () => {
    const supervisor = await loggedIn(server.baseUrl, 'supervisor');
    const agent = await loggedIn(server.baseUrl, 'aftersale1');
    const order = await orderAt({ writer: supervisor }, 'tb_到件', 'delivered');
    const opened = (await agent.post('/api/aftersale/cases', { orderNo: order.orderNo, kind: 'return', reason: '尺码偏小', returnPostagePayer: 'buyer' })).body;
    const tracked = await agent.post(`/api/aftersale/cases/${opened.id}/return-tracking`, { version: opened.version, courier: '中通快递', trackingNo: 'ZT7788123456' });
    expect(tracked.status, JSON.stringify(tracked.body)).toBe(200);

    const clerk = await staffPage('warehouse1');
    await clerk.getByTestId('nav-warehouse').click();
    await clerk.getByTestId('arrival-form').waitFor();

    // Neither a number nor a buyer: said at once, nothing sent.
    await clerk.getByTestId('arrival-submit').click();
    await clerk.getByTestId('arrival-missing').waitFor();

    await clerk.getByTestId('arrival-tracking-no').fill('ZT7788123456');
    await clerk.getByTestId('arrival-courier').fill('中通快递');
    await clerk.getByTestId('arrival-result').selectOption('passed');
    await clerk.getByTestId('arrival-note').fill('鞋盒完好，包裹里没有售后卡');
    await clerk.getByTestId('arrival-submit').click();
    const matched = clerk.getByTestId('arrival-matched');
    await matched.waitFor();
    expect(await matched.getAttribute('data-case-id')).toBe(String(opened.id));
    expect(await matched.textContent()).toContain(order.orderNo);
    expect(await clerk.getByTestId('arrival-matched-link').getAttribute('href')).toBe(`/console/aftersale?case=${opened.id}`);
    expect(await clerk.getByTestId('arrival-tracking-no').inputValue()).toBe('');

    const signed = (await agent.get(`/api/aftersale/cases/${opened.id}`)).body.case;
    expect(signed).toMatchObject({ status: 'received', cardPresent: false, inspectionResult: 'passed', inspectionNote: '鞋盒完好，包裹里没有售后卡', received: { by: { displayName: '周强' } } });

    // A parcel nobody registered: after-sale is told, the clerk sees that.
    await clerk.getByTestId('arrival-tracking-no').fill('YT9900112233');
    await clerk.getByTestId('arrival-buyer').fill('tb_没登记');
    await clerk.getByTestId('arrival-submit').click();
    await clerk.getByTestId('arrival-handed-over').waitFor();
    expect(await clerk.getByTestId('arrival-matched').count()).toBe(0);
    const notices = (await agent.get('/api/notifications')).body;
    const list = Array.isArray(notices) ? notices : notices.notifications;
    expect(list.some((n: { kind: string; payload: { trackingNo: string; buyerId: string } }) => n.kind === 'aftersale.unmatched_parcel' && n.payload.trackingNo === 'YT9900112233' && n.payload.buyerId === 'tb_没登记')).toBe(true);
  });
});

describe('the registry list: the agent filter', () => {
  it('shows only the cases the chosen agent registered, and keeps the choice in the address', async () => {
    const supervisor = await loggedIn(server.baseUrl, 'supervisor');
    const liu = await loggedIn(server.baseUrl, 'aftersale1');
    const zhao = await loggedIn(server.baseUrl, 'aftersale2');
    const first = await orderAt({ writer: supervisor }, 'tb_刘的', 'delivered');
    const second = await orderAt({ writer: supervisor }, 'tb_赵的', 'delivered');
    const byLiu = (await liu.post('/api/aftersale/cases', { orderNo: first.orderNo, kind: 'return', reason: '不合脚', returnPostagePayer: 'buyer' })).body;
    const byZhao = (await zhao.post('/api/aftersale/cases', { orderNo: second.orderNo, kind: 'return', reason: '颜色不喜欢', returnPostagePayer: 'buyer' })).body;
    const zhaoId = byZhao.openedBy.id as number;

    const page = await staffPage('supervisor');
    await page.getByTestId('nav-aftersale').click();
    await page.locator(`[data-testid="case-row-${byLiu.id}"]`).waitFor();
    await page.locator(`[data-testid="cases-filter-agent"] option[value="${zhaoId}"]`).waitFor({ state: 'attached' });
    await page.getByTestId('cases-filter-agent').selectOption(String(zhaoId));
    await page.getByTestId('cases-filter-submit').click();
    await page.waitForURL((url) => url.searchParams.get('agent') === String(zhaoId));
    await page.locator(`[data-testid="case-row-${byZhao.id}"]`).waitFor();
    await page.locator(`[data-testid="case-row-${byLiu.id}"]`).waitFor({ state: 'detached' });

    // From the address alone (a reload, a shared link) the same list.
    await page.reload();
    await page.locator(`[data-testid="case-row-${byZhao.id}"]`).waitFor();
    expect(await page.locator(`[data-testid="case-row-${byLiu.id}"]`).count()).toBe(0);
    expect(await page.getByTestId('cases-filter-agent').inputValue()).toBe(String(zhaoId));
  });
});

describe('the ship-date helper (发货时间) is pre-sale’s only', () => {
  async function chatAgent(username: string): Promise<Page> {
    const page = await staffPage(username);
    await page.getByTestId('nav-chat').click();
    await page.getByTestId('chat-workspace').waitFor();
    await page.locator('[data-testid="presence-switch"][data-status="online"]').waitFor();
    return page;
  }
  async function buyerWrites(buyerId: string, text: string): Promise<void> {
    const { page } = await openPage(browser, server.baseUrl);
    await page.goto(signedChatPath(buyerId));
    await page.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();
    await page.getByTestId('buyer-input').fill(text);
    await page.getByTestId('buyer-input').press('Enter');
  }
  async function openChatOf(agent: Page, buyerId: string): Promise<void> {
    const item = agent.locator(`[data-testid="chat-group-mine"] [data-testid="conversation-item"][data-buyer-id="${buyerId}"]`);
    await item.waitFor();
    await item.getByRole('button').first().click();
    await agent.locator(`[data-testid="side-buyer-id"]`).filter({ hasText: buyerId }).waitFor();
  }

  it('pre-sale sees the helper and the paid order’s promise; after-sale, with a paid order in the side panel too, sees neither', async () => {
    const supervisor = await loggedIn(server.baseUrl, 'supervisor');
    const presaleOrder = await orderAt({ writer: supervisor }, 'tb_问发货', 'paid');
    await orderAt({ writer: supervisor }, 'tb_售后也问', 'delivered');
    const aftersaleOrder = await orderAt({ writer: supervisor }, 'tb_售后也问', 'paid');

    const presale = await chatAgent('presale1');
    await buyerWrites('tb_问发货', '什么时候发货？');
    await openChatOf(presale, 'tb_问发货');
    await presale.getByTestId('ship-promise').waitFor();
    await presale.getByTestId(`side-order-promise-${presaleOrder.orderNo}`).waitFor();

    // A delivered order sends the buyer to after-sale; their other, paid order is in the side panel.
    const aftersale = await chatAgent('aftersale1');
    await buyerWrites('tb_售后也问', '另一双什么时候发？');
    await openChatOf(aftersale, 'tb_售后也问');
    await aftersale.getByTestId(`side-order-${aftersaleOrder.orderNo}`).waitFor();
    expect(await aftersale.getByTestId('ship-promise').count()).toBe(0);
    expect(await aftersale.getByTestId(`side-order-promise-${aftersaleOrder.orderNo}`).count()).toBe(0);
  });
});

describe('a difficult parcel on its case page', () => {
  it('the parcel’s dated follow-ups are lines of the case story; the one that says delivered closes the case', async () => {
    const supervisor = await loggedIn(server.baseUrl, 'supervisor');
    const agent = await loggedIn(server.baseUrl, 'aftersale1');
    const order = await orderAt({ writer: supervisor }, 'tb_疑难件', 'shipped');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: server.config.shopTz }).format(new Date());
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: server.config.shopTz }).format(new Date(Date.now() + 86_400_000));
    const parcel = (await agent.post('/api/recall/parcels', { orderNo: order.orderNo, kind: 'forwarded', description: '快递转寄到外省网点', nextFollowUpOn: today })).body;
    expect((await agent.post(`/api/recall/parcels/${parcel.id}/follow-ups`, { version: 1, note: '网点说明天派送', nextFollowUpOn: tomorrow })).status).toBe(201);
    expect((await agent.post(`/api/recall/parcels/${parcel.id}/follow-ups`, { version: 2, note: '买家已签收', ends: 'delivered' })).status).toBe(201);

    const page = await staffPage('aftersale1');
    await page.goto(`${server.baseUrl}/console/aftersale?case=${parcel.caseId}`);
    const story = page.getByTestId('case-story');
    await story.locator('li[data-source="parcel"][data-what="delivered"]').waitFor();
    expect(await story.locator('li[data-source="parcel"][data-what="follow_up"]').textContent()).toContain(`疑难件跟进：网点说明天派送（下次跟进 ${tomorrow}）`);
    expect(await story.locator('li[data-source="parcel"][data-what="delivered"]').textContent()).toContain('疑难件跟进：买家已签收（已签收，结束跟进）');
    await story.locator('li[data-source="case"][data-what="closed"]').waitFor();
  });
});
