import { Router } from 'express';
import { databaseIsHealthy } from '../../db/health.js';
import { articlePath } from '../article-view.js';
import { sendFeed } from '../cached-feed.js';
import type { AppDeps } from '../deps.js';
import { articlesFeed } from '../feeds.js';
import { formatDate, plural } from '../format.js';

function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function siteRouter(deps: AppDeps): Router {
  const router = Router();
  const site = deps.config.siteUrl;

  router.get('/', (_req, res) => {
    const articles = deps.articles.listPublished().map((a) => ({
      ...a,
      path: articlePath(a),
      dateLabel: formatDate(a.publishedAt),
      commentLabel: plural(a.approvedCount, 'comment', 'comments'),
    }));
    res.setHeader('Cache-Control', 'public, max-age=0, s-maxage=60, stale-while-revalidate=300');
    res.render('pages/home', {
      articles,
      meta: {
        title: deps.config.siteName,
        description: `${deps.config.siteName}: news and the conversation around it.`,
        canonical: `${site}/`,
        type: 'website',
      },
    });
  });

  router.get('/privacy', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.render('pages/privacy', {
      meta: {
        title: 'Privacy: how comment data is processed',
        description: `What ${deps.config.siteName} stores when you comment, why, for how long, and who sees it.`,
        canonical: `${site}/privacy`,
        type: 'website',
      },
      settings: deps.config.comments,
      retention: deps.config.moderation,
    });
  });

  router.get('/feed.xml', (req, res) => {
    sendFeed(deps, req, res, '/feed.xml', { id: 0, slug: '' }, () => articlesFeed(deps));
  });

  router.get('/sitemap.xml', (_req, res) => {
    const urls = [
      { loc: `${site}/`, lastmod: undefined as string | undefined },
      { loc: `${site}/privacy`, lastmod: undefined },
      ...deps.articles
        .listPublished(50_000)
        .map((a) => ({ loc: `${site}${articlePath(a)}`, lastmod: (a.updatedAt ?? a.publishedAt).slice(0, 10) })),
    ];
    const body = urls
      .map((u) => `  <url><loc>${xmlEscape(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ''}</url>`)
      .join('\n');
    res.type('application/xml').setHeader('Cache-Control', 'public, max-age=3600');
    res.send(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</urlset>\n`);
  });

  router.get('/robots.txt', (_req, res) => {
    res.type('text/plain').setHeader('Cache-Control', 'public, max-age=86400');
    res.send(`User-agent: *\nDisallow: /moderation\nAllow: /\n\nSitemap: ${site}/sitemap.xml\n`);
  });

  router.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const healthy = databaseIsHealthy(deps.db);
    res.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'error', database: healthy ? 'ok' : 'unavailable' });
  });

  return router;
}
