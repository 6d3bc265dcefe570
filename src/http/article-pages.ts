import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ArticleRow } from '../db/articles.js';
import { NotFoundError } from '../domain/errors.js';
import { pageOfPosition } from '../domain/thread.js';
import { articlePageModel, articlePath, type FormState } from './article-view.js';
import { formTokenIssuer } from './cookies.js';
import type { AppDeps } from './deps.js';
import { HttpError } from './errors.js';

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

export const commentIdPattern = /^[1-9]\d{0,15}$/;

type PageOptions = { pastLastPage?: 'notFound' | 'showLast' };

/**
 * What the article page and the comment form's answers share: finding the article, reading the
 * page number, rendering the page (with its form token), and where a comment lives.
 */
export function articlePages(deps: AppDeps) {
  const formToken = formTokenIssuer(deps.formTokenKey, deps.config.secureCookies);

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

  /**
   * The page a posted form came from. Never a 404: what was typed must come back, so an
   * unreadable page number means the first page (and one past the end, the last: see pageModel).
   */
  function readFormPage(req: Request): number {
    const query = pageQuery.safeParse(req.query);
    return (query.success && query.data.cpage) || 1;
  }

  /**
   * The article page's model, setting the form-token cookie. A comment page past the last one is
   * a 404, or with `showLast` (a form being shown again) the last page.
   */
  function pageModel(
    res: Response,
    article: ArticleRow,
    page: number,
    ownIds: readonly number[],
    form: FormState,
    options: PageOptions = {},
  ) {
    const issued = formToken(article, deps.now());
    res.append('Set-Cookie', issued.setCookie);
    const showLast = options.pastLastPage === 'showLast';
    const model = articlePageModel(deps, article, page, ownIds, form, issued.token, showLast);
    if (page > model.thread.pagination.total && !showLast) throw new HttpError(404, 'There is no such page of comments.', 'Page not found');
    return model;
  }

  function renderArticle(
    res: Response,
    article: ArticleRow,
    page: number,
    ownIds: number[],
    form: FormState,
    status = 200,
    options: PageOptions = {},
  ) {
    res.status(status).render('pages/article', pageModel(res, article, page, ownIds, form, options));
  }

  /** How many pages of comments everyone sees. */
  function publicPageCount(article: Pick<ArticleRow, 'id'>): number {
    return Math.max(1, Math.ceil(deps.comments.threadCounts(article.id, []).topLevel / deps.config.comments.perPage));
  }

  function replyTarget(article: Pick<ArticleRow, 'id'>, parentId: string): FormState['replyTo'] {
    const parent = commentIdPattern.test(parentId) ? deps.comments.findById(Number(parentId)) : undefined;
    return parent && parent.articleId === article.id && parent.status === 'approved'
      ? { id: parent.id, authorName: parent.authorName }
      : null;
  }

  function commentLocation(
    article: Pick<ArticleRow, 'id' | 'slug'>,
    comment: { id: number; rootId: number },
    ownIds: readonly number[],
  ): string {
    const position = deps.comments.positionOfRoot(article.id, comment.rootId, ownIds);
    return `${articlePath(article, pageOfPosition(position, deps.config.comments.perPage))}#comment-${comment.id}`;
  }

  return { formToken, findArticle, readPage, readFormPage, pageModel, renderArticle, publicPageCount, replyTarget, commentLocation };
}

export type ArticlePages = ReturnType<typeof articlePages>;
