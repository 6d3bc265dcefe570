import type { ArticleChoice, QueueFilter, QueueRow } from '../../db/moderation-queue.js';
import { type CommentStatus, commentStatuses } from '../../domain/comment-status.js';
import { actionsFor, deletionDue, moderationActions } from '../../domain/moderation.js';
import type { Reason } from '../../domain/spam/score.js';
import type { AppDeps } from '../deps.js';
import { formatDateTime, plural } from '../format.js';
import { formattedPreview } from '../formatted-bodies.js';
import { pageCountOf } from './filter-values.js';

export const queuePageSize = 50;

/** How many pages a queue of this many comments has. */
export function pageCount(total: number): number {
  return pageCountOf(total, queuePageSize);
}

const statusLabels: Record<CommentStatus, string> = { pending: 'Pending', approved: 'Approved', spam: 'Spam', trash: 'Trash' };

export function filterQuery(filter: QueueFilter, page = 1): string {
  const params = new URLSearchParams({ status: filter.status });
  if (filter.articleId) params.set('article', String(filter.articleId));
  if (filter.text) params.set('q', filter.text);
  if (filter.minScore !== undefined) params.set('min', String(filter.minScore));
  if (filter.maxScore !== undefined) params.set('max', String(filter.maxScore));
  if (page > 1) params.set('page', String(page));
  return `/moderation?${params.toString()}`;
}

export function describeFilter(filter: QueueFilter, articles: readonly ArticleChoice[]): string {
  const parts = [`${filter.status}`];
  if (filter.articleId) parts.push(`on “${articles.find((a) => a.id === filter.articleId)?.title ?? `article ${filter.articleId}`}”`);
  if (filter.text) parts.push(`matching “${filter.text}”`);
  if (filter.minScore !== undefined) parts.push(`score ≥ ${filter.minScore}`);
  if (filter.maxScore !== undefined) parts.push(`score ≤ ${filter.maxScore}`);
  return parts.join(', ');
}

/**
 * Every action moves a comment out of its status, and the queue lists one status, so the acted-on
 * row always leaves the list. The row that takes its place is the next one (which may move up from
 * the next page), or, for the last row, the one before it (which may be on the previous page when
 * this page empties). Naming it in the return path's fragment lets the keyboard carry on from it,
 * and without scripts the browser still scrolls there.
 */
function landingIds(window: QueueRow[], start: number, shown: number): (number | null)[] {
  return Array.from({ length: shown }, (_, i) => (window[start + i + 1] ?? window[start + i - 1])?.id ?? null);
}

/**
 * Where a bulk action on selected rows lands, as a single action would: the first row after the last
 * acted-on row, or when none is left after it the nearest row before it that was not acted on.
 * `order` is the page's rows as the moderator saw them, with one row either side (see queuePageModel).
 */
export function bulkLanding(order: readonly number[], acted: ReadonlySet<number>): number | null {
  let last = -1;
  order.forEach((id, i) => {
    if (acted.has(id)) last = i;
  });
  if (last < 0) return null;
  const after = order[last + 1];
  if (after !== undefined) return after;
  return (
    order
      .slice(0, last)
      .reverse()
      .find((id) => !acted.has(id)) ?? null
  );
}

function rowModel(row: QueueRow, deps: AppDeps, returnTo: string, landingId: number | null) {
  const reasons = JSON.parse(row.spamReasons) as Reason[];
  const due = deletionDue(row.status, row.statusChangedAt, deps.config.moderation);
  const daysLeft = due ? Math.max(0, Math.ceil((due.getTime() - deps.now().getTime()) / 86_400_000)) : null;
  return {
    ...row,
    bodyHtml: formattedPreview(row.body),
    parentExcerpt: row.parentBody ? row.parentBody.slice(0, 140) : null,
    dateLabel: formatDateTime(row.createdAt),
    score: row.spamScore === null ? null : row.spamScore.toFixed(2),
    scoreLevel:
      row.spamScore === null
        ? 'none'
        : row.spamScore >= deps.config.spam.spamThreshold
          ? 'high'
          : row.spamScore >= deps.config.spam.holdThreshold
            ? 'medium'
            : 'low',
    reasons: reasons.map((r) => ({ ...r, sign: r.contribution > 0.005 ? '+' : r.contribution < -0.005 ? '−' : '·' })),
    deletion: daysLeft === null ? null : daysLeft === 0 ? 'deleted within a day' : `deleted in ${plural(daysLeft, 'day', 'days')}`,
    actions: actionsFor(row.status).map((a) => ({
      action: a,
      label: moderationActions[a].label,
      url: `/moderation/comments/${row.id}/${a}`,
    })),
    articleUrl: `/articles/${row.articleSlug}`,
    parentUrl: row.parentId ? `/comments/${row.parentId}` : null,
    historyUrl: `/moderation/comments/${row.id}`,
    actionReturn: landingId === null ? returnTo : `${returnTo}#row-${landingId}`,
  };
}

export function queuePageModel(
  deps: AppDeps,
  filter: QueueFilter,
  page: number,
  options: { total: number; articles: ArticleChoice[]; selectAll: boolean; flash: string | null; ignored: string[] },
) {
  const { total, articles } = options;
  const pages = pageCount(total);
  const counts = deps.queue.countsByStatus();
  const returnTo = filterQuery(filter, page);
  // One row either side of the page as well, for landingIds.
  const offset = (page - 1) * queuePageSize;
  const start = offset > 0 ? 1 : 0;
  const window = deps.queue.page(filter, queuePageSize + 1 + start, offset - start);
  const shown = window.slice(start, start + queuePageSize);
  const landing = landingIds(window, start, shown.length);
  return {
    filter,
    filterText: describeFilter(filter, articles),
    tabs: commentStatuses.map((s) => ({
      status: s,
      label: statusLabels[s],
      count: counts[s],
      url: `/moderation?status=${s}`,
      current: s === filter.status,
    })),
    rows: shown.map((row, i) => rowModel(row, deps, returnTo, landing[i] ?? null)),
    total,
    totalLabel: plural(total, 'comment', 'comments'),
    bulkActions: actionsFor(filter.status).map((a) => ({ action: a, label: moderationActions[a].label })),
    articles,
    selectAll: options.selectAll,
    selectAllUrl: `${returnTo}${returnTo.includes('?') ? '&' : '?'}select=all`,
    flash: options.flash,
    ignored: options.ignored,
    returnTo,
    // Sent with a bulk action so it can land as a single action does; only ever used for a #row- fragment.
    order: window.map((row) => row.id).join(','),
    pagination: {
      page,
      pages,
      previousUrl: page > 1 ? filterQuery(filter, page - 1) : null,
      nextUrl: page < pages ? filterQuery(filter, page + 1) : null,
    },
  };
}
