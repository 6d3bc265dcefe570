import type { ArticleRow } from '../db/articles.js';
import type { ThreadPageRow } from '../db/comments.js';
import { commentLinkRel } from '../domain/comment-body.js';
import { type CommentFormValues, type FieldErrors, formTokenField, honeypotField, isHttpUrl } from '../domain/comment-input.js';
import { buildThread, type ThreadNode } from '../domain/thread.js';
import type { AppDeps } from './deps.js';
import { formatDate, formatDateTime, plural } from './format.js';
import { formattedBody } from './formatted-bodies.js';

export type CommentView = {
  id: number;
  /** A hidden comment kept so its visible replies stay in place: shown as a placeholder, nothing else. */
  removed: boolean;
  anchor: string;
  authorName: string;
  authorUrl: string | null;
  authorRel: string;
  bodyHtml: string;
  createdAt: string;
  dateLabel: string;
  permalink: string;
  replyUrl: string | null;
  awaitingModeration: boolean;
  depth: number;
  replies: CommentView[];
};

export type FormState = {
  values: CommentFormValues;
  errors: FieldErrors;
  /** A sentence about the whole form (flood, duplicate, unreadable body), shown at the top. */
  formError: string | null;
  replyTo: { id: number; authorName: string } | null;
};

export const fieldLabels: Record<string, string> = {
  comment: 'Comment',
  author: 'Name',
  email: 'Email',
  url: 'Website',
  parent: 'Replying to',
};

/** What a placeholder carries: no author, body, date, permalink or reply link. */
const removedPlaceholder = {
  removed: true,
  anchor: '',
  authorName: '',
  authorUrl: null,
  authorRel: '',
  bodyHtml: '',
  createdAt: '',
  dateLabel: '',
  permalink: '',
  replyUrl: null,
  awaitingModeration: false,
} as const;

export function articlePath(article: Pick<ArticleRow, 'slug'>, page = 1): string {
  return `/articles/${article.slug}${page > 1 ? `?cpage=${page}` : ''}`;
}

export function emptyForm(): FormState {
  return {
    values: { comment: '', author: '', email: '', url: '', parent: '', remember: false },
    errors: {},
    formError: null,
    replyTo: null,
  };
}

/**
 * Everything the article template shows, for one comment page and one reader. A page past the
 * last one is shown as the last with `clampToLastPage`, else as an empty page (the caller 404s).
 */
export function articlePageModel(
  deps: AppDeps,
  article: ArticleRow,
  requestedPage: number,
  ownIds: readonly number[],
  form: FormState,
  formToken: string,
  clampToLastPage = false,
) {
  const perPage = deps.config.comments.perPage;
  const counts = deps.comments.threadCounts(article.id, ownIds);
  const totalPages = Math.max(1, Math.ceil(counts.topLevel / perPage));
  const page = clampToLastPage ? Math.min(requestedPage, totalPages) : requestedPage;
  const rows = deps.comments.threadPage(article.id, page, perPage, ownIds);
  const pagePath = articlePath(article, page);
  const toView = (node: ThreadNode<ThreadPageRow>): CommentView =>
    node.removed
      ? {
          ...removedPlaceholder,
          id: node.id,
          depth: node.depth,
          replies: node.replies.map(toView),
        }
      : {
          id: node.id,
          removed: false,
          anchor: `comment-${node.id}`,
          authorName: node.authorName,
          // Checked again on the way out: only http(s) addresses ever become links, whatever is stored.
          authorUrl: node.authorUrl && isHttpUrl(node.authorUrl) ? node.authorUrl : null,
          authorRel: commentLinkRel,
          bodyHtml: formattedBody(node.body),
          createdAt: node.createdAt,
          dateLabel: formatDateTime(node.createdAt),
          permalink: `${pagePath}#comment-${node.id}`,
          replyUrl:
            article.commentsOpen && node.status === 'approved'
              ? `/articles/${article.slug}?${page > 1 ? `cpage=${page}&` : ''}replyto=${node.id}#respond`
              : null,
          awaitingModeration: node.status !== 'approved',
          depth: node.depth,
          replies: node.replies.map(toView),
        };
  const site = deps.config.siteUrl;
  const canonical = `${site}${pagePath}`;
  return {
    article: { ...article, dateLabel: formatDate(article.publishedAt), path: articlePath(article) },
    meta: {
      title: article.title,
      description: article.description,
      canonical,
      type: 'article',
      publishedTime: article.publishedAt,
      tags: article.tags,
      script: 'js/reply.js',
      jsonLd: JSON.stringify({
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        headline: article.title,
        description: article.description,
        datePublished: article.publishedAt,
        dateModified: article.updatedAt ?? article.publishedAt,
        keywords: article.tags.join(', '),
        mainEntityOfPage: `${site}${articlePath(article)}`,
        author: article.author ? { '@type': 'Person', name: article.author } : { '@type': 'Organization', name: deps.config.siteName },
        publisher: { '@type': 'Organization', name: deps.config.siteName },
        commentCount: counts.approved,
      }).replace(/</g, '\\u003c'),
      alternate: { href: `/articles/${article.slug}/comments.xml`, title: `Comments on “${article.title}”` },
    },
    thread: {
      comments: buildThread(rows).map(toView),
      heading: `${plural(counts.approved, 'comment', 'comments')} on “${article.title}”`,
      approvedCount: counts.approved,
      feedUrl: `/articles/${article.slug}/comments.xml`,
      pagination: {
        current: page,
        total: totalPages,
        pages: Array.from({ length: totalPages }, (_, i) => ({ number: i + 1, url: `${articlePath(article, i + 1)}#comments` })),
        previousUrl: page > 1 ? `${articlePath(article, page - 1)}#comments` : null,
        nextUrl: page < totalPages ? `${articlePath(article, page + 1)}#comments` : null,
      },
    },
    form: {
      ...form,
      open: article.commentsOpen,
      // A post refused because comments are closed: the text is shown to copy, with no way to send it.
      copyOnly: !article.commentsOpen && form.formError !== null,
      action: `/articles/${article.slug}/comments${page > 1 ? `?cpage=${page}` : ''}`,
      token: formToken,
      tokenField: formTokenField,
      honeypotField,
      errorList: Object.entries(form.errors).map(([field, message]) => ({ field, label: fieldLabels[field] ?? field, message })),
    },
  };
}
