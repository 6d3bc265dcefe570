import type { QueueFilter } from '../../db/moderation-queue.js';
import { commentStatuses, isCommentStatus } from '../../domain/comment-status.js';

/** A value that could not be used: what was given, why not, and what is shown in its place. */
export type Unusable = { given: string; problem: string; instead?: string };

/** The filter a queue address asks for, the page, and each value that could not be used. */
export type ReadFilter = { filter: QueueFilter; page: number; unusable: Unusable[] };

/** For the queue page, which shows the list without the value. */
export function ignoredSentence(u: Unusable): string {
  return `Ignored ${u.given}: ${u.problem}${u.instead ? `, so this shows ${u.instead}` : ''}.`;
}

/** For a refusal, where nothing was shown or done in its place. */
export function unreadSentence(u: Unusable): string {
  return `${u.given}: ${u.problem}.`;
}

const filterKeys = ['status', 'article', 'q', 'min', 'max', 'page'] as const;
// Besides the filter, the queue's own links carry only "select=all" (the no-script "select all on this page").
const queueKeys = new Set<string>([...filterKeys, 'select']);
// A search longer than this is a paste gone wrong, not a search; it would also make every LIKE scan slow.
const maxSearchLength = 200;

/** A value as the moderator typed it, short enough to quote in a sentence. */
function quote(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

function score(value: string): number | undefined {
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : undefined;
}

/**
 * Reads the queue filter from a query string or a form. A value that cannot be used is left out of
 * the filter, and said so in `unusable`: a moderator must never look at a different list than the one
 * they asked for without being told. A blank value is the filter form's "any", not a mistake.
 */
export function readFilter(source: Record<string, unknown>): ReadFilter {
  const unusable: Unusable[] = [];
  const value = (key: (typeof filterKeys)[number], instead?: string): string | undefined => {
    const raw = source[key];
    if (raw === undefined || raw === '') return undefined;
    if (typeof raw === 'string') return raw;
    unusable.push({ given: key, problem: 'given more than once', instead });
    return undefined;
  };

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
    if (/^[1-9]\d{0,14}$/.test(article)) filter.articleId = Number(article);
    else unusable.push({ given: `article=${quote(article)}`, problem: 'not an article number' });
  }
  const text = value('q')?.trim();
  if (text && text.length > maxSearchLength) unusable.push({ given: 'q', problem: `longer than ${maxSearchLength} characters` });
  else if (text) filter.text = text;
  for (const key of ['min', 'max'] as const) {
    const given = value(key);
    if (given === undefined) continue;
    const n = score(given);
    if (n === undefined) unusable.push({ given: `${key}=${quote(given)}`, problem: 'not a spam score from 0 to 1' });
    else if (key === 'min') filter.minScore = n;
    else filter.maxScore = n;
  }
  let page = 1;
  const pageGiven = value('page', 'page 1');
  if (pageGiven !== undefined) {
    // Any size is accepted: a page past the end is sent to the last page, not refused.
    if (/^[1-9]\d{0,14}$/.test(pageGiven)) page = Number(pageGiven);
    else unusable.push({ given: `page=${quote(pageGiven)}`, problem: 'not a page number', instead: 'page 1' });
  }
  return { filter, page, unusable };
}

/** Query-string keys the queue does not know: most likely a typo ("stauts=spam") the moderator should hear about. */
export function strayKeys(query: Record<string, unknown>): Unusable[] {
  return Object.keys(query)
    .filter((key) => !queueKeys.has(key))
    .map((key) => ({ given: quote(key), problem: 'not a filter of the queue' }));
}
