import { deflateSync } from 'node:zlib';
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import { startTestServer, type TestServer } from '@kefu/server/testing/harness';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { startProxy } from './proxy.ts';
import { logIn, signedChatPath } from './session.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});

afterAll(() => stopBrowserWorld({ server, browser }));

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real PNG of `size`×`size` pixels of one colour: small, valid, and decodable by the browser. */
function tinyPng(size: number, [r, g, b]: [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [r, g, b]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Every message bubble on a page whose text is `text` (stored or pending). */
const bubbles = (page: Page, text: string): Locator => page.locator('[data-testid^="message-"]').filter({ has: page.getByTestId('bubble-text').getByText(text, { exact: true }) });

async function waitForMark(bubble: Locator, mark: string): Promise<void> {
  await bubble.and(bubble.page().locator(`[data-mark="${mark}"]`)).waitFor();
}

/** An image has really arrived when the browser decoded it (the server served it to this person). */
async function waitForDecodedImage(image: Locator): Promise<void> {
  await image.waitFor();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBeGreaterThan(0);
}

/** A page that is closed again when getting it ready fails (an agent left open would stay online). */
async function ready(prepare: (page: Page) => Promise<void>): Promise<Page> {
  const { context, page } = await openPage(browser, server.baseUrl);
  try {
    await prepare(page);
    return page;
  } catch (error) {
    await context.close();
    throw error;
  }
}

function openAgent(username: string): Promise<Page> {
  return ready(async (page) => {
    await logIn(page, username, DEMO_PASSWORD_DEFAULT);
    await page.getByTestId('nav-chat').click();
    await page.getByTestId('chat-workspace').waitFor();
    // The console's socket made the agent online: new chats can be routed to them.
    await page.locator('[data-testid="presence-switch"][data-status="online"]').waitFor();
  });
}

function openSupervisor(): Promise<Page> {
  return ready(async (page) => {
    await logIn(page, 'supervisor', DEMO_PASSWORD_DEFAULT);
    await page.getByTestId('nav-chat').click();
    await page.getByTestId('chat-workspace').waitFor();
  });
}

function openBuyer(buyerId: string, orderNo?: string): Promise<Page> {
  return ready(async (page) => {
    await page.goto(signedChatPath(buyerId, orderNo));
    await page.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();
  });
}

describe('a buyer and an agent chat', () => {
  it('both ways, with typing, read receipts, a canned reply, photos each way, and closing', async () => {
    const agent = await openAgent('presale1');
    const buyer = await openBuyer('tb_小明', '2026110312345678');
    try {
      // The buyer writes first: the conversation is created and routed to the only online agent.
      await buyer.getByTestId('buyer-input').fill('你好，这双鞋有 39 码吗？');
      await buyer.getByTestId('buyer-input').press('Enter');
      const question = bubbles(buyer, '你好，这双鞋有 39 码吗？');
      await waitForMark(question, 'unread'); // stored (acked), not yet read by the shop
      expect(await question.count()).toBe(1);

      const item = agent.locator('[data-testid="chat-group-mine"] [data-testid="conversation-item"][data-buyer-id="tb_小明"]');
      await item.waitFor();
      expect(await item.getByTestId('unread-count').textContent()).toBe('1');
      await item.getByRole('button').first().click();
      await bubbles(agent, '你好，这双鞋有 39 码吗？').waitFor();
      expect(await agent.getByTestId('side-buyer-id').textContent()).toBe('tb_小明');
      expect(await agent.getByTestId('side-orders-empty').isVisible()).toBe(true);

      // Opening it is reading it: the buyer's message turns 已读 and the unread count goes.
      await waitForMark(question, 'read');
      await item.getByTestId('unread-count').waitFor({ state: 'detached' });

      // The agent types: the buyer sees it.
      await agent.getByTestId('staff-input').pressSequentially('有的');
      await expect.poll(() => buyer.getByTestId('buyer-shop-typing').textContent()).toBe('客服正在输入…');
      await agent.getByTestId('staff-input').press('Enter');
      await bubbles(buyer, '有的').waitFor();
      expect(await bubbles(buyer, '有的').textContent()).toContain('李娜');
      await expect.poll(() => buyer.getByTestId('buyer-shop-typing').textContent()).toBe('');
      // The buyer's page is in front, so the agent's message is read at once.
      await waitForMark(bubbles(agent, '有的'), 'read');

      // A canned reply of step 1 (欢迎语) by its shortcut.
      await agent.getByTestId('staff-input').press('Alt+Digit1');
      await agent.getByTestId('canned-picker').waitFor();
      await agent.getByTestId('staff-input').press('Enter');
      const welcome = '亲，您好！欢迎光临本店，很高兴为您服务，请问有什么可以帮您？';
      expect(await agent.getByTestId('staff-input').inputValue()).toBe(welcome);
      await agent.getByTestId('staff-input').press('Enter');
      await bubbles(buyer, welcome).waitFor();

      // The buyer sends a photo: checked, previewed, uploaded, sent; the agent sees it decoded.
      await buyer.getByTestId('buyer-image-input').setInputFiles({ name: 'shoe.png', mimeType: 'image/png', buffer: tinyPng(8, [200, 30, 30]) });
      await buyer.getByTestId('buyer-image-preview').waitFor();
      await buyer.getByTestId('buyer-image-send').click();
      const buyerPhoto = buyer.locator('[data-testid^="message-"][data-seq]').getByTestId('bubble-image').first();
      await waitForDecodedImage(buyerPhoto);
      const photoAtAgent = agent.getByTestId('conversation-messages').getByTestId('bubble-image').first();
      await waitForDecodedImage(photoAtAgent);
      expect(await photoAtAgent.getAttribute('src')).toMatch(/^\/api\/chat\/images\//);

      // A file that is not JPEG/PNG/WebP (whatever its name says) is refused before upload.
      await buyer.getByTestId('buyer-image-input').setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('GIF89a not a png at all') });
      await buyer.getByTestId('buyer-image-problem').waitFor();

      // The agent answers with a photo too.
      await agent.getByTestId('staff-image-input').setInputFiles({ name: 'size-chart.png', mimeType: 'image/png', buffer: tinyPng(6, [30, 30, 200]) });
      await agent.getByTestId('staff-image-send').click();
      await expect.poll(() => buyer.getByTestId('buyer-messages').getByTestId('bubble-image').count()).toBe(2);
      await waitForDecodedImage(buyer.getByTestId('buyer-messages').getByTestId('bubble-image').nth(1));
      expect(await buyer.getByTestId('buyer-messages').getByTestId('bubble-image').nth(1).getAttribute('src')).toMatch(/^\/api\/buyer\/images\//);

      // Clicking a photo shows it large.
      await photoAtAgent.click();
      await agent.getByTestId('image-lightbox').waitFor();
      await agent.keyboard.press('Escape');

      // Nothing doubled on either side: seqs 1…5 once each.
      const seqs = (page: Page) => page.locator('[data-testid^="message-"][data-seq]').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-seq'))));
      await expect.poll(() => seqs(buyer)).toEqual([1, 2, 3, 4, 5]);
      await expect.poll(() => seqs(agent)).toEqual([1, 2, 3, 4, 5]);

      // The agent closes the window; the buyer is told, and writing again reopens it.
      await agent.getByTestId('close-conversation').click();
      await agent.locator('[data-testid="conversation-view"][data-status="closed"]').waitFor();
      await expect.poll(() => buyer.getByTestId('buyer-status').textContent()).toBe('本次会话已结束');
      await buyer.getByTestId('buyer-input').fill('还有一个问题');
      await buyer.getByTestId('buyer-send').click();
      await item.waitFor();
      await expect.poll(() => buyer.getByTestId('buyer-status').textContent()).toBe('客服 李娜 为您服务');
    } finally {
      await agent.context().close();
      await buyer.context().close();
    }
  });

  it('keeps an offline buyer’s message pending, then delivers it once and catches up what the shop wrote meanwhile', async () => {
    const agent = await openAgent('presale2');
    const buyer = await openBuyer('tb_离线买家');
    try {
      await buyer.getByTestId('buyer-input').fill('在吗');
      await buyer.getByTestId('buyer-input').press('Enter');
      await waitForMark(bubbles(buyer, '在吗'), 'unread');
      const item = agent.locator('[data-testid="conversation-item"][data-buyer-id="tb_离线买家"]');
      await item.waitFor();
      await item.getByRole('button').first().click();
      await bubbles(agent, '在吗').waitFor();

      await buyer.context().setOffline(true);
      await buyer.locator('[data-testid="buyer-chat"][data-connection="offline"]').waitFor({ timeout: 30_000 });
      await buyer.getByTestId('buyer-input').fill('我断网了还能发吗');
      await buyer.getByTestId('buyer-input').press('Enter');
      await waitForMark(bubbles(buyer, '我断网了还能发吗'), 'pending');

      await agent.getByTestId('staff-input').fill('在的，亲');
      await agent.getByTestId('staff-input').press('Enter');
      await waitForMark(bubbles(agent, '在的，亲'), 'unread');

      await buyer.context().setOffline(false);
      await waitForMark(bubbles(buyer, '我断网了还能发吗'), 'read');
      await bubbles(buyer, '在的，亲').waitFor();
      await bubbles(agent, '我断网了还能发吗').waitFor();
      expect(await bubbles(buyer, '我断网了还能发吗').count()).toBe(1);
      expect(await bubbles(agent, '我断网了还能发吗').count()).toBe(1);
      expect(await bubbles(buyer, '在的，亲').count()).toBe(1);
    } finally {
      await agent.context().close();
      await buyer.context().close();
    }
  });
  it('lets the supervisor watch a chat live, transfer it with a note the buyer never sees, edit canned replies and search the history', async () => {
    const first = await openAgent('presale1');
    const supervisor = await openSupervisor();
    const buyer = await openBuyer('tb_换码买家');
    let second: Page | undefined;
    try {
      await buyer.getByTestId('buyer-input').fill('我想把 39 码换成 40 码');
      await buyer.getByTestId('buyer-input').press('Enter');
      await waitForMark(bubbles(buyer, '我想把 39 码换成 40 码'), 'unread');

      // Every live conversation is on the supervisor's screen, with its agent.
      const watched = supervisor.locator('[data-testid="chat-group-others"] [data-testid="conversation-item"][data-buyer-id="tb_换码买家"]');
      await watched.waitFor();
      expect(await watched.textContent()).toContain('李娜');
      await watched.getByRole('button').first().click();
      await bubbles(supervisor, '我想把 39 码换成 40 码').waitFor();
      // Watching is not reading for the shop, and the supervisor cannot write in an agent's chat.
      expect(await supervisor.getByTestId('staff-input').count()).toBe(0);
      await first.locator('[data-testid="conversation-item"][data-buyer-id="tb_换码买家"]').getByRole('button').first().click();
      await first.getByTestId('staff-input').fill('稍等，亲');
      await first.getByTestId('staff-input').press('Enter');
      await bubbles(supervisor, '稍等，亲').waitFor(); // live

      // The supervisor hands it to 张敏 with a note for staff only.
      second = await openAgent('presale2');
      await supervisor.getByTestId('transfer-open').click();
      const option = supervisor.getByTestId('transfer-agent').locator('option', { hasText: '张敏' });
      await option.waitFor({ state: 'attached' });
      await supervisor.getByTestId('transfer-agent').selectOption({ label: (await option.textContent()) ?? '' });
      await supervisor.getByTestId('transfer-note').fill('买家要换尺码，已核对订单');
      await supervisor.getByTestId('transfer-submit').click();
      await supervisor.getByTestId('conversation-notice').waitFor();

      const arrived = second.locator('[data-testid="chat-group-mine"] [data-testid="conversation-item"][data-buyer-id="tb_换码买家"]');
      await arrived.waitFor();
      await arrived.getByRole('button').first().click();
      await bubbles(second, '稍等，亲').waitFor();
      await expect.poll(() => second!.getByTestId('side-transfers').textContent()).toContain('买家要换尺码，已核对订单');
      await first.locator('[data-testid="conversation-item"][data-buyer-id="tb_换码买家"]').waitFor({ state: 'detached' });
      await expect.poll(() => buyer.getByTestId('buyer-status').textContent()).toBe('客服 张敏 为您服务');
      expect(await buyer.content()).not.toContain('买家要换尺码');

      // A canned reply the supervisor adds is offered to agents at once (step 2, 活动告知).
      await supervisor.getByTestId('chat-tab-canned').click();
      await supervisor.getByTestId('canned-add-promotion').click();
      await supervisor.getByTestId('canned-form-promotion-title').fill('双十一');
      await supervisor.getByTestId('canned-form-promotion-text').fill('亲，双十一全场满300减50哦～');
      await supervisor.getByTestId('canned-form-promotion-save').click();
      await supervisor.getByTestId('canned-notice').waitFor();
      await second.getByTestId('staff-input').press('Alt+Digit2');
      await second.getByTestId('canned-picker').getByText('亲，双十一全场满300减50哦～').waitFor();
      await second.getByTestId('staff-input').press('Escape');

      // History: the supervisor finds the message by its words.
      await supervisor.getByTestId('chat-tab-history').click();
      await supervisor.getByTestId('history-text').fill('换成 40 码');
      await supervisor.getByTestId('history-submit').click();
      const row = supervisor.getByTestId('history-row');
      await row.first().waitFor();
      expect(await row.count()).toBe(1);
      expect(await row.textContent()).toContain('tb_换码买家');
    } finally {
      await second?.context().close();
      await supervisor.context().close();
      await first.context().close();
      await buyer.context().close();
    }
  });
});

describe('a server restart in the middle of a conversation', () => {
  it('loses nothing and doubles nothing: messages written while it was down arrive once on both sides', async () => {
    const first = await startTestServer();
    const proxy = await startProxy(Number(new URL(first.baseUrl).port));
    let second: TestServer | undefined;
    const agentPage = await openPage(browser, proxy.url);
    const buyerPage = await openPage(browser, proxy.url);
    try {
      const agent = agentPage.page;
      await logIn(agent, 'presale1', DEMO_PASSWORD_DEFAULT);
      await agent.getByTestId('nav-chat').click();
      await agent.locator('[data-testid="presence-switch"][data-status="online"]').waitFor();
      const buyer = buyerPage.page;
      await buyer.goto(signedChatPath('tb_重启买家'));
      await buyer.locator('[data-testid="buyer-chat"][data-connection="online"]').waitFor();

      await buyer.getByTestId('buyer-input').fill('重启前的问题');
      await buyer.getByTestId('buyer-input').press('Enter');
      const item = agent.locator('[data-testid="conversation-item"][data-buyer-id="tb_重启买家"]');
      await item.waitFor();
      await item.getByRole('button').first().click();
      await bubbles(agent, '重启前的问题').waitFor();

      // The server goes away (its connections cut, as when a process ends); both sides keep writing.
      proxy.setTarget(null);
      proxy.dropConnections();
      await first.stop();
      await buyer.locator('[data-testid="buyer-chat"][data-connection="offline"]').waitFor();
      await agent.getByTestId('chat-offline').waitFor();
      await buyer.getByTestId('buyer-input').fill('服务器重启时买家发的');
      await buyer.getByTestId('buyer-input').press('Enter');
      await agent.getByTestId('staff-input').fill('服务器重启时客服发的');
      await agent.getByTestId('staff-input').press('Enter');
      await waitForMark(bubbles(buyer, '服务器重启时买家发的'), 'pending');
      await waitForMark(bubbles(agent, '服务器重启时客服发的'), 'pending');

      // A new server process on the same database and Redis, at the same address.
      second = await startTestServer({ config: first.config, seed: false });
      proxy.setTarget(Number(new URL(second.baseUrl).port));

      await bubbles(agent, '服务器重启时买家发的').waitFor({ timeout: 30_000 });
      await bubbles(buyer, '服务器重启时客服发的').waitFor({ timeout: 30_000 });
      await waitForMark(bubbles(buyer, '服务器重启时买家发的'), 'read');
      await waitForMark(bubbles(agent, '服务器重启时客服发的'), 'read');
      const seqs = (page: Page) => page.locator('[data-testid^="message-"][data-seq]').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-seq'))));
      await expect.poll(() => seqs(buyer)).toEqual([1, 2, 3]);
      await expect.poll(() => seqs(agent)).toEqual([1, 2, 3]);
      for (const page of [agent, buyer]) expect(await page.locator('[data-mark="pending"]').count()).toBe(0);
    } finally {
      await agentPage.context.close();
      await buyerPage.context.close();
      await proxy.close();
      if (second) await second.close();
      else await first.close();
    }
  });
});
