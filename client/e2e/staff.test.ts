import { sectionsFor } from '@kefu/shared/domain/staff/roles';
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import type { TestServer } from '@kefu/server/testing/harness';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startBrowserWorld, stopBrowserWorld } from './browser.ts';
import { logIn, logOut, visibleSections } from './session.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});

afterAll(() => stopBrowserWorld({ server, browser }));

describe('staff accounts in the console', () => {
  it('sends an anonymous visitor to the login page and shows why a login failed', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      await page.goto('/console/staff');
      await page.getByTestId('login-form').waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');

      await page.getByTestId('login-username').fill('supervisor');
      await page.getByTestId('login-password').fill('not-the-password');
      await page.getByTestId('login-submit').click();
      const error = page.getByTestId('login-error');
      await error.waitFor();
      expect((await error.textContent())?.trim()).not.toBe('');
      expect(await page.getByTestId('console-nav').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('lets the supervisor create a pre-sale agent who also prints, who then sees exactly their sections', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      await logIn(page, 'supervisor', DEMO_PASSWORD_DEFAULT);
      await page.getByTestId('nav-staff').click();
      await page.getByTestId('staff-table').waitFor();

      await page.getByTestId('new-staff-username').fill('zhangwei');
      await page.getByTestId('new-staff-display-name').fill('张伟');
      await page.getByTestId('new-staff-password').fill('zhangwei-2026');
      await page.getByTestId('new-staff-wage').fill('3200.50');
      await page.getByTestId('new-staff-role-presale').check();
      await page.getByTestId('new-staff-role-printer').check();
      await page.getByTestId('new-staff-submit').click();

      const row = page.getByTestId('staff-row-zhangwei');
      await row.waitFor();
      const rowText = await row.textContent();
      expect(rowText).toContain('张伟');
      expect(rowText).toContain('售前客服');
      expect(rowText).toContain('打单人员');
      expect(await row.getByTestId('staff-wage').textContent()).toBe('¥3,200.50');

      // The same username again is refused, and the supervisor is told so.
      await page.getByTestId('new-staff-username').fill('zhangwei');
      await page.getByTestId('new-staff-display-name').fill('张伟二');
      await page.getByTestId('new-staff-password').fill('zhangwei-2026');
      await page.getByTestId('new-staff-wage').fill('3000');
      await page.getByTestId('new-staff-role-presale').check();
      await page.getByTestId('new-staff-submit').click();
      await page.getByTestId('staff-create-error').waitFor();
      expect(await page.getByTestId('staff-create-error').textContent()).toContain('操作冲突');

      await logOut(page);

      await logIn(page, 'zhangwei', 'zhangwei-2026');
      expect(await page.getByTestId('current-user').textContent()).toBe('张伟');
      const sections = await visibleSections(page);
      expect(sections).toEqual(sectionsFor(['presale', 'printer']));
      expect(sections).toEqual(expect.arrayContaining(['chat', 'orders', 'printing']));
      expect(sections).not.toContain('staff');
      expect(sections).not.toContain('scoring');

      // Typing the address of a section they don't have explains instead of showing it.
      await page.goto('/console/staff');
      await page.getByTestId('no-access').waitFor();
      expect(await page.getByTestId('staff-table').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('switches to English and remembers it', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      await logIn(page, 'printer1', DEMO_PASSWORD_DEFAULT);
      expect(await page.getByTestId('nav-printing').textContent()).toBe('打单');
      await page.getByTestId('language-switch').selectOption('en');
      expect(await page.getByTestId('nav-printing').textContent()).toBe('Printing');
      await page.reload();
      await page.getByTestId('console-nav').waitFor();
      expect(await page.getByTestId('nav-printing').textContent()).toBe('Printing');
      await page.getByTestId('nav-roster').click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Duty roster');
    } finally {
      await context.close();
    }
  });
});
