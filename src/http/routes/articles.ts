import { Router } from 'express';
import { NotFoundError } from '../../domain/errors.js';
import { articlePages, commentIdPattern } from '../article-pages.js';
import { articlePath, emptyForm } from '../article-view.js';
import { sendFeed } from '../cached-feed.js';
import { readOwnCommentIds, readRememberedAuthor } from '../cookies.js';
import type { AppDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { commentsFeed } from '../feeds.js';
import { buildCachedPage } from '../page-cache.js';
import { sendCachedPage } from '../send-page.js';
import { commentPostPath } from './comment-post.js';

/** The article page (public pages cached), comment permalinks and the per-article comment feed. */
export function articleRouter(deps: AppDeps): Router {
  const router = Router();
  const { formToken, findArticle, readPage, readFormPage, pageModel, renderArticle, publicPageCount, replyTarget, commentLocation } =
    articlePages(deps);

  const publicCacheControl = 'public, max-age=0, s-maxage=60, stale-while-revalidate=300';
  // Headers that belong to one response, never to the cached copy.
  const perResponseHeaders = new Set(['x-request-id', 'set-cookie', 'content-length', 'etag', 'last-modified', 'content-encoding']);

  router.get('/articles/:slug', (req, res, next) => {
    const article = findArticle(req.params.slug);
    const { page, replyTo } = readPage(req);
    const ownIds = readOwnCommentIds(req);
    const form = emptyForm();
    const remembered = readRememberedAuthor(req);
    if (remembered) {
      Object.assign(form.values, { author: remembered.name, email: remembered.email, url: remembered.url, remember: true });
    }
    if (replyTo !== undefined && article.commentsOpen) {
      form.replyTo = replyTarget(article, String(replyTo));
      if (form.replyTo) form.values.parent = String(form.replyTo.id);
    }
    const personal = remembered !== null || form.replyTo !== null || deps.comments.countHeld(ownIds) > 0;
    if (personal) {
      res.setHeader('Cache-Control', 'private, no-store');
      return renderArticle(res, article, page, ownIds, form);
    }

    // The public page: the same bytes for every reader, rendered once per change and kept.
    const key = `${article.slug}:${page}`;
    const generation = deps.changes.generation();
    const now = deps.now().getTime();
    const cached = deps.pageCache.get(key, generation, now);
    if (cached) {
      res.append('Set-Cookie', formToken(article, deps.now()).setCookie);
      return sendCachedPage(req, res, cached, []);
    }
    const model = pageModel(res, article, page, [], form);
    res.setHeader('Cache-Control', publicCacheControl);
    res.setHeader('Vary', 'Accept-Encoding, Cookie');
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.render('pages/article', model, (error: Error | null, html: string) => {
      if (error) return next(error);
      const headers = Object.entries(res.getHeaders())
        .filter(([name]) => !perResponseHeaders.has(name))
        .map(([name, value]) => [name, String(value)] as [string, string]);
      const entry = buildCachedPage(article, key, generation, html, headers, now);
      deps.pageCache.set(entry);
      sendCachedPage(req, res, entry, []);
    });
  });

  // A stable permalink for a comment, wherever pagination has moved it.
  router.get('/comments/:id', (req, res) => {
    if (!commentIdPattern.test(req.params.id)) throw new NotFoundError('Comment');
    const comment = deps.comments.findById(Number(req.params.id));
    const ownIds = readOwnCommentIds(req);
    const visible = comment && (comment.status === 'approved' || (ownIds.includes(comment.id) && comment.status !== 'trash'));
    const article = visible ? deps.articles.findById(comment.articleId) : undefined;
    if (!comment || !article) throw new HttpError(404, 'This comment does not exist, or is not published.', 'Comment not found');
    res.redirect(303, commentLocation(article, comment, ownIds));
  });

  // The comment form's address, opened with GET (a reload after a refusal, a copied link, a
  // crawler): the comments it belongs to. Permanent, but cached briefly since the page may change.
  router.get(commentPostPath, (req, res) => {
    const article = findArticle(req.params.slug);
    const page = readFormPage(req);
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.redirect(301, `${articlePath(article, Math.min(page, publicPageCount(article)))}#comments`);
  });

  router.get('/articles/:slug/comments.xml', (req, res) => {
    const article = findArticle(req.params.slug);
    sendFeed(deps, req, res, `/articles/${article.slug}/comments.xml`, article, () => commentsFeed(deps, article));
  });

  return router;
}
