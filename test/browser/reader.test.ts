import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moderateComment } from '../../src/services/moderate-comment.js';
import { axeViolations, type Browser, fillCommentForm, hasBrowser, launchBrowser, screenshots, watchConsole } from '../helpers/browser.js';
import { buildComment } from '../helpers/builders.js';
import { seedSlug, startTestSite, type TestSite } from '../helpers/site.js';

describe.skipIf(!hasBrowser)('a reader in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  beforeAll(async () => {
    site = await startTestSite();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('reads the front page and the article, with no accessibility violations', async () => {
    const page = await (await browser.newContext()).newPage();
    const errors = watchConsole(page);
    await page.goto(site.url);
    await page.getByRole('link', { name: 'Alibaba buys $590m stake in Meizu to boost Aliyun mobile OS' }).click();
    expect(await page.locator('h1').textContent()).toBe('Alibaba buys $590m stake in Meizu to boost Aliyun mobile OS');
    expect(await page.locator('article.story time').getAttribute('datetime')).toBe('2015-02-09T00:00:00.000Z');
    expect(await page.locator('.story-body').innerText()).toContain('Since no Android vendors would therefore go anywhere near Aliyun');
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'article');
    await page.goto(site.url);
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'home');
    await page.goto(`${site.url}/privacy`);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.goto(`${site.url}/no-such-page`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'not-found');
  });

  it('posts a comment that only its poster sees until it is approved, then replies to it', async () => {
    const reader = await (await browser.newContext()).newPage();
    const other = await (await browser.newContext()).newPage();
    const errors = watchConsole(reader);
    await reader.goto(`${site.url}/articles/${seedSlug}`);
    await fillCommentForm(reader, {
      comment: 'Meizu gets cash, Alibaba gets phones. But will anyone outside China want Aliyun?',
      name: 'Lin',
      email: 'lin@example.com',
      website: 'https://lin.example',
    });
    site.clock.advance(5); // a person takes more than the 3-second minimum to write
    await reader.getByRole('button', { name: 'Post Comment' }).click();
    await reader.waitForURL(/#comment-\d+$/);
    const id = Number(reader.url().split('-').at(-1));
    const mine = reader.locator(`#comment-${id}`);
    expect(await mine.innerText()).toContain('Your comment is awaiting moderation.');

    await other.goto(`${site.url}/articles/${seedSlug}`);
    expect(await other.locator(`#comment-${id}`).count()).toBe(0);

    moderateComment(site.deps, { commentId: id, action: 'approve', actor: { id: null, username: 'test' }, now: site.clock.now() });
    await other.reload();
    expect(await other.locator(`#comment-${id}`).innerText()).toContain('will anyone outside China want Aliyun?');
    expect(await other.locator(`#comment-${id} .comment-author a`).getAttribute('rel')).toBe('nofollow ugc noopener');
    await reader.reload();
    expect(await reader.locator(`#comment-${id}`).innerText()).not.toContain('awaiting moderation');

    // The other reader replies; with JavaScript the form moves under the comment.
    site.clock.advance(30);
    await other.getByRole('link', { name: 'Reply to Lin' }).click();
    expect(await other.locator(`#comment-${id} #respond`).count()).toBe(1);
    await fillCommentForm(other, {
      comment: 'Outside China, probably not. Inside, it only needs Meizu buyers.',
      name: 'Sam',
      email: 'sam@example.com',
    });
    await other.getByRole('button', { name: 'Post Comment' }).click();
    await other.waitForURL(/#comment-\d+$/);
    const replyId = Number(other.url().split('-').at(-1));
    expect(await other.locator(`#comment-${id} .children #comment-${replyId}`).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('shows errors beside the fields and keeps the text when the email is bad', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${site.url}/articles/${seedSlug}`);
    await fillCommentForm(page, { comment: 'A long and careful comment I do not want to lose.', name: 'Kim', email: 'kim-at-example' });
    await page.getByRole('button', { name: 'Post Comment' }).click();
    await page.waitForSelector('.error-summary');
    expect(await page.locator('.error-summary').innerText()).toContain('Please enter a valid email address');
    expect(await page.getByLabel('Comment', { exact: true }).inputValue()).toBe('A long and careful comment I do not want to lose.');
    expect(await page.getByLabel('Email', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'form-errors');
  });

  describe('cancelling a reply keeps what was typed', () => {
    const draft = 'A reply I started, then thought better of replying to.';
    let grace: number;
    beforeAll(() => {
      grace = buildComment(site.deps, seedSlug, { authorName: 'Grace', body: 'Something worth replying to.' });
    });
    const expectTopLevelFormWithDraft = async (page: Page) => {
      expect(await page.getByLabel('Comment', { exact: true }).inputValue()).toBe(draft);
      expect(await page.locator('#parent').inputValue()).toBe('');
      expect(await page.locator('#reply-title').innerText()).toBe('Leave a comment');
      expect(await page.locator(`#comment-${grace} #respond`).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Cancel reply' }).count()).toBe(0);
    };

    it('with JavaScript, after Reply moved the form', async () => {
      const page = await (await browser.newContext()).newPage();
      const errors = watchConsole(page);
      await page.goto(`${site.url}/articles/${seedSlug}`);
      await page.getByRole('link', { name: 'Reply to Grace' }).click();
      expect(await page.locator(`#comment-${grace} #respond`).count()).toBe(1);
      await page.getByLabel('Comment', { exact: true }).fill(draft);
      await page.getByRole('button', { name: 'Cancel reply' }).click();
      await expectTopLevelFormWithDraft(page);
      expect(errors).toEqual([]);
    });

    it('with JavaScript, on a page opened at ?replyto=', async () => {
      const page = await (await browser.newContext()).newPage();
      const errors = watchConsole(page);
      await page.goto(`${site.url}/articles/${seedSlug}?replyto=${grace}#respond`);
      expect(await page.locator('#reply-title').innerText()).toContain('Leave a reply to Grace');
      await page.getByLabel('Comment', { exact: true }).fill(draft);
      // A mark on this document: it survives only if cancelling did not load another page.
      await page.evaluate(() => Object.assign(window, { sameDocument: true }));
      await page.getByRole('button', { name: 'Cancel reply' }).click();
      await expectTopLevelFormWithDraft(page);
      expect(await page.evaluate(() => 'sameDocument' in window)).toBe(true);
      // A reload now offers a plain comment form, not the reply again.
      expect(page.url()).toBe(`${site.url}/articles/${seedSlug}#respond`);
      expect(errors).toEqual([]);
    });

    it('without JavaScript, and then posts the text as a new comment', async () => {
      const context = await browser.newContext();
      await context.route('**/js/reply.js*', (route) => route.abort());
      const page = await context.newPage();
      await page.goto(`${site.url}/articles/${seedSlug}`);
      await page.getByRole('link', { name: 'Reply to Grace' }).click();
      await page.waitForURL(/replyto=/);
      await fillCommentForm(page, { comment: draft, name: 'Noor', email: 'noor@example.com' });
      await page.getByRole('button', { name: 'Cancel reply' }).click();
      await page.waitForLoadState();
      await expectTopLevelFormWithDraft(page);
      expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Noor');
      expect(await axeViolations(page)).toEqual([]);
      site.clock.advance(30);
      await page.getByRole('button', { name: 'Post Comment' }).click();
      await page.waitForURL(/#comment-\d+$/);
      const id = Number(page.url().split('-').at(-1));
      expect(site.deps.comments.findById(id)).toMatchObject({ parentId: null, body: draft });
    });
  });

  it('sends a spammy comment to spam without tipping off the spammer', async () => {
    const spammer = await (await browser.newContext()).newPage();
    await spammer.goto(`${site.url}/articles/${seedSlug}`);
    await fillCommentForm(spammer, {
      comment: 'Best casino bonus! Free spins at http://casino-win.top, http://slots-bonus.top and http://bet-now.top',
      name: 'Casino Bonus',
      email: 'promo@casino-win.top',
    });
    site.clock.advance(20); // past the flood window of the earlier tests' posts from this same IP
    await spammer.getByRole('button', { name: 'Post Comment' }).click();
    await spammer.waitForURL(/#comment-\d+$/);
    const id = Number(spammer.url().split('-').at(-1));
    expect(site.deps.comments.findById(id)?.status).toBe('spam');
    expect(await spammer.locator(`#comment-${id}`).innerText()).toContain('Your comment is awaiting moderation.');
    const reader = await (await browser.newContext()).newPage();
    await reader.goto(`${site.url}/articles/${seedSlug}`);
    expect(await reader.locator(`#comment-${id}`).count()).toBe(0);
    expect(await reader.content()).not.toContain('casino-win');
  });

  it('shows a three-level thread that passes axe', async () => {
    const a = buildComment(site.deps, seedSlug, {
      authorName: 'Priya',
      authorUrl: 'https://priya.example',
      body: 'Alibaba has the cash; what it lacks is a hardware partner who ships volume. Meizu fits.',
    });
    const b = buildComment(site.deps, seedSlug, {
      parentId: a,
      authorName: 'Tom',
      body: '> Meizu fits\n\nDoes it? Meizu sold maybe 20 million phones last year.',
    });
    buildComment(site.deps, seedSlug, {
      parentId: b,
      authorName: 'Priya',
      body: 'Twenty million is a start. See https://example.com/meizu-sales for the figures.',
    });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${site.url}/articles/${seedSlug}#comments`);
    expect(await page.locator('.children .children .comment').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'thread');
  });
});
