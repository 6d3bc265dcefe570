import type { LogFilter } from '../../db/moderation-log.js';
import type { AppDeps } from '../deps.js';
import { plural } from '../format.js';
import { pageCountOf } from './filter-values.js';

// A hundred rows keeps a page quick to load and to scan; the newer and older links walk the rest.
export const logPageSize = 100;

/** How many pages a log of this many entries has. */
export function logPageCount(total: number): number {
  return pageCountOf(total, logPageSize);
}

export function logQuery(filter: LogFilter, page = 1): string {
  const params = new URLSearchParams();
  if (filter.moderator) params.set('moderator', filter.moderator);
  if (filter.comment) params.set('comment', String(filter.comment));
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `/moderation/log${query ? `?${query}` : ''}`;
}

/** What an empty list says: a filter that matches nothing is an answer, so it is named, not flagged. */
function emptyMessage(filter: LogFilter): string {
  const by = filter.moderator === undefined ? '' : ` by moderator “${filter.moderator}”`;
  const about = filter.comment === undefined ? '' : ` for comment #${filter.comment}`;
  return by || about ? `No entries${by}${about}.` : 'No entries yet: no moderator has acted on a comment.';
}

export function logPageModel(deps: AppDeps, filter: LogFilter, page: number, options: { total: number; ignored: string[] }) {
  const { total } = options;
  const pages = logPageCount(total);
  const moderators = deps.moderationLog.moderatorNames();
  // A name with no entries is still what the list is filtered by; the form shows it rather than "Everyone".
  if (filter.moderator !== undefined && !moderators.includes(filter.moderator)) moderators.push(filter.moderator);
  return {
    filter,
    entries: deps.moderationLog.list(filter, logPageSize, (page - 1) * logPageSize),
    moderators,
    totalLabel: plural(total, 'entry', 'entries'),
    empty: emptyMessage(filter),
    ignored: options.ignored,
    pagination: {
      page,
      pages,
      previousUrl: page > 1 ? logQuery(filter, page - 1) : null,
      nextUrl: page < pages ? logQuery(filter, page + 1) : null,
    },
  };
}
