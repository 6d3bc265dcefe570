import express, { type Request, type Response, Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { ArticleRow } from '../../db/articles.js';
import { parseCommentForm } from '../../domain/comment-input.js';
import { FloodError, NotFoundError } from '../../domain/errors.js';
import { pageOfPosition } from '../../domain/thread.js';
import { submitComment } from '../../services/submit-comment.js';
import { articlePageModel, articlePath, emptyForm, type FormState } from '../article-view.js';
import { addOwnCommentId, formTokenCookie, formTokenIssuer, readOwnCommentIds, readRememberedAuthor, rememberAuthor } from '../cookies.js';
import type { AppDeps } from '../deps.js';
import { HttpError, statusFor } from '../errors.js';
import { commentsFeed } from '../feeds.js';
import { parseFormBody } from '../form-body.js';
import { buildCachedPage } from '../page-cache.js';
import { sendCachedPage } from '../send-page.js';

const pageQuery = z.object({
  cpage: z
    .string()
    .regex(/^[1-9]\d{0,5}$/)
    .transform(Number)
    .optional(),
  replyto: z
    .string()
    .regex(/^[1-9]\d{0,15}$/)
    .transform(Number)
    .optional(),
});

const idParam = /^[1-9]\d{0,15}$/;
// A comment is at most 65,525 bytes; percent-encoding can triple that, plus the other fields.
const maxFormBytes = 256 * 1024;

export function articleRouter(deps: AppDeps): Router {
  const router = Router();
  const secure = deps.config.secureCookies;

  function findArticle(slug: string): ArticleRow {
    const article = deps.articles.findPublishedBySlug(slug);
    if (!article) throw new NotFoundError('Article');
    return article;
  }

  function readPage(req: Request): { page: number; replyTo: number | undefined } {
    const query = pageQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(404, 'There is no such page of comments.', 'Page not found');
    return { page: query.data.cpage ?? 1, replyTo: query.data.replyto };
  }

  const formToken = formTokenIssuer(deps.formTokenKey, secure);

  /** The article page's model, or 404 for a comment page past the last one. Sets the form-token cookie. */
  function pageModel(res: Response, article: ArticleRow, page: number, ownIds: readonly number[], form: FormState) {
    const issued = formToken(article, deps.now());
    res.append('Set-Cookie', issued.setCookie);
    const model = articlePageModel(deps, article, page, ownIds, form, issued.token);
    if (page > model.thread.pagination.total) throw new HttpError(404, 'There is no such page of comments.', 'Page not found');
    return model;
  }

  function renderArticle(res: Response, article: ArticleRow, page: number, ownIds: number[], form: FormState, status = 200) {
    res.status(status).render('pages/article', pageModel(res, article, page, ownIds, form));
  }

  function replyTarget(article: ArticleRow, parentId: string): FormState['replyTo'] {
    const parent = idParam.test(parentId) ? deps.comments.findById(Number(parentId)) : undefined;
    return parent && parent.articleId === article.id && parent.status === 'approved'
      ? { id: parent.id, authorName: parent.authorName }
      : null;
  }

  function commentLocation(article: ArticleRow, comment: { id: number; rootId: number }, ownIds: readonly number[]): string {
    const position = deps.comments.positionOfRoot(article.id, comment.rootId, ownIds);
    return `${articlePath(article, pageOfPosition(position, deps.config.comments.perPage))}#comment-${comment.id}`;
  }

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

  // Per worker process, in memory: with WEB_CONCURRENCY=N an address gets up to N times the limit.
  const postLimiter = rateLimit({
    windowMs: 10 * 60 * 1000,
    limit: deps.config.comments.rateLimitPer10Minutes,
    skip: () => deps.config.comments.rateLimitPer10Minutes === 0,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // The route answers (with the person's text kept), so the limiter only marks the request.
    handler: (_req, res, next) => {
      res.locals.rateLimited = true;
      next();
    },
  });

  router.post('/articles/:slug/comments', postLimiter, express.raw({ type: () => true, limit: maxFormBytes }), async (req, res) => {
    const article = findArticle(String(req.params.slug));
    const { page } = readPage(req);
    const ownIds = readOwnCommentIds(req);
    res.setHeader('Cache-Control', 'no-store');
    if (!article.commentsOpen) {
      throw new HttpError(403, 'Comments are closed on this article, so your comment was not posted.', 'Comments are closed');
    }
    if (!req.is('application/x-www-form-urlencoded') || !Buffer.isBuffer(req.body)) {
      throw new HttpError(
        400,
        'Comments must be sent from the comment form on the article page (as application/x-www-form-urlencoded).',
        'Could not read the form',
      );
    }
    const body = parseFormBody(req.body);
    const parsed = parseCommentForm(body.fields);
    const refuse = (status: number, form: Omit<FormState, 'replyTo'>) =>
      renderArticle(res, article, page, ownIds, { ...form, replyTo: replyTarget(article, form.values.parent) }, status);

    if (res.locals.rateLimited) {
      res.setHeader('Retry-After', '600');
      return refuse(429, {
        values: parsed.values,
        errors: {},
        formError: 'You have posted a lot of comments from this address in the last few minutes. Please wait a while; your text is below.',
      });
    }
    if (body.problem) return refuse(400, { values: parsed.values, errors: parsed.ok ? {} : parsed.errors, formError: body.problem });
    if (!parsed.ok) return refuse(422, { values: parsed.values, errors: parsed.errors, formError: null });

    try {
      const cookieToken: unknown = req.cookies?.[formTokenCookie];
      const input = { ...parsed.value, formTokenCookie: typeof cookieToken === 'string' ? cookieToken : undefined };
      const context = { ip: req.ip ?? '', userAgent: req.get('user-agent') ?? '', now: deps.now() };
      // Answered only after the transaction holding this comment has committed to disk.
      const comment = await deps.commits.run(() => submitComment(deps, article.slug, input, context));
      addOwnCommentId(req, res, comment.id, secure);
      rememberAuthor(
        res,
        input.remember ? { name: input.authorName, email: input.authorEmail, url: input.authorUrl } : null,
        req.cookies?.bs_author !== undefined,
        secure,
      );
      res.redirect(303, commentLocation(article, comment, [...ownIds, comment.id]));
    } catch (error) {
      const status = statusFor(error);
      if (status === 503) {
        // The disk is full or the database read-only: give the person their words back.
        res.setHeader('Retry-After', '120');
        return refuse(503, {
          values: parsed.values,
          errors: {},
          formError: 'Comments are temporarily unavailable; your text is below. Please copy it, or try posting again in a few minutes.',
        });
      }
      if (status >= 500 || status === 404) throw error;
      if (error instanceof FloodError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      refuse(status, { values: parsed.values, errors: {}, formError: (error as Error).message });
    }
  });

  // A stable permalink for a comment, wherever pagination has moved it.
  router.get('/comments/:id', (req, res) => {
    if (!idParam.test(req.params.id)) throw new NotFoundError('Comment');
    const comment = deps.comments.findById(Number(req.params.id));
    const ownIds = readOwnCommentIds(req);
    const visible = comment && (comment.status === 'approved' || (ownIds.includes(comment.id) && comment.status !== 'trash'));
    const article = visible ? deps.articles.findById(comment.articleId) : undefined;
    if (!comment || !article) throw new HttpError(404, 'This comment does not exist, or is not published.', 'Comment not found');
    res.redirect(303, commentLocation(article, comment, ownIds));
  });

  router.get('/articles/:slug/comments.xml', (req, res) => {
    const article = findArticle(req.params.slug);
    res.type('application/atom+xml').setHeader('Cache-Control', 'public, max-age=300');
    res.send(commentsFeed(deps, article));
  });

  return router;
}
