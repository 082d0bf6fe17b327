/**
 * Issue 11, every page for every hand and eye: axe-core (WCAG 2.0/2.1 A and AA rules) on
 * every console page each role can open, the login page and the buyer page, with 0 serious
 * or critical violations. The pages come from the app's own list (`sectionsFor`), so a
 * section or role added later is measured without touching this file. The supervisor, who
 * opens the most pages, is walked in a11y-supervisor.test.ts so the two run side by side.
 * Also keyboard checks that axe cannot make: a visible focus on the image-attach control,
 * focus returned after closing an order's detail panel, and Alt+↑/↓ between conversations.
 */
import { ROLES } from '@kefu/shared/domain/staff/roles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage } from './browser.ts';
import { roleViolations, settled, startAxeWorld, stopAxeWorld, violations, type AxeWorld, type Violation } from './axe.ts';
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import { logIn, signedChatPath } from './session.ts';

let world: AxeWorld;

beforeAll(async () => {
  world = await startAxeWorld();
});

afterAll(async () => {
  await stopAxeWorld(world);
});

describe('axe-core, WCAG 2.1 AA: no serious or critical violations', () => {
  it('on the login page and the buyer page', async () => {
    const { context, page } = await openPage(world.browser, world.server.baseUrl);
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


  it.each(ROLES.filter((role) => role !== 'supervisor'))('on every console page of the %s', async (role) => {
    expect(await roleViolations(world, role)).toEqual({});
  }, 180_000);
});

describe('the keyboard', () => {
  it('shows the focus on the image-attach control, moves between chats with Alt+↑/↓, and returns the focus after an order’s detail closes', async () => {
    const { context, page } = await openPage(world.browser, world.server.baseUrl);
    try {
      await logIn(page, 'presale1', DEMO_PASSWORD_DEFAULT);
      await page.goto('/console/chat');
      // The role walks before this test log presale1 out and in: on a machine slow enough for
      // that to outlast the hand-over grace, the waiting chat goes back to the queue and is routed
      // to presale1 again as the page comes up, moving it in the list. Both presale1's own first.
      await expect.poll(() => page.locator('[data-testid="chat-group-mine"] [data-testid="conversation-item"]').count(), { timeout: 15_000 }).toBe(2);
      await page.locator('[data-testid="conversation-item"][data-buyer-id="tb_无障碍"]').getByRole('button').first().click();
      await page.getByTestId('staff-input').waitFor();

      // Shift+Tab from the reply box reaches the image-attach control, and its ring shows.
      await page.getByTestId('staff-input').focus();
      for (let i = 0; i < 6 && !(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === 'file')); i++) await page.keyboard.press('Shift+Tab');
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('file');
      const ring = await page.evaluate(() => getComputedStyle(document.activeElement!.closest('label')!).outlineStyle);
      expect(ring).not.toBe('none');

      // Alt+↓ and Alt+↑ move between the conversations in the list's order, from the reply box too.
      const listed = () =>
        page.locator('[data-testid="conversation-list"] [data-testid="conversation-item"]').evaluateAll((items) =>
          items.map((item) => `${item.closest('[data-testid^="chat-group-"]')?.getAttribute('data-testid')}:${item.getAttribute('data-buyer-id')}`),
        );
      const shown = () => page.getByTestId('conversation-buyer').textContent();
      await page.getByTestId('staff-input').focus();
      const from = await shown();
      const first = (await listed())[0]?.endsWith(`:${from}`);
      const there = first ? 'Alt+ArrowDown' : 'Alt+ArrowUp';
      const back = first ? 'Alt+ArrowUp' : 'Alt+ArrowDown';
      for (const key of [there, back, there, back]) {
        const before = await listed();
        expect(before, 'both chats are presale1\'s own').toEqual(expect.arrayContaining(['chat-group-mine:tb_无障碍', 'chat-group-mine:tb_第二位']));
        const order = before.map((entry) => entry.split(':')[1]);
        const at = order.indexOf((await shown())!);
        const expected = order[Math.min(order.length - 1, Math.max(0, at + (key === 'Alt+ArrowDown' ? 1 : -1)))];
        await page.keyboard.press(key);
        try {
          await expect.poll(shown).toBe(expected);
        } catch (error) {
          throw new Error(`${key} from ${order[at]}: ${(error as Error).message}; the list before ${JSON.stringify(before)}, now ${JSON.stringify(await listed())}`);
        }
      }
      expect(await shown()).toBe(from);
      // Both keys at once, faster than the address follows: the chat and its address end where
      // the keys lead (the address written for the first key once took the agent back there).
      const fromId = await page.locator(`[data-testid="conversation-item"][data-buyer-id="${from}"]`).getAttribute('data-conversation-id');
      for (let round = 0; round < 8; round++) {
        await page.keyboard.press(there);
        await page.keyboard.press(back);
        await page.waitForTimeout(300);
        expect(await shown(), `round ${round}`).toBe(from);
        await expect.poll(() => new URL(page.url()).searchParams.get('conversation')).toBe(fromId);
      }

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
