import type { QueueFilter } from '../../db/moderation-queue.js';
import { commentStatuses, isCommentStatus } from '../../domain/comment-status.js';
import { quote, readPage, strayKeys, type Unusable, valueReader, wholeNumber } from './filter-values.js';

/** The filter a queue address asks for, the page, and each value that could not be used. */
export type ReadFilter = { filter: QueueFilter; page: number; unusable: Unusable[] };

const filterKeys = ['status', 'article', 'q', 'min', 'max', 'page'] as const;
// Besides the filter, the queue's own links carry only "select=all" (the no-script "select all on this page").
const queueKeys = new Set<string>([...filterKeys, 'select']);
// A search longer than this is a paste gone wrong, not a search; it would also make every LIKE scan slow.
const maxSearchLength = 200;

function score(value: string): number | undefined {
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : undefined;
}

/**
 * Reads the queue filter from a query string or a form. A value that cannot be used is left out of
 * the filter, and said so in `unusable`: a moderator must never look at a different list than the one
 * they asked for without being told. That includes a value that reads well but could match nothing
 * for a reason other than an empty queue (an article that does not exist, a score range that runs
 * backwards), since an empty list would pass for "no comments here". `articles` are those there are.
 */
export function readFilter(source: Record<string, unknown>, articles: readonly { id: number }[]): ReadFilter {
  const unusable: Unusable[] = [];
  const value = valueReader<(typeof filterKeys)[number]>(source, unusable);

  const filter: QueueFilter = { status: 'pending' };
  const status = value('status', 'pending');
  if (status !== undefined) {
    if (isCommentStatus(status)) filter.status = status;
    else {
      const known = `${commentStatuses.slice(0, -1).join(', ')} or ${commentStatuses.at(-1)}`;
      unusable.push({ given: `status=${quote(status)}`, problem: `not a known status (${known})`, instead: 'pending' });
    }
  }
  const article = value('article');
  if (article !== undefined) {
    if (!wholeNumber.test(article)) unusable.push({ given: `article=${quote(article)}`, problem: 'not an article number' });
    else if (!articles.some((a) => a.id === Number(article)))
      unusable.push({ given: `article=${article}`, problem: `there is no article ${article}` });
    else filter.articleId = Number(article);
  }
  const text = value('q')?.trim();
  if (text && text.length > maxSearchLength) unusable.push({ given: 'q', problem: `longer than ${maxSearchLength} characters` });
  else if (text) filter.text = text;
  const given = { min: value('min'), max: value('max') };
  for (const key of ['min', 'max'] as const) {
    const raw = given[key];
    if (raw === undefined) continue;
    const n = score(raw);
    if (n === undefined) unusable.push({ given: `${key}=${quote(raw)}`, problem: 'not a spam score from 0 to 1' });
    else if (key === 'min') filter.minScore = n;
    else filter.maxScore = n;
  }
  if (filter.minScore !== undefined && filter.maxScore !== undefined && filter.minScore > filter.maxScore) {
    unusable.push({
      given: `min=${quote(given.min ?? '')} and max=${quote(given.max ?? '')}`,
      problem: 'the lowest score asked for is above the highest, so no comment could match',
    });
    delete filter.minScore;
    delete filter.maxScore;
  }
  const page = readPage(value('page', 'page 1'), unusable);
  return { filter, page, unusable };
}

/** Query-string keys the queue does not know. */
export function strayQueueKeys(query: Record<string, unknown>): Unusable[] {
  return strayKeys(query, queueKeys, 'the queue');
}
