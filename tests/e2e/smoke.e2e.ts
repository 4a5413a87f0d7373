import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser';

describe('app shell (Chromium)', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads / and shows the shell, navigation and live system status', async () => {
    await page.goto(inject('appUrl'));
    await expect(page.getByTestId('app-title').textContent()).resolves.toContain('Funding Arb Terminal');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const label of ['Home', 'Funding table', 'Best opportunities', 'Terminal', 'Log in', 'Register']) {
      expect(await nav.getByText(label, { exact: true }).count()).toBe(1);
    }
    expect(await page.getByTestId('system-status').textContent()).toContain('database: up');
    expect(await page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
    await screenshot(page, 'home');
    expect(errors).toEqual([]);
  });

  it('toggles the colour scheme after hydration', async () => {
    await page.getByRole('button', { name: /Switch to light colour scheme/ }).click();
    await page.waitForFunction(() => document.documentElement.dataset.mantineColorScheme === 'light');
    await page.getByRole('button', { name: /Switch to dark colour scheme/ }).click();
    await page.waitForFunction(() => document.documentElement.dataset.mantineColorScheme === 'dark');
  });

  it('renders unknown pages as a 404 inside the shell', async () => {
    const res = await page.goto(`${inject('appUrl')}/nowhere`);
    expect(res?.status()).toBe(404);
    expect(await page.getByTestId('error-page').textContent()).toContain('Page not found');
    expect(await page.getByTestId('app-title').count()).toBe(1);
    await screenshot(page, 'not-found');
  });
});
