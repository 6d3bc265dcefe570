import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncContent } from '../../src/services/sync-content.js';
import { seedSlug, startTestSite, type TestSite } from '../helpers/site.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(() => site.close());

const get = (path: string, init?: RequestInit) => fetch(`${site.url}${path}`, { redirect: 'manual', ...init });

describe('public pages', () => {
  it('lists articles newest first with date, description and comment count', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    const positions = ['Why we close comments', 'Xiaomi', 'Alibaba buys $590m'].map((t) => html.indexOf(t));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(html).toContain('<time datetime="2015-02-09T00:00:00.000Z">9 February 2015</time>');
    expect(html).toContain('0 comments');
  });

  it('shows the seed article word for word with its metadata', async () => {
    const res = await get(`/articles/${seedSlug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Alibaba buys $590m stake in Meizu to boost Aliyun mobile OS</h1>');
    expect(html).toContain('<time datetime="2015-02-09T00:00:00.000Z">');
    expect(html).toContain(`<link rel="canonical" href="http://broadsheet.test/articles/${seedSlug}">`);
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('<meta name="twitter:card" content="summary">');
    expect(html).toMatch(/"@type":"NewsArticle"/);
    expect(html).toContain('0 comments on “Alibaba buys $590m stake in Meizu to boost Aliyun mobile OS”');
    const seed = readFileSync(new URL('../fixtures/seed-article.txt', import.meta.url), 'utf8');
    const paragraphs = seed
      .split('\n\n')
      .slice(1, -3)
      .map((p) => p.trim());
    expect(paragraphs.length).toBe(8);
    for (const paragraph of paragraphs) expect(html).toContain(`<p>${paragraph}</p>`);
    expect(html).not.toContain('Akismet');
  });

  it('serves the privacy page, feeds, sitemap, robots and health', async () => {
    const privacy = await (await get('/privacy')).text();
    expect(privacy).toContain('no comment data is sent to anyone else');
    for (const cookie of ['bs_own', 'bs_author', 'bs_form']) expect(privacy).toContain(`<li><code>${cookie}</code>:`);
    expect(privacy).toMatch(/<code>bs_form<\/code>:[^<]*the time[^<]*spam[^<]*one day/);
    expect(privacy).not.toContain('bytes');
    const feed = await get('/feed.xml');
    expect(feed.headers.get('content-type')).toContain('application/atom+xml');
    expect(await feed.text()).toContain(`<link href="http://broadsheet.test/articles/${seedSlug}"/>`);
    expect(await (await get('/sitemap.xml')).text()).toContain(`<loc>http://broadsheet.test/articles/${seedSlug}</loc>`);
    expect(await (await get('/robots.txt')).text()).toContain('Sitemap: http://broadsheet.test/sitemap.xml');
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it.each(['/articles/no-such-article', '/articles/..%2f..%2fetc%2fpasswd', '/nowhere', '/articles/%00', '/static/../package.json'])(
    'answers %s with the 404 page in the site layout',
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).toContain('<a class="site-name" href="/">Broadsheet</a>');
      expect(html).not.toMatch(/at .*\.(ts|js):\d+/);
    },
  );

  it('sends security headers and long-lived, versioned static files', async () => {
    const res = await get('/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const css = (await res.text()).match(/href="(\/static\/css\/site\.css\?v=[0-9a-f]{10})"/)?.[1];
    expect(css).toBeDefined();
    const asset = await get(css as string);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });
});

describe('content sync', () => {
  const sync = () => syncContent(join(site.dir, 'content'), site.deps.articles, site.clock.now(), site.deps.changes);
  const file = () => join(site.dir, 'content', 'xiaomi-online-only-model-keeps-it-ahead-in-china.md');

  it('changes nothing when nothing changed', async () => {
    expect(await sync()).toEqual({ added: 0, updated: 0, unchanged: 3, unpublished: 0 });
  });

  it('updates an edited article and shows it', async () => {
    writeFileSync(file(), readFileSync(file(), 'utf8').replace('flash sales', 'weekly flash sales'));
    expect(await sync()).toMatchObject({ updated: 1, unchanged: 2 });
    expect(await (await get('/articles/xiaomi-online-only-model-keeps-it-ahead-in-china')).text()).toContain('weekly flash sales');
  });

  it('keeps serving the last good content when a file is broken', async () => {
    const good = readFileSync(file(), 'utf8');
    writeFileSync(file(), good.replace(/published: .*/, 'published: someday'));
    await expect(sync()).rejects.toThrow(/xiaomi-online-only-model-keeps-it-ahead-in-china\.md: field "published"/);
    expect((await get('/articles/xiaomi-online-only-model-keeps-it-ahead-in-china')).status).toBe(200);
    writeFileSync(file(), good);
  });

  it('unpublishes the article of a removed file', async () => {
    rmSync(file());
    expect(await sync()).toMatchObject({ unpublished: 1 });
    expect((await get('/articles/xiaomi-online-only-model-keeps-it-ahead-in-china')).status).toBe(404);
  });
});
