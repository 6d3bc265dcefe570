import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildComment } from '../helpers/builders.js';
import { cookiesFrom, postForm, validComment } from '../helpers/http.js';
import { formToken, seedSlug, startTestSite, type TestSite } from '../helpers/site.js';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite({ SPAM_BLOCK_WORDS: 'replica watches' });
});
afterEach(() => site.close());

const articleUrl = () => `${site.url}/articles/${seedSlug}`;
const post = (fields: Record<string, string>) => postForm(`${articleUrl()}/comments`, fields);
const idOf = (res: Response) => Number(res.headers.get('location')?.split('-').at(-1));

describe('spam scoring on posting', () => {
  const spammy = validComment({
    comment: 'Best online casino bonus! Free spins at http://casino-win.top and http://slots-bonus.top, plus http://bet-now.top',
    author: 'Casino Bonus Codes',
    email: 'promo@casino-win.top',
  });

  it('stores spam as spam with its score and reasons, and shows the poster the usual held note', async () => {
    const res = await post({ ...spammy, token: formToken(site, seedSlug) });
    expect(res.status).toBe(303);
    const stored = site.deps.comments.findById(idOf(res));
    expect(stored?.status).toBe('spam');
    expect(stored?.spamScore).toBeGreaterThan(0.7);
    const reasons = JSON.parse(stored?.spamReasons ?? '[]') as { message: string }[];
    expect(reasons.map((r) => r.message).join('\n')).toMatch(/3 links \(holds at 2\)/);
    const poster = await (await fetch(articleUrl(), { headers: { cookie: cookiesFrom(res) } })).text();
    expect(poster).toContain('Your comment is awaiting moderation.');
    expect(await (await fetch(articleUrl())).text()).not.toContain('casino-win');
  });

  it('treats a post without the form token, or faster than a person types, as suspect', async () => {
    const noToken = await post(validComment());
    expect(site.deps.comments.findById(idOf(noToken))?.spamReasons).toContain('without the form token');
    site.clock.advance(20);
    const fast = await post(validComment({ comment: 'Quick one.', email: 'q@example.com', token: formToken(site, seedSlug, 1) }));
    expect(site.deps.comments.findById(idOf(fast))?.spamReasons).toContain('after the form was shown (minimum 3 s)');
  });

  it('calls a filled honeypot spam', async () => {
    const res = await post(validComment({ token: formToken(site, seedSlug), subject: 'Buy now' }));
    expect(site.deps.comments.findById(idOf(res))?.status).toBe('spam');
  });

  it('blocks words from the configured list on word boundaries', async () => {
    const res = await post(validComment({ comment: 'Great piece. Also: replica watches, cheap.', token: formToken(site, seedSlug) }));
    expect(site.deps.comments.findById(idOf(res))?.status).toBe('spam');
  });

  it('publishes a clean comment at once under MODERATION=open', async () => {
    await site.close();
    site = await startTestSite({ MODERATION: 'open' });
    const res = await post(validComment({ token: formToken(site, seedSlug) }));
    expect(site.deps.comments.findById(idOf(res))?.status).toBe('approved');
  });

  it('holds everything under MODERATION=all, even a trusted author', async () => {
    await site.close();
    site = await startTestSite({ MODERATION: 'all' });
    const res = await post(validComment({ token: formToken(site, seedSlug) }));
    expect(site.deps.comments.findById(idOf(res))?.status).toBe('pending');
  });
});

describe('the per-IP posting limit', () => {
  it('answers 429 with Retry-After and the text kept once an address has posted too much', async () => {
    await site.close();
    site = await startTestSite({ COMMENT_RATE_LIMIT: '2', COMMENT_FLOOD_SECONDS: '0' });
    for (const n of [1, 2]) {
      const ok = await post(validComment({ comment: `Post number ${n}`, token: formToken(site, seedSlug) }));
      expect(ok.status).toBe(303);
    }
    const limited = await post(validComment({ comment: 'The third, kept for me.', token: formToken(site, seedSlug) }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('600');
    expect(await limited.text()).toContain('The third, kept for me.</textarea>');
  });

  it('does not count "Cancel reply" presses (the no-script form button) as posts', async () => {
    await site.close();
    site = await startTestSite({ COMMENT_RATE_LIMIT: '2', COMMENT_FLOOD_SECONDS: '0' });
    const top = buildComment(site.deps, seedSlug, { authorName: 'Grace' });
    for (const n of [1, 2, 3, 4]) {
      const cancelled = await post(validComment({ comment: `Draft ${n}`, parent: String(top), cancel: 'reply' }));
      expect(cancelled.status).toBe(200);
      expect(await cancelled.text()).toContain(`Draft ${n}</textarea>`);
    }
    for (const n of [1, 2]) {
      const ok = await post(validComment({ comment: `Post number ${n}`, token: formToken(site, seedSlug) }));
      expect(ok.status).toBe(303);
    }
    expect((await post(validComment({ comment: 'One too many', token: formToken(site, seedSlug) }))).status).toBe(429);
  });
});
