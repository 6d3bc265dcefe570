import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { projectRoot } from '../../src/paths.js';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasBrowser = existsSync(chromiumPath);

// On CI a missing browser is a broken setup, not a reason to skip the tests a person relies on.
if (!hasBrowser && process.env.CI === 'true') {
  throw new Error(`Chromium is not installed at ${chromiumPath}; .ci/run installs it with apt-get install -y chromium.`);
}

const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type Browser = { newContext: () => Promise<BrowserContext>; close: () => Promise<void> };

/** Each context is a separate Chromium profile in a fresh user-data-dir: a different reader. */
export async function launchBrowser(): Promise<Browser> {
  const contexts: { context: BrowserContext; dir: string }[] = [];
  return {
    async newContext() {
      const dir = mkdtempSync(join(tmpdir(), 'broadsheet-chromium-'));
      const context = await chromium.launchPersistentContext(dir, {
        executablePath: chromiumPath,
        headless: true,
        args: flags,
        viewport: { width: 1280, height: 900 },
      });
      contexts.push({ context, dir });
      return context;
    },
    async close() {
      for (const { context, dir } of contexts) {
        await context.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Collects console errors (CSP violations among them) so a test can assert there were none. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

export const screenshotDir = join(projectRoot, 'test-results', 'screenshots');

/** Saves full-page screenshots at desktop and phone widths for a person to look at. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(screenshotDir, `${name}-${width}.png`), fullPage: true });
    // The first screen at phone width, large enough to read when looking at the full page is not.
    if (width === 375) await page.screenshot({ path: join(screenshotDir, `${name}-${width}-top.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Fills the comment form by its visible labels, as a reader would. Website is optional. */
export async function fillCommentForm(
  page: Page,
  fields: { comment: string; name: string; email: string; website?: string },
): Promise<void> {
  await page.getByLabel('Comment', { exact: true }).fill(fields.comment);
  await page.getByLabel('Name', { exact: true }).fill(fields.name);
  await page.getByLabel('Email', { exact: true }).fill(fields.email);
  if (fields.website !== undefined) await page.getByLabel('Website', { exact: true }).fill(fields.website);
}
