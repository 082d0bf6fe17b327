import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import { startTestServer } from '@kefu/server/testing/harness';
import { loggedIn } from '@kefu/server/testing/http-client';
import { launchChromium } from './browser.ts';
import { logIn, signedChatPath } from './session.ts';

const server = await startTestServer();
const browser = await launchChromium();
try {
  const buyerCtx = await browser.newContext({ baseURL: server.baseUrl });
  const buyer = await buyerCtx.newPage();
  await buyer.goto(signedChatPath('tb_找记录'));
  await buyer.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();
  for (let k = 1; k <= 12; k++) {
    const text = k === 3 ? '第三条：鞋码42有没有现货，快递单号ZT7788123456' : `第${k}条消息，补充一些内容让会话变长`;
    await buyer.getByTestId('buyer-input').fill(text);
    await buyer.getByTestId('buyer-input').press('Enter');
    await buyer.getByText(text).waitFor();
  }
  const [row] = await server.db.query(`SELECT id FROM chat_conversation WHERE buyer_id = 'tb_找记录'`);
  for (const [w, h, tag] of [[1440, 900, 'desktop'], [390, 844, 'phone']] as const) {
    const ctx = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: w, height: h } });
    const page = await ctx.newPage();
    await logIn(page, 'supervisor', DEMO_PASSWORD_DEFAULT);
    await page.goto(`${server.baseUrl}/console/chat?tab=history`);
    await page.getByTestId('history-text').fill('鞋码42');
    await page.getByTestId('history-submit').click();
    await page.getByTestId('history-row').first().waitFor();
    await page.screenshot({ path: `/work/wt/shots/chat/history-${tag}.png`, fullPage: true });
    await page.goto(`${server.baseUrl}/console/chat?conversation=${row.id}&message=3`);
    await page.locator('.bubble-row-highlighted').waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `/work/wt/shots/chat/deeplink-${tag}.png` });
    await ctx.close();
  }
  // help flow
  const agentCtx = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1440, height: 900 } });
  const agent = await agentCtx.newPage();
  await logIn(agent, 'presale1', DEMO_PASSWORD_DEFAULT);
  await agent.getByTestId('nav-chat').click();
  await agent.locator('[data-testid="presence-switch"][data-status="online"]').waitFor();
  const b2 = await (await browser.newContext({ baseURL: server.baseUrl })).newPage();
  await b2.goto(signedChatPath('tb_难缠'));
  await b2.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();
  await b2.getByTestId('buyer-input').fill('鞋子穿一天就开胶了，我要赔偿！');
  await b2.getByTestId('buyer-input').press('Enter');
  await agent.locator('[data-testid="conversation-item"][data-buyer-id="tb_难缠"]').click();
  await agent.getByTestId('help-open').click();
  await agent.getByTestId('help-note').fill('买家要求赔偿，超出我的权限');
  await agent.screenshot({ path: '/work/wt/shots/chat/help-dialog-desktop.png' });
  await agent.getByTestId('help-submit').click();
  await agent.getByTestId('transfer-open').click();
  await agent.getByTestId('transfer-mode-supervisor').click();
  await agent.screenshot({ path: '/work/wt/shots/chat/transfer-supervisor-desktop.png' });
  for (const [w, h, tag] of [[1440, 900, 'desktop'], [390, 844, 'phone']] as const) {
    const ctx = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: w, height: h } });
    const page = await ctx.newPage();
    await logIn(page, 'supervisor', DEMO_PASSWORD_DEFAULT);
    await page.getByTestId('nav-chat').click();
    await page.getByTestId('help-request').waitFor();
    await page.screenshot({ path: `/work/wt/shots/chat/help-list-${tag}.png`, fullPage: tag === 'phone' });
    await ctx.close();
  }
  void loggedIn;
} finally {
  await browser.close();
  await server.close();
}
