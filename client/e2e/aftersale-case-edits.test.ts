import type { TestServer } from '@kefu/server/testing/harness';
import { loggedIn } from '@kefu/server/testing/http-client';
import { orderAt } from '@kefu/server/modules/orders/orders.fixtures';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { signedChatPath, staffPage as openStaffPage } from './session.ts';

/** A 1×1 PNG, as a phone photo stands in here. */
const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});

afterAll(() => stopBrowserWorld({ server, browser }));

const staffPage = (username: string): Promise<Page> => openStaffPage(browser, server.baseUrl, username);

describe('the after-sale case page: tick, add photos, edit details (issue 10)', () => {
  it('an agent ticks A06 linked to the chat message that said it, adds a photo from the chat later, edits the wanted size; all still there after a reload', async () => {
    const supervisor = await loggedIn(server.baseUrl, 'supervisor');
    const order = await orderAt({ writer: supervisor }, 'tb_补登', 'delivered');

    const { page: buyer } = await openPage(browser, server.baseUrl);
    await buyer.goto(signedChatPath('tb_补登'));
    await buyer.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();
    await buyer.getByTestId('buyer-input').fill('鞋子偏小，想换大一码');
    await buyer.getByTestId('buyer-input').press('Enter');

    const agent = await staffPage('aftersale1');
    await agent.getByTestId('nav-chat').click();
    await agent.locator('[data-testid="presence-switch"][data-status="online"]').waitFor();
    const item = agent.locator('[data-testid="conversation-item"][data-buyer-id="tb_补登"]').first();
    await item.waitFor();
    await item.getByRole('button').first().click();
    await agent.getByTestId('staff-input').fill('亲，寄回时请先垫付运费，不要到付哦');
    await agent.getByTestId('staff-input').press('Enter');
    await agent.getByTestId('conversation-messages').getByText('亲，寄回时请先垫付运费，不要到付哦').waitFor();

    // The case was registered from this chat (by the supervisor, through the API: a second
    // login of aftersale1 would end the agent's browser session), before the buyer sent the photo.
    const [conversation] = await server.db.query('SELECT id FROM chat_conversation WHERE buyer_id = ?', ['tb_补登']);
    const opened = await supervisor.post('/api/aftersale/cases', { orderNo: order.orderNo, kind: 'exchange', reason: '偏小换大一码', conversationId: Number(conversation.id), wantedColor: '黑色', wantedSize: '38' });
    expect(opened.status).toBe(201);
    const id = Number(opened.body.id);

    await buyer.getByTestId('buyer-image-input').setInputFiles({ name: 'shoe.png', mimeType: 'image/png', buffer: TINY_PNG });
    await buyer.getByTestId('buyer-image-preview').waitFor();
    await buyer.getByTestId('buyer-image-send').click();
    await expect.poll(async () => (await server.db.query('SELECT id FROM chat_image WHERE conversation_id = ? AND uploaded_by_buyer = 1', [conversation.id])).length, { timeout: 10_000 }).toBe(1);
    const [image] = await server.db.query('SELECT id FROM chat_image WHERE conversation_id = ? AND uploaded_by_buyer = 1', [conversation.id]);

    await agent.goto(`${server.baseUrl}/console/aftersale?case=${id}`);
    await agent.locator('[data-testid="case-page"][data-status="open"]').waitFor();
    expect(await agent.getByTestId('case-photos').locator('img').count()).toBe(0);

    // Tick A06, linked to the agent's own message (preselected as the newest staff message).
    await agent.getByTestId('case-action-tick-prepay_postage').click();
    const select = agent.getByTestId('case-form-tick-prepay_postage-message');
    await select.waitFor();
    expect(await select.locator('option:checked').textContent()).toContain('亲，寄回时请先垫付运费，不要到付哦');
    await agent.getByTestId('case-form-tick-prepay_postage-submit').click();
    await agent.locator('[data-testid="case-ticks"] li[data-ticked="yes"]').waitFor();

    // Add the photo the buyer sent after the case was registered.
    await agent.getByTestId('case-action-photos').click();
    await agent.getByTestId(`case-form-photos-${image.id}`).check();
    await agent.getByTestId('case-form-photos-submit').click();
    await expect.poll(() => agent.getByTestId('case-photos').locator('img').count(), { timeout: 10_000 }).toBe(1);

    // Edit a detail: the wanted size; nothing changed is refused on the page, a bad postage too.
    await agent.getByTestId('case-action-details').click();
    await agent.getByTestId('case-form-details-submit').click();
    expect(await agent.getByTestId('case-form-details-error').textContent()).toContain('没有修改任何内容');
    await agent.getByTestId('case-form-details-wantedSize').fill('39');
    await agent.getByTestId('case-form-details-submit').click();
    await agent.getByTestId('case-form-details').waitFor({ state: 'detached' });

    // After a reload the page shows all three.
    await agent.reload();
    await agent.locator('[data-testid="case-page"][data-status="open"]').waitFor();
    const ticks = await agent.locator('[data-testid="case-ticks"] li[data-ticked="yes"]').allTextContents();
    expect(ticks).toHaveLength(1);
    expect(ticks[0]).toContain('告知先垫付运费，不要到付（A06）');
    expect(ticks[0]).toContain('刘洋');
    expect(ticks[0]).toContain('“亲，寄回时请先垫付运费，不要到付哦”');
    expect(await agent.getByTestId('case-photos').locator('img').count()).toBe(1);
    expect(await agent.locator('.case-field', { hasText: '要换的商品' }).locator('dd').textContent()).toBe('黑色 39');
    // Only the two unticked items still offer a tick; the story records each edit.
    expect(await agent.locator('[data-testid^="case-action-tick-"]').count()).toBe(2);
    const [tick] = await server.db.query('SELECT t.message_id, m.body FROM after_sale_case_tick t JOIN chat_message m ON m.id = t.message_id WHERE t.case_id = ?', [id]);
    expect(tick.body).toBe('亲，寄回时请先垫付运费，不要到付哦');

    // The warehouse reads the case but gets none of these buttons.
    const warehouse = await staffPage('warehouse1');
    await warehouse.goto(`${server.baseUrl}/console/aftersale?case=${id}`);
    await warehouse.locator('[data-testid="case-page"]').waitFor();
    expect(await warehouse.locator('[data-testid^="case-action-tick-"], [data-testid="case-action-photos"], [data-testid="case-action-details"]').count()).toBe(0);
  });
});
