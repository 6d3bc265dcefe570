import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addModerator } from '../../src/services/moderator-auth.js';
import { axeViolations, type Browser, hasBrowser, launchBrowser, screenshots, watchConsole } from '../helpers/browser.js';
import { buildComment } from '../helpers/builders.js';
import { moderatorPassword } from '../helpers/moderator.js';
import { formToken, seedSlug, startTestSite, type TestSite } from '../helpers/site.js';

const focusedRow = (page: Page) => page.evaluate(() => Number(document.activeElement?.id.replace('row-', '')));

describe.skipIf(!hasBrowser)('a moderator in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  beforeAll(async () => {
    site = await startTestSite();
    browser = await launchBrowser();
    await addModerator(site.deps, 'editor', moderatorPassword, site.clock.now());
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  // A fresh browser signed in as the editor, on the queue; console errors are watched from the start.
  async function signedIn() {
    const page = await (await browser.newContext()).newPage();
    const errors = watchConsole(page);
    await page.goto(`${site.url}/moderation/login`);
    await page.getByLabel('Username').fill('editor');
    await page.getByLabel('Password').fill(moderatorPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/moderation$/);
    return { page, errors };
  }

  it('signs in, approves, rescues from spam, bulk-trashes by filter, reads the log and signs out', async () => {
    // A held comment posted through the real form, with the filter's reasons stored.
    const form = new URLSearchParams({
      comment:
        'Has anyone compared Aliyun OS with stock Android on a Meizu phone? Sources: https://a.example/review and https://b.example/specs',
      author: 'Hana',
      email: 'hana@example.com',
      token: formToken(site, seedSlug),
    });
    const posted = await fetch(`${site.url}/articles/${seedSlug}/comments`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const held = Number(posted.headers.get('location')?.split('-').at(-1));
    const wronged = buildComment(site.deps, seedSlug, {
      status: 'spam',
      authorName: 'Ravi',
      body: 'I think the Acer story shows Google holds all the cards here.',
    });
    for (let i = 0; i < 20; i++)
      buildComment(site.deps, seedSlug, { status: 'pending', authorName: 'Bot', body: `Cheap replica watches offer number ${i}` });

    const page = await (await browser.newContext()).newPage();
    const errors = watchConsole(page);
    await page.goto(`${site.url}/moderation`);
    await page.getByLabel('Username').fill('editor');
    await page.getByLabel('Password').fill(moderatorPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/moderation$/);

    const row = page.locator(`#row-${held}`);
    expect(await row.innerText()).toContain('2 links (holds at 2)');
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'moderation-pending');
    await row.getByRole('button', { name: 'Approve' }).click();
    await page.waitForSelector('.flash');
    expect(await page.locator('.flash').innerText()).toContain('pending → approved');

    const reader = await (await browser.newContext()).newPage();
    await reader.goto(`${site.url}/articles/${seedSlug}`);
    expect(await reader.locator(`#comment-${held}`).innerText()).toContain('Has anyone compared Aliyun OS');

    await page.getByRole('link', { name: /^Spam/ }).click();
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'moderation-spam');
    await page.locator(`#row-${wronged}`).getByRole('button', { name: 'Not spam' }).click();
    await page.waitForSelector('.flash');
    expect(site.deps.comments.findById(wronged)?.status).toBe('approved');

    await page.goto(`${site.url}/moderation?status=pending&q=replica+watches`);
    await page.getByLabel('Bulk action').selectOption('trash');
    await page.getByRole('button', { name: /Apply to all 20 matching/ }).click();
    expect(await page.locator('h1').innerText()).toBe('Confirm: Trash 20 comments?');
    await page.getByRole('button', { name: 'Trash 20 comments' }).click();
    await page.waitForSelector('.flash');
    expect(site.deps.queue.countsByStatus().trash).toBe(20);

    await page.getByRole('link', { name: 'Audit log' }).click();
    const log = await page.locator('table.log').innerText();
    expect(log).toContain(`#${held}`);
    expect(log).toContain(`#${wronged}`);
    expect((log.match(/bulk/g) ?? []).length).toBeGreaterThanOrEqual(20);
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'moderation-log');

    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.waitForURL(/\/moderation\/login/);
    await page.goto(`${site.url}/moderation`);
    expect(page.url()).toContain('/moderation/login');
    expect(errors).toEqual([]);
  });

  it('works the queue from the keyboard', async () => {
    const first = buildComment(site.deps, seedSlug, { status: 'pending', body: 'Keyboard one' });
    const { page } = await signedIn();
    await page.locator('body').press('j');
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/^row-\d+$/);
    const focused = Number((await page.evaluate(() => document.activeElement?.id))?.slice(4));
    expect(focused).toBe(first); // the only comment still pending
    await page.keyboard.press('a');
    await page.waitForSelector('.flash');
    expect(site.deps.comments.findById(focused)?.status).toBe('approved');
    await page.keyboard.press('z');
    await page.waitForSelector('.flash >> text=Undone');
    expect(site.deps.comments.findById(focused)?.status).toBe('pending');
  });

  it('keeps the moderator’s place in the queue after each keyboard action', async () => {
    const [oldest, middle, newest] = ['Place one', 'Place two', 'Place three'].map((body) =>
      buildComment(site.deps, seedSlug, { status: 'pending', body }),
    ) as [number, number, number];
    const { page, errors } = await signedIn();
    // Only this test's rows: an earlier test leaves one of its own pending.
    await page.goto(`${site.url}/moderation?status=pending&q=Place`);

    await page.locator('body').press('j');
    await page.keyboard.press('j');
    expect(await focusedRow(page)).toBe(middle);
    await page.keyboard.press('s');
    await page.waitForSelector(`.flash >> text=Comment #${middle}`);
    expect(site.deps.comments.findById(middle)?.status).toBe('spam');
    // The row that took its place is current, so the next key acts on it without moving first.
    expect(await focusedRow(page)).toBe(oldest);
    expect(await page.locator('.queue-row.current').count()).toBe(1);
    await screenshots(page, 'moderation-keyboard-landed');

    await page.keyboard.press('a');
    await page.waitForSelector(`.flash >> text=Comment #${oldest}`);
    expect(site.deps.comments.findById(oldest)?.status).toBe('approved');
    expect(await focusedRow(page)).toBe(newest); // the last row went, so the one before it
    await page.keyboard.press('t');
    await page.waitForSelector(`.flash >> text=Comment #${newest}`);
    expect(site.deps.comments.findById(newest)?.status).toBe('trash');
    expect(await page.locator('.queue-row').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('keeps the moderator’s place in the queue after a bulk action on selected rows', async () => {
    const [first, second, third, fourth] = ['Batch one', 'Batch two', 'Batch three', 'Batch four'].map((body) =>
      buildComment(site.deps, seedSlug, { status: 'pending', body }),
    ) as [number, number, number, number];
    const { page, errors } = await signedIn();
    await page.goto(`${site.url}/moderation?status=pending&q=Batch`);

    // Queue order is newest first: four, three, two, one. Ticking three and two leaves one below them.
    await page.locator(`#select-${third}`).check();
    await page.locator(`#select-${second}`).check();
    await page.getByLabel('Bulk action').selectOption('spam');
    await page.getByRole('button', { name: 'Apply to selected' }).click();
    await page.waitForSelector('.flash >> text=Spam: 2 comments done');
    expect([second, third].map((id) => site.deps.comments.findById(id)?.status)).toEqual(['spam', 'spam']);
    expect(await focusedRow(page)).toBe(first);
    expect(await page.locator('.queue-row.current').count()).toBe(1);

    // The next key acts on the landed row, as after a single action.
    await page.keyboard.press('a');
    await page.waitForSelector(`.flash >> text=Comment #${first}`);
    expect(await focusedRow(page)).toBe(fourth);
    expect(errors).toEqual([]);
  });
});
