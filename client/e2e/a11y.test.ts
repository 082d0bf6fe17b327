/**
 * Issue 11, every page for every hand and eye: axe-core (WCAG 2.0/2.1 A and AA rules) on
 * every console page each role can open, the login page and the buyer page, with 0 serious
 * or critical violations. The pages come from the app's own list (`sectionsFor`), so a
 * section added later is measured without touching this file. Also keyboard checks that
 * axe cannot make: a visible focus on the image-attach control, focus returned after
 * closing an order's detail panel, and Alt+↑/↓ between conversations.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ROLES, sectionsFor, type Role } from '@kefu/shared/domain/staff/roles';
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import { startTestServer } from '@kefu/server/testing/harness';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from './browser.ts';
import { seedConversation, seedOrder } from './chat-seed.ts';
import { signedChatPath } from './session.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A demo account holding each role (README, "Demo logins"). */
const USER_OF_ROLE: Record<Role, string> = {
  supervisor: 'supervisor',
  manager: 'manager',
  presale: 'presale1',
  aftersale: 'aftersale1',
  printer: 'printer1',
  warehouse: 'warehouse1',
};

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
  // Conversations, so the chat pages show lists, bubbles and the composer, not only empty states.
  await seedConversation(server.baseUrl, { agent: 'presale1', buyerId: 'tb_无障碍', first: '你好，这双鞋有 38 码吗？', replies: ['有的亲', '平时穿 38 的建议拍 37'] });
  await seedConversation(server.baseUrl, { agent: 'presale1', buyerId: 'tb_第二位', first: '在吗', replies: [] });
  await seedOrder(server.baseUrl, 'printer1', '2026112900000011', 'tb_无障碍');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe's serious and critical violations of WCAG 2.0/2.1 A and AA on the page as it is now. */
async function violations(page: Page): Promise<Violation[]> {
  // Evaluated by the test driver, not as a <script>: the console's CSP (no inline script) stays on.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`.slice(0, 300)) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Lets the page's lazy chunk and first requests settle before measuring (the loading text gone). */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForFunction(() => !!document.querySelector('main, .buyer-page, form') && !document.body.textContent?.includes('正在加载'), undefined, { timeout: 5_000 }).catch(() => undefined);
  await page.waitForTimeout(150);
}

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD_DEFAULT);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
}

describe('axe-core, WCAG 2.1 AA: no serious or critical violations', () => {
  it('on the login page and the buyer page', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      const found: Record<string, Violation[]> = {};
      await page.goto('/login');
      await settled(page);
      found['/login'] = await violations(page);
      await page.goto('/chat');
      await page.getByTestId('buyer-start-form').waitFor();
      found['/chat (start)'] = await violations(page);
      await page.goto(signedChatPath('tb_无障碍'));
      await page.getByTestId('buyer-messages').getByText('有的亲').waitFor();
      await settled(page);
      found['/chat (chatting)'] = await violations(page);
      expect(Object.fromEntries(Object.entries(found).filter(([, list]) => list.length > 0))).toEqual({});
    } finally {
      await context.close();
    }
  });

  it.each(ROLES)('on every console page of the %s', async (role) => {
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      await logIn(page, USER_OF_ROLE[role]);
      const found: Record<string, Violation[]> = {};
      for (const section of sectionsFor([role])) {
        await page.goto(`/console/${section}`);
        await settled(page);
        found[section] = await violations(page);
      }
      if (role === 'presale') {
        // An open chat: bubbles, the composer, the image-attach control, the side panel.
        await page.goto('/console/chat');
        await page.locator('[data-testid="conversation-item"][data-buyer-id="tb_无障碍"]').getByRole('button').first().click();
        await page.getByTestId('staff-input').waitFor();
        await settled(page);
        found['chat (open conversation)'] = await violations(page);
      }
      if (role === 'supervisor') {
        for (const tab of ['history', 'canned', 'settings']) {
          await page.goto(`/console/chat?tab=${tab}`);
          await settled(page);
          found[`chat ?tab=${tab}`] = await violations(page);
        }
      }
      expect(Object.fromEntries(Object.entries(found).filter(([, list]) => list.length > 0))).toEqual({});
    } finally {
      await context.close();
    }
    // The supervisor walks 14 sections and 3 chat tabs: more than the default minute on a shared machine.
  }, 180_000);
});

describe('the keyboard', () => {
  it('shows the focus on the image-attach control, moves between chats with Alt+↑/↓, and returns the focus after an order’s detail closes', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      await logIn(page, 'presale1');
      await page.goto('/console/chat');
      await page.locator('[data-testid="conversation-item"][data-buyer-id="tb_无障碍"]').getByRole('button').first().click();
      await page.getByTestId('staff-input').waitFor();

      // Shift+Tab from the reply box reaches the image-attach control, and its ring shows.
      await page.getByTestId('staff-input').focus();
      for (let i = 0; i < 6 && !(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === 'file')); i++) await page.keyboard.press('Shift+Tab');
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('file');
      const ring = await page.evaluate(() => getComputedStyle(document.activeElement!.closest('label')!).outlineStyle);
      expect(ring).not.toBe('none');

      // Alt+↓ and Alt+↑ move between the conversations in the list's order, from the reply box too.
      const order = await page.locator('[data-testid="conversation-list"] [data-testid="conversation-item"]').evaluateAll((items) => items.map((item) => item.getAttribute('data-buyer-id')));
      expect(order).toHaveLength(2);
      const shown = () => page.getByTestId('conversation-buyer').textContent();
      await page.getByTestId('staff-input').focus();
      const from = await shown();
      await page.keyboard.press(from === order[0] ? 'Alt+ArrowDown' : 'Alt+ArrowUp');
      await expect.poll(shown).toBe(from === order[0] ? order[1] : order[0]);
      await page.keyboard.press(from === order[0] ? 'Alt+ArrowUp' : 'Alt+ArrowDown');
      await expect.poll(shown).toBe(from);

      // An order's detail opened from its row and closed: the focus is back on the row.
      await page.goto('/console/orders');
      const open = page.getByTestId('order-row-2026112900000011').getByRole('button').first();
      await open.focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('order-detail-close').waitFor();
      await settled(page);
      expect(await violations(page)).toEqual([]);
      await page.getByTestId('order-detail-close').focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('order-detail-close').waitFor({ state: 'detached' });
      await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid^="order-row-"]')?.getAttribute('data-testid') ?? document.activeElement?.tagName)).toBe('order-row-2026112900000011');
    } finally {
      await context.close();
    }
  });
});
