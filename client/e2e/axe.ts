/**
 * The axe-core harness shared by the accessibility browser tests (a11y.test.ts and
 * a11y-supervisor.test.ts): one server with chats and an order seeded, axe's serious and
 * critical WCAG 2.0/2.1 A and AA violations on a page, and a walk over a role's sections.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sectionsFor, type Role } from '@kefu/shared/domain/staff/roles';
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import type { Page } from 'playwright-core';
import { openPage, startBrowserWorld, stopBrowserWorld, type BrowserWorld } from './browser.ts';
import { seedConversation, seedOrder } from './chat-seed.ts';
import { logIn } from './session.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A demo account holding each role (README, "Demo logins"). */
export const USER_OF_ROLE: Record<Role, string> = {
  supervisor: 'supervisor',
  manager: 'manager',
  presale: 'presale1',
  aftersale: 'aftersale1',
  printer: 'printer1',
  warehouse: 'warehouse1',
};

export type AxeWorld = BrowserWorld;

/** A server and Chromium with two conversations and an order, so the chat and order pages show content, not only empty states. */
export async function startAxeWorld(): Promise<AxeWorld> {
  const world = await startBrowserWorld();
  const { server } = world;
  // Conversations, so the chat pages show lists, bubbles and the composer, not only empty states.
  await seedConversation(server.baseUrl, { agent: 'presale1', buyerId: 'tb_无障碍', first: '你好，这双鞋有 38 码吗？', replies: ['有的亲', '平时穿 38 的建议拍 37'] });
  await seedConversation(server.baseUrl, { agent: 'presale1', buyerId: 'tb_第二位', first: '在吗', replies: [] });
  await seedOrder(server.baseUrl, 'printer1', '2026112900000011', 'tb_无障碍');
  return world;
}

export const stopAxeWorld = stopBrowserWorld;

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe's serious and critical violations of WCAG 2.0/2.1 A and AA on the page as it is now. */
export async function violations(page: Page): Promise<Violation[]> {
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
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForFunction(() => !!document.querySelector('main, .buyer-page, form') && !document.body.textContent?.includes('正在加载'), undefined, { timeout: 5_000 }).catch(() => undefined);
  await page.waitForTimeout(150);
}



/**
 * axe on every console section the role opens (from `sectionsFor`), plus an open chat for
 * pre-sale and the chat tabs for the supervisor: the pages that fail, with their violations.
 */
export async function roleViolations({ server, browser }: AxeWorld, role: Role): Promise<Record<string, Violation[]>> {
  const { context, page } = await openPage(browser, server.baseUrl);
  try {
    await logIn(page, USER_OF_ROLE[role], DEMO_PASSWORD_DEFAULT);
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
    return Object.fromEntries(Object.entries(found).filter(([, list]) => list.length > 0));
  } finally {
    await context.close();
  }
}
