import { signBuyerLink } from '@kefu/server/modules/chat/chat.identity';
import { TEST_BUYER_LINK_SECRET } from '@kefu/server/testing/harness';
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import type { Browser, Page } from 'playwright-core';
import { openPage } from './browser.ts';

/** Logs in through the login page and waits for the console's navigation. */
export async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('console-nav').waitFor();
}

export async function logOut(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await page.getByTestId('login-form').waitFor();
}

/** The section ids the console's navigation shows, in order (from `nav-<section>` test ids). */
export async function visibleSections(page: Page): Promise<string[]> {
  const ids = await page
    .getByTestId('console-nav')
    .locator('[data-testid^="nav-"]')
    .evaluateAll((links) => links.map((link) => link.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.replace(/^nav-/, ''));
}

/** The buyer page as the shop's site links to it for a logged-in buyer (issue 11), signed with the test servers' secret. */
export function signedChatPath(buyerId: string, orderNo?: string): string {
  const ts = Math.floor(Date.now() / 1000);
  const sig = signBuyerLink(TEST_BUYER_LINK_SECRET, buyerId, ts);
  const params = new URLSearchParams({ buyer: buyerId, ts: String(ts), sig, ...(orderNo ? { orderNo } : {}) });
  return `/chat?${params.toString()}`;
}

/** A fresh page (own cookies) logged in as a demo staff member, on the console. */
export async function staffPage(browser: Browser, baseUrl: string, username: string): Promise<Page> {
  const { page } = await openPage(browser, baseUrl);
  await logIn(page, username, DEMO_PASSWORD_DEFAULT);
  return page;
}
