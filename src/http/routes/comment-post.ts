import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { CommentTarget } from '../../db/articles.js';
import { limits, parseCommentForm } from '../../domain/comment-input.js';
import { CommentsClosedError, FloodError, InvalidParentError, NotFoundError } from '../../domain/errors.js';
import { submitComment } from '../../services/submit-comment.js';
import { articlePages } from '../article-pages.js';
import type { FormState } from '../article-view.js';
import { addOwnCommentId, formTokenCookie, readOwnCommentIds, rememberAuthor } from '../cookies.js';
import type { AppDeps } from '../deps.js';
import { HttpError, statusFor } from '../errors.js';
import { parseFormBody } from '../form-body.js';

// Big enough that a comment up to half as long again as its limit, in any script, is read and
// answered with the form, the text and how much to cut: percent-encoding sends up to three bytes
// per stored byte, and 4 KB covers the other fields. Only a body far beyond that gets 413.
const maxFormBytes = Math.ceil(limits.commentBytes * 1.5) * 3 + 4 * 1024;

const closedMessage = 'Comments are closed on this article, so your comment was not posted. Your text is below, so that you can copy it.';

export const commentPostPath = '/articles/:slug/comments';

/**
 * POST /articles/:slug/comments, the comment form's target: the app mounts `router`, and the
 * server's fast path (http/comment-post-fast-path.ts) runs the same three steps without the app's
 * middleware and router in front of them. One instance serves both, so they share the rate limit.
 */
export type CommentPosting = {
  router: Router;
  /** The per-address rate limit: marks the request, the answer refuses it. */
  limit: RequestHandler;
  /** Reads the body (any type, up to the limit) into req.body as bytes. */
  readBody: RequestHandler;
  /** Everything else: checks, the form, the submission, and the answer. Rejects with errors for the error page. */
  answer: (req: Request, res: Response) => Promise<void>;
};

export function commentPosting(deps: AppDeps): CommentPosting {
  const secure = deps.config.secureCookies;
  const pages = articlePages(deps);

  function findTarget(slug: string): CommentTarget {
    const article = deps.articles.findCommentTarget(slug);
    if (!article) throw new NotFoundError('Article');
    return article;
  }

  // Per worker process, in memory: with WEB_CONCURRENCY=N an address gets up to N times the limit.
  const postLimiter = rateLimit({
    windowMs: 10 * 60 * 1000,
    limit: deps.config.comments.rateLimitPer10Minutes,
    skip: () => deps.config.comments.rateLimitPer10Minutes === 0,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // The limit counts attempts to post. "Cancel reply" without JavaScript is a press of this form's
    // button that posts nothing, so it is taken back off the count once it is answered.
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.locals.postedNothing === true,
    // The route answers (with the person's text kept), so the limiter only marks the request.
    handler: (_req, res, next) => {
      res.locals.rateLimited = true;
      next();
    },
  });

  const readBody = express.raw({ type: () => true, limit: maxFormBytes });

  async function answer(req: Request, res: Response): Promise<void> {
    const target = findTarget(String(req.params.slug));
    const page = pages.readFormPage(req);
    const ownIds = readOwnCommentIds(req);
    res.setHeader('Cache-Control', 'no-store');
    if (!req.is('application/x-www-form-urlencoded') || !Buffer.isBuffer(req.body)) {
      if (!target.commentsOpen)
        throw new HttpError(403, 'Comments are closed on this article, so your comment was not posted.', 'Comments are closed');
      throw new HttpError(
        400,
        'Comments must be sent from the comment form on the article page (as application/x-www-form-urlencoded).',
        'Could not read the form',
      );
    }
    const body = parseFormBody(req.body);
    const parsed = parseCommentForm(body.fields);
    // The page is shown again only when not redirecting, so only then is the whole article read. Comments
    // may have gone since the reader's page was served, so a page past the end shows the last one.
    const showForm = (status: number, form: Omit<FormState, 'replyTo'>) => {
      const article = pages.findArticle(target.slug);
      const replyTo = article.commentsOpen ? pages.replyTarget(article, form.values.parent) : null;
      pages.renderArticle(res, article, page, ownIds, { ...form, replyTo }, status, { pastLastPage: 'showLast' });
    };

    if (!target.commentsOpen) return showForm(403, { values: parsed.values, errors: {}, formError: closedMessage });
    // "Cancel reply" without JavaScript is a button of this form, so the text comes back with it.
    if (body.fields.cancel === 'reply') {
      res.locals.postedNothing = true;
      return showForm(200, { values: { ...parsed.values, parent: '' }, errors: {}, formError: null });
    }
    if (res.locals.rateLimited) {
      // The limiter's window: the longest anyone waits.
      res.setHeader('Retry-After', '600');
      return showForm(429, {
        values: parsed.values,
        errors: {},
        formError:
          'You have posted a lot of comments from this address in the last few minutes. Please wait up to ten minutes before posting again; your text is below.',
      });
    }
    if (body.problem) return showForm(400, { values: parsed.values, errors: parsed.ok ? {} : parsed.errors, formError: body.problem });
    if (!parsed.ok) return showForm(422, { values: parsed.values, errors: parsed.errors, formError: null });

    try {
      const cookieToken: unknown = req.cookies?.[formTokenCookie];
      const input = { ...parsed.value, formTokenCookie: typeof cookieToken === 'string' ? cookieToken : undefined };
      const context = { ip: req.ip ?? '', userAgent: req.get('user-agent') ?? '', now: deps.now() };
      // Answered only after the transaction holding this comment has committed to disk. Where the
      // comment shows is read in that transaction too, where reads take no locks of their own.
      const { comment, location } = await deps.commits.run(() => {
        const comment = submitComment(deps, target.slug, input, context);
        return { comment, location: pages.commentLocation(target, comment, [...ownIds, comment.id]) };
      });
      addOwnCommentId(req, res, comment.id, secure);
      rememberAuthor(
        res,
        input.remember ? { name: input.authorName, email: input.authorEmail, url: input.authorUrl } : null,
        req.cookies?.bs_author !== undefined,
        secure,
      );
      res.redirect(303, location);
    } catch (error) {
      const status = statusFor(error);
      if (status === 503) {
        // The disk is full or the database read-only: give the person their words back.
        res.setHeader('Retry-After', '120');
        return showForm(503, {
          values: parsed.values,
          errors: {},
          formError: 'Comments are temporarily unavailable; your text is below. Please copy it, or try posting again in a few minutes.',
        });
      }
      if (status >= 500 || status === 404) throw error;
      if (error instanceof FloodError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      // The comment being replied to has gone: the form comes back without it, so sending again posts a new comment.
      const values = error instanceof InvalidParentError ? { ...parsed.values, parent: '' } : parsed.values;
      showForm(status, { values, errors: {}, formError: error instanceof CommentsClosedError ? closedMessage : (error as Error).message });
    }
  }

  const router = Router();
  router.post(commentPostPath, postLimiter, readBody, answer);
  return { router, limit: postLimiter, readBody, answer };
}
