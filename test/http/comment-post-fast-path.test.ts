import { createServer } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { commentPostFastPath } from '../../src/http/comment-post-fast-path.js';
import type { AppDeps } from '../../src/http/deps.js';
import { expressMessageClasses } from '../../src/http/express-messages.js';
import { commentPosting } from '../../src/http/routes/comment-post.js';
import { buildComment } from '../helpers/builders.js';
import { cookiesFrom, postForm, validComment } from '../helpers/http.js';
import { closedSlug, formToken, seedSlug, startTestSite, type TestSite } from '../helpers/site.js';

// The same site served two ways, both on the server's Express-ready requests: by the comment fast
// path alone (anything it declines is a 599, so a case it should take cannot pass through the app
// unseen), and by the Express app alone.
const fastPathOnly = (deps: AppDeps) => {
  const posting = commentPosting(deps);
  const app = createApp(deps, posting);
  const fast = commentPostFastPath(deps, app, posting);
  return createServer(expressMessageClasses(app), (req, res) => {
    if (!fast(req, res)) res.writeHead(599).end();
  });
};
const expressOnly = (deps: AppDeps) => {
  const app = createApp(deps);
  return createServer(expressMessageClasses(app), app);
};

// Signed cookies must match across the two databases; rate limit low enough to reach.
const env = { SESSION_SECRET: 'a-test-secret-that-is-long-enough-for-both', COMMENT_RATE_LIMIT: '9' };
let fast: TestSite;
let app: TestSite;
beforeEach(async () => {
  [fast, app] = await Promise.all([startTestSite(env, undefined, fastPathOnly), startTestSite(env, undefined, expressOnly)]);
});
afterEach(async () => {
  await Promise.all([fast.close(), app.close()]);
});

/**
 * A response with what legitimately differs between two sites masked: each database's own form-token
 * secret, the request id, real-clock dates (Date, cookie Expires) and the ETag of a body that holds a token.
 */
async function normalized(res: Response) {
  const mask = (text: string) =>
    text
      .replace(/(bs_form=|name="token" value=")[\w.-]+/g, '$1TOKEN')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'REQUEST-ID')
      .replace(/Expires=[^;]+/g, 'Expires=DATE');
  const headers = [...res.headers.entries()]
    .filter(([name]) => name !== 'date' && name !== 'set-cookie')
    .map(([name, value]) => [name, name === 'etag' ? 'ETAG' : mask(value)]);
  return { status: res.status, headers, cookies: res.headers.getSetCookie().map(mask), body: mask(await res.text()) };
}

type Send = (site: TestSite) => Promise<Response>;
const post =
  (fields: Record<string, string>, headers: Record<string, string> = {}, slug = seedSlug): Send =>
  (site) =>
    postForm(`${site.url}/articles/${slug}/comments`, { token: formToken(site, slug), ...fields }, headers);
const postWithoutToken =
  (fields: Record<string, string>, slug: string): Send =>
  (site) =>
    postForm(`${site.url}/articles/${slug}/comments`, fields);
const raw =
  (body: string, type: string): Send =>
  (site) =>
    fetch(`${site.url}/articles/${seedSlug}/comments`, { method: 'POST', headers: { 'content-type': type }, body, redirect: 'manual' });

/** Sends to both sites, expects the given status from each, and returns the two responses, normalized. */
async function both(send: Send, status: number) {
  const [a, b] = await Promise.all([send(fast), send(app)]);
  expect([a.status, b.status]).toEqual([status, status]);
  return Promise.all([normalized(a), normalized(b)]);
}
const advance = (seconds: number) => {
  fast.clock.advance(seconds);
  app.clock.advance(seconds);
};

describe('the comment fast path answers exactly as the app does', () => {
  it('for a valid post, a flood, a duplicate, a rate-limited post and a returning commenter', async () => {
    const [firstFast, firstApp] = await Promise.all([
      post(validComment({ remember: 'yes' }))(fast),
      post(validComment({ remember: 'yes' }))(app),
    ]);
    expect([firstFast.status, firstApp.status]).toEqual([303, 303]);
    const returning = { fast: cookiesFrom(firstFast), app: cookiesFrom(firstApp) };
    expect(await normalized(firstFast)).toEqual(await normalized(firstApp));

    const [floodFast, floodApp] = await both(post(validComment({ comment: 'Again, at once.', email: 'b@example.com' })), 429);
    expect(floodFast).toEqual(floodApp);
    expect(floodFast.headers).toContainEqual(['retry-after', '15']);

    advance(20);
    const [dupFast, dupApp] = await both(post(validComment()), 409);
    expect(dupFast).toEqual(dupApp);

    advance(20);
    const [againFast, againApp] = await Promise.all([
      post(validComment({ comment: 'A second thought.' }), { cookie: returning.fast })(fast),
      post(validComment({ comment: 'A second thought.' }), { cookie: returning.app })(app),
    ]);
    expect([againFast.status, againApp.status]).toEqual([303, 303]);
    expect(await normalized(againFast)).toEqual(await normalized(againApp));
    expect(againFast.headers.getSetCookie().find((c) => c.startsWith('bs_own='))).toMatch(/^bs_own=s%3A\d+\.\d+\./);

    // Nine posts per address per ten minutes, refused ones included: that was the fourth, so five more reach the limit.
    for (let i = 0; i < 5; i++) {
      advance(20);
      await both(post(validComment({ comment: `Number ${i}`, email: `n${i}@example.com` })), 303);
    }
    advance(20);
    const [limitedFast, limitedApp] = await both(post(validComment({ comment: 'One too many.' })), 429);
    expect(limitedFast).toEqual(limitedApp);
    expect(limitedFast.headers.map(([name]) => name)).toEqual(expect.arrayContaining(['ratelimit', 'ratelimit-policy', 'retry-after']));
    expect(limitedFast.body).toContain('One too many.</textarea>');
  });

  const held = (site: TestSite) =>
    buildComment(site.deps, seedSlug, { status: 'pending', body: 'Held.', authorName: 'Held', authorEmail: 'held@example.com' });

  it.each<[string, Send, number, ((site: TestSite) => unknown)?]>([
    ['invalid fields', post({ comment: 'Kept <text>', author: '', email: 'nope' }), 422],
    ['a reply to a held comment', post(validComment({ parent: '1' })), 422, held],
    ['a closed article', post(validComment(), {}, closedSlug), 403],
    ['an unknown article', postWithoutToken(validComment(), 'no-such-article'), 404],
    ['invalid UTF-8', raw('comment=caf%E9&author=Ada&email=ada%40example.com', 'application/x-www-form-urlencoded'), 400],
    ['a JSON body', raw(JSON.stringify(validComment()), 'application/json'), 400],
    ['a body over the limit', raw(`comment=${'x'.repeat(300_000)}`, 'application/x-www-form-urlencoded'), 413],
  ])('for %s', async (_name, send, status, setup) => {
    for (const site of [fast, app]) setup?.(site);
    const [a, b] = await both(send, status);
    expect(a).toEqual(b);
  });
});

describe('request logging', () => {
  it('writes one line per request with its id, the same line on the fast path and through the app', async () => {
    const lines: Record<string, unknown>[] = [];
    const capture = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    for (const site of [fast, app]) site.deps.logger = pino({ level: 'info' }, capture);
    const [a, b] = await Promise.all([
      post(validComment(), { 'x-request-id': 'proxy-id-1' })(fast),
      post(validComment(), { 'x-request-id': 'proxy-id-2' })(app),
    ]);
    expect([a.headers.get('x-request-id'), b.headers.get('x-request-id')]).toEqual(['proxy-id-1', 'proxy-id-2']);
    await new Promise((resolve) => setImmediate(resolve));
    const shape = (id: string) => ({
      level: 30,
      req: { id, method: 'POST', url: `/articles/${seedSlug}/comments` },
      res: { statusCode: 303 },
      responseTime: expect.any(Number),
      msg: 'request completed',
    });
    expect(lines).toHaveLength(2);
    expect(lines).toContainEqual(expect.objectContaining(shape('proxy-id-1')));
    expect(lines).toContainEqual(expect.objectContaining(shape('proxy-id-2')));
  });
});
