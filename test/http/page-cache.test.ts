import { readFileSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSiteServer } from '../../src/app.js';
import { openSite } from '../../src/bootstrap.js';
import type { AppDeps } from '../../src/http/deps.js';
import { moderateComment } from '../../src/services/moderate-comment.js';
import { syncContent } from '../../src/services/sync-content.js';
import { buildComment } from '../helpers/builders.js';
import { cookiesFrom, postForm, validComment } from '../helpers/http.js';
import { formToken, seedSlug, startTestSite, type TestSite } from '../helpers/site.js';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(() => site.close());

const articleUrl = () => `${site.url}/articles/${seedSlug}`;
const actor = { id: null, username: 'test' };
const moderate = (deps: AppDeps, commentId: number, action: 'approve' | 'unapprove' | 'spam' | 'trash' | 'not-spam') =>
  moderateComment(deps, { commentId, action, actor, now: site.clock.now() });

describe('the article page cache', () => {
  it('serves the same public bytes with a strong ETag, 304 on a match, and precompressed copies', async () => {
    const first = await fetch(articleUrl(), { headers: { 'accept-encoding': 'identity' } });
    const body = await first.text();
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]{32}"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=60, stale-while-revalidate=300');
    expect(first.headers.get('vary')).toBe('Accept-Encoding, Cookie');
    expect(first.headers.get('last-modified')).toBeTruthy();
    expect(first.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    const again = await fetch(articleUrl(), { headers: { 'accept-encoding': 'identity' } });
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe(body);

    const notModified = await fetch(articleUrl(), { headers: { 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');

    for (const [encoding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const raw = await rawGet(`/articles/${seedSlug}`, { 'accept-encoding': encoding });
      expect(raw.headers['content-encoding']).toBe(encoding);
      expect(decode(raw.body).toString()).toBe(body);
    }
  });

  it('gives each encoding its own strong ETag and answers 304 only for a copy the reader can use', async () => {
    const path = `/articles/${seedSlug}`;
    const tags = new Map<string, string>();
    for (const encoding of ['identity', 'gzip', 'br']) {
      tags.set(encoding, String((await rawGet(path, { 'accept-encoding': encoding })).headers.etag));
    }
    expect(new Set(tags.values()).size).toBe(3);

    // A cache holding the gzip copy revalidates with its tag: the reader takes brotli or gzip, so that copy is still good.
    const revalidated = await rawGet(path, { 'accept-encoding': 'br, gzip', 'if-none-match': `"stale", ${tags.get('gzip')}` });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.etag).toBe(tags.get('gzip'));

    // A reader who takes no compression cannot use the gzip copy, so it gets the page itself.
    const plain = await rawGet(path, { 'accept-encoding': 'identity', 'if-none-match': String(tags.get('gzip')) });
    expect(plain.status).toBe(200);
    expect(plain.headers.etag).toBe(tags.get('identity'));
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it.each([
    ['gzip, deflate, br', 'br'],
    ['GZIP;q=0.8, br;q=0', 'gzip'],
    ['br;q=0.0, gzip ; q=0.5', 'gzip'],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0, *', undefined],
    ['deflate', undefined],
    ['', undefined],
    ['br<12,000 spaces>;q=0, gzip', 'gzip'],
  ])('reads Accept-Encoding %j as taking %s', async (acceptEncoding, expected) => {
    const header = acceptEncoding.replace('<12,000 spaces>', ' '.repeat(12_000));
    const raw = await rawGet(`/articles/${seedSlug}`, { 'accept-encoding': header });
    expect(raw.status).toBe(200);
    expect(raw.headers['content-encoding']).toBe(expected);
  });

  it('changes when a comment is approved, unapproved, spammed, trashed or rescued', async () => {
    const id = buildComment(site.deps, seedSlug, { status: 'pending', body: 'Cache-visible remark' });
    const visible = async () => (await (await fetch(articleUrl())).text()).includes('Cache-visible remark');
    expect(await visible()).toBe(false);
    moderate(site.deps, id, 'approve');
    expect(await visible()).toBe(true);
    moderate(site.deps, id, 'unapprove');
    expect(await visible()).toBe(false);
    moderate(site.deps, id, 'approve');
    expect(await visible()).toBe(true);
    moderate(site.deps, id, 'spam');
    expect(await visible()).toBe(false);
    moderate(site.deps, id, 'not-spam');
    expect(await visible()).toBe(true);
    moderate(site.deps, id, 'trash');
    expect(await visible()).toBe(false);
  });

  it('changes when the content is re-synced', async () => {
    await fetch(articleUrl());
    const file = join(site.dir, 'content', `${seedSlug}.md`);
    writeFileSync(file, readFileSync(file, 'utf8').replace('Chinese e-commerce giant', 'Chinese e-commerce titan'));
    await syncContent(join(site.dir, 'content'), site.deps.articles, site.clock.now(), site.deps.changes);
    expect(await (await fetch(articleUrl())).text()).toContain('Chinese e-commerce titan');
  });

  it('serves both feeds compressed, with a tag a polling reader gets a 304 for, until a change', async () => {
    const id = buildComment(site.deps, seedSlug, { status: 'pending', body: 'Feed-visible remark' });
    const commentsFeed = `/articles/${seedSlug}/comments.xml`;
    for (const path of ['/feed.xml', commentsFeed]) {
      const first = await rawGet(path, { 'accept-encoding': 'gzip' });
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
      expect(first.headers['cache-control']).toBe('public, max-age=300');
      expect(first.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(first.body).toString()).toMatch(/^<\?xml[\s\S]*<\/feed>$/);
      const polled = await rawGet(path, { 'accept-encoding': 'gzip', 'if-none-match': String(first.headers.etag) });
      expect(polled.status).toBe(304);
    }

    const before = await rawGet(commentsFeed, { 'accept-encoding': 'identity' });
    expect(before.body.toString()).not.toContain('Feed-visible remark');
    moderate(site.deps, id, 'approve');
    const after = await rawGet(commentsFeed, { 'accept-encoding': 'identity', 'if-none-match': String(before.headers.etag) });
    expect(after.status).toBe(200);
    expect(after.body.toString()).toContain('Feed-visible remark');
  });

  it('never shows one reader’s held comment or pre-filled form to another', async () => {
    await fetch(articleUrl()); // warm the public cache
    const posted = await postForm(`${articleUrl()}/comments`, {
      ...validComment({ comment: 'My private held thought', author: 'Private Person', email: 'private@example.com', remember: 'yes' }),
      token: formToken(site, seedSlug),
    });
    const cookie = cookiesFrom(posted);
    const mine = await fetch(articleUrl(), { headers: { cookie } });
    expect(mine.headers.get('cache-control')).toBe('private, no-store');
    const mineHtml = await mine.text();
    expect(mineHtml).toContain('My private held thought');
    expect(mineHtml).toContain('value="private@example.com"');
    const theirs = await (await fetch(articleUrl())).text();
    expect(theirs).not.toContain('My private held thought');
    expect(theirs).not.toContain('private@example.com');
    expect(theirs).not.toContain('Private Person');
  });

  it('gives each response its own form-token cookie, which times the form fill exactly', async () => {
    const first = await fetch(articleUrl());
    const setCookie = first.headers.getSetCookie().find((c) => c.startsWith('bs_form='));
    expect(setCookie).toMatch(new RegExp(`Path=/articles/${seedSlug}; Max-Age=86400; HttpOnly; SameSite=Lax`));
    const cookie = cookiesFrom(first);
    site.clock.advance(1);
    const tooFast = await postForm(`${articleUrl()}/comments`, validComment({ comment: 'Fast typist here.' }), { cookie });
    const id = Number(tooFast.headers.get('location')?.split('-').at(-1));
    expect(site.deps.comments.findById(id)?.spamReasons).toContain('posted 1.0 s after the form was shown');

    const second = await fetch(articleUrl());
    site.clock.advance(30);
    const fine = await postForm(`${articleUrl()}/comments`, validComment({ comment: 'Took my time.', email: 'slow@example.com' }), {
      cookie: cookiesFrom(second),
      'x-forwarded-for': '192.0.2.50',
    });
    const fineId = Number(fine.headers.get('location')?.split('-').at(-1));
    expect(site.deps.comments.findById(fineId)?.spamReasons).not.toContain('form');
  });
});

describe('two workers on one database', () => {
  let other: { deps: AppDeps; server: Server; url: string };
  beforeEach(async () => {
    const deps = await openSite(site.deps.config, pino({ level: 'silent' }), { now: site.clock.now });
    const server = createSiteServer(deps).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    other = { deps, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  });
  afterEach(async () => {
    other.server.closeAllConnections();
    await new Promise((resolve) => other.server.close(resolve));
    other.deps.db.close();
  });

  it('shows an approval made in one worker in the other at once', async () => {
    const id = buildComment(site.deps, seedSlug, { status: 'pending', body: 'Seen across workers' });
    const read = async () => (await (await fetch(`${other.url}/articles/${seedSlug}`)).text()).includes('Seen across workers');
    expect(await read()).toBe(false);
    expect(await read()).toBe(false); // now served from the other worker's cache
    moderate(site.deps, id, 'approve');
    expect(await read()).toBe(true);
  });
});

async function rawGet(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const url = new URL(path, site.url);
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}
