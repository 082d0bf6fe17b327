/**
 * Issue 13's small items, in the console: the success message next to the entry form, an
 * identical entry questioned ("再记录一次？"), an entry without evidence needs a note, the
 * month's dismissed detector findings listed with who dismissed them and why (the detector
 * named in Chinese), "本月" only for the current month, a base wage of 0 refused for a
 * scored role, and 停用 asking first.
 */
import { previousMonth } from '@kefu/shared/domain/scoring/month';
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import type { TestServer } from '@kefu/server/testing/harness';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatShopMonth, shopDateTimeInput } from '../src/lib/time.ts';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { seedConversation } from './chat-seed.ts';
import { logIn } from './session.ts';

let server: TestServer;
let browser: Browser;

const current = formatShopMonth(new Date());
const past = previousMonth(current);

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});
afterAll(() => stopBrowserWorld({ server, browser }));

const staffId = async (username: string) => Number(((await server.db.query('SELECT id FROM staff WHERE username = ?', [username])) as Array<{ id: number }>)[0]!.id);
const countEntries = async () => Number(((await server.db.query("SELECT COUNT(*) AS n FROM ledger_entry WHERE source = 'manual'")) as Array<{ n: number }>)[0]!.n);

describe('the walkthrough’s small items', () => {
  it('entry form: a note without evidence, the message beside the form, and "record again?" for an identical entry', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      await logIn(page, 'supervisor', DEMO_PASSWORD_DEFAULT);
      await page.goto(`/console/scoring?month=${current}`);
      await page.getByTestId('entry-form').waitFor();
      await page.getByTestId('rule-search').fill('G16');
      await page.getByTestId('rule-option-G16').click();
      const option = page.getByTestId('entry-staff').locator('option', { hasText: 'presale2' });
      await page.getByTestId('entry-staff').selectOption((await option.getAttribute('value')) ?? '');
      await page.getByTestId('entry-occurred-at').fill(shopDateTimeInput(new Date(Date.now() - 3_600_000)));

      // Neither evidence nor a note: refused in the form, nothing sent.
      await page.getByTestId('entry-submit').click();
      await expect.poll(() => page.getByTestId('entry-form-error').textContent()).toContain('请在“说明”里写明经过和依据');
      expect(await countEntries()).toBe(0);

      // With a note: recorded, and the message shows next to the form.
      await page.getByTestId('entry-note').fill('例会上玩手机');
      await page.getByTestId('entry-submit').click();
      await expect.poll(() => page.getByTestId('entry-form-notice').textContent()).toContain('已记录：张敏 G16');
      expect(await countEntries()).toBe(1);

      // The same again within the minute (the form keeps the person and the time): the console asks, and records only when told to.
      await page.getByTestId('rule-search').fill('G16');
      await page.getByTestId('rule-option-G16').click();
      await page.getByTestId('entry-note').fill('例会上玩手机');
      await page.getByTestId('entry-submit').click();
      await expect.poll(() => page.getByTestId('entry-duplicate').textContent()).toContain('确定要再记录一次吗');
      expect(await page.getByTestId('entry-form-notice').count()).toBe(0);
      await page.getByTestId('entry-duplicate-cancel').click();
      expect(await page.getByTestId('entry-duplicate').count()).toBe(0);
      expect(await countEntries()).toBe(1);
      await page.getByTestId('entry-submit').click();
      await page.getByTestId('entry-duplicate-confirm').click();
      await expect.poll(() => page.getByTestId('entry-form-notice').textContent()).toContain('已记录：张敏 G16');
      expect(await countEntries()).toBe(2);

      // Evidence that opens the record: a chat link lands on that conversation at that message.
      const conversation = await seedConversation(server.baseUrl, { agent: 'presale1', buyerId: 'tb_证据链接', first: '在吗？鞋子有42码吗', replies: ['有的亲', '请问还需要什么'] });
      await page.getByTestId('rule-search').fill('G05');
      await page.getByTestId('rule-option-G05').click();
      const agent = page.getByTestId('entry-staff').locator('option', { hasText: 'presale1' });
      await page.getByTestId('entry-staff').selectOption((await agent.getAttribute('value')) ?? '');
      await page.getByTestId('entry-evidence-add').click();
      await page.getByTestId('entry-evidence-kind-0').selectOption('chat');
      await page.getByTestId('entry-evidence-id-0').fill(`${conversation}:2`);
      await page.getByTestId('entry-submit').click();
      await expect.poll(() => page.getByTestId('entry-form-notice').textContent()).toContain('已记录：李娜 G05');
      const link = page.getByTestId('month-entries').locator('[data-rule="G05"] a[data-kind="chat"]');
      await link.click();
      await page.waitForURL(new RegExp(`/console/chat\\?conversation=${conversation}&message=2$`));
      const message = page.locator(`[data-testid="conversation-view"][data-conversation-id="${conversation}"] [data-seq="2"]`);
      await message.waitFor();
      expect(await message.getAttribute('class')).toContain('bubble-row-highlighted');
    } finally {
      await context.close();
    }
  });

  it('dismissed findings with who and why, the detector in Chinese; "本月" only for the current month', async () => {
    const presale1 = await staffId('presale1');
    const occurredAt = new Date(Date.now() - 2 * 3_600_000);
    await server.db.query(
      `INSERT INTO ledger_entry (staff_id, rule, occurred_at, month, points, amount_fen, evidence, note, status, source, dedupe_key, created_by, created_at)
       VALUES (?, 'G09', ?, ?, NULL, NULL, ?, '订单确认后未关闭对话框', 'proposed', 'chat.g09', NULL, NULL, ?)`,
      [presale1, occurredAt, current, JSON.stringify([{ kind: 'chat', id: '7:3' }]), new Date()],
    );
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      await logIn(page, 'supervisor', DEMO_PASSWORD_DEFAULT);
      await page.goto(`/console/scoring?month=${current}`);
      const proposal = page.getByTestId('proposals-table').locator('tr[data-rule="G09"]');
      await proposal.waitFor();
      expect(await proposal.textContent()).toContain('自动发现（聊天）');
      expect(await proposal.textContent()).not.toContain('chat.g09');
      const id = (await proposal.getAttribute('data-testid'))!.replace('entry-', '');
      await page.getByTestId(`proposal-dismiss-${id}`).click();
      await page.getByTestId(`proposal-dismiss-${id}-reason`).fill('买家要求保持对话，不算违规');
      await page.getByTestId(`proposal-dismiss-${id}-confirm`).click();

      const row = page.getByTestId(`dismissed-${id}`);
      await row.waitFor();
      expect(await row.getByTestId('dismissed-by').textContent()).toContain('王芳');
      expect(await row.getByTestId('dismissed-reason').textContent()).toBe('买家要求保持对话，不算违规');
      expect(await row.textContent()).toContain('自动发现（聊天）');

      // The current month says 本月; the month before is named.
      expect(await page.getByTestId('sheet-empty').textContent()).toContain('本月还没有积分表');
      await page.goto(`/console/scoring?month=${past}`);
      await page.locator(`[data-testid="month-panel"][data-month="${past}"]`).waitFor();
      const [year, mm] = past.split('-');
      const named = `${year}年${Number(mm)}月`;
      expect(await page.getByTestId('sheet-empty').textContent()).toContain(`${named}还没有积分表`);
      expect(await page.getByTestId('dismissed-empty').textContent()).toContain(`${named}没有驳回的自动发现`);
      // (The month picker's 本月 button jumps to the current month: a button, not a label.)
      for (const panel of ['month-panel', 'dismissed-panel', 'proposals-panel']) expect(await page.getByTestId(panel).textContent()).not.toContain('本月');
    } finally {
      await context.close();
    }
  });

  it('staff: a base wage of 0 refused for a scored role; 停用 asks first', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      await logIn(page, 'supervisor', DEMO_PASSWORD_DEFAULT);
      await page.goto('/console/staff');
      await page.getByTestId('new-staff-username').fill('wage0');
      await page.getByTestId('new-staff-display-name').fill('零底薪');
      await page.getByTestId('new-staff-password').fill('secret-pass');
      await page.getByTestId('new-staff-wage').fill('0');
      await page.getByTestId('new-staff-role-presale').check();
      await page.getByTestId('new-staff-submit').click();
      await expect.poll(() => page.getByTestId('staff-create-error').textContent()).toContain('底薪须大于 0');
      expect(Number(((await server.db.query("SELECT COUNT(*) AS n FROM staff WHERE username = 'wage0'")) as Array<{ n: number }>)[0]!.n)).toBe(0);

      // 停用 opens a confirmation; cancelling leaves the account active.
      await page.getByTestId('staff-toggle-warehouse1').click();
      const box = page.getByTestId('staff-disable-box-warehouse1');
      await box.waitFor();
      expect(await box.textContent()).toContain('周强');
      await box.getByRole('button', { name: '取消' }).click();
      expect(await page.getByTestId('staff-disable-box-warehouse1').count()).toBe(0);
      const active = async () => Number(((await server.db.query("SELECT active FROM staff WHERE username = 'warehouse1'")) as Array<{ active: number }>)[0]!.active);
      expect(await active()).toBe(1);
      await page.getByTestId('staff-toggle-warehouse1').click();
      await page.getByTestId('staff-toggle-warehouse1-confirm').click();
      await expect.poll(active).toBe(0);
    } finally {
      await context.close();
    }
  });
});
