import type { LogFilter } from '../../db/moderation-log.js';
import { quote, readPage, strayKeys, type Unusable, valueReader, wholeNumber } from './filter-values.js';

/** The filter an audit log address asks for, the page, and each value that could not be used. */
export type ReadLogFilter = { filter: LogFilter; page: number; unusable: Unusable[] };

const logKeys = ['moderator', 'comment', 'page'] as const;
const knownKeys = new Set<string>(logKeys);
// No moderator can be called anything longer (see addModerator), so a longer name is a paste gone wrong.
const maxModeratorLength = 64;

/**
 * Reads the audit log filter from a query string, as readFilter does for the queue: a value that
 * cannot be used is left out and named. A moderator or comment with no entries is not such a value;
 * it is a true answer, and the page says so where the entries would be.
 */
export function readLogFilter(source: Record<string, unknown>): ReadLogFilter {
  const unusable: Unusable[] = [];
  const value = valueReader<(typeof logKeys)[number]>(source, unusable);
  const filter: LogFilter = {};

  const moderator = value('moderator', 'every moderator');
  if (moderator !== undefined) {
    if (moderator.length > maxModeratorLength) {
      unusable.push({ given: 'moderator', problem: `longer than ${maxModeratorLength} characters`, instead: 'every moderator' });
    } else filter.moderator = moderator;
  }
  const comment = value('comment', 'every comment');
  if (comment !== undefined) {
    if (wholeNumber.test(comment)) filter.comment = Number(comment);
    else unusable.push({ given: `comment=${quote(comment)}`, problem: 'not a comment number', instead: 'every comment' });
  }
  const page = readPage(value('page', 'page 1'), unusable);
  return { filter, page, unusable };
}

/** Query-string keys the audit log does not know. */
export function strayLogKeys(query: Record<string, unknown>): Unusable[] {
  return strayKeys(query, knownKeys, 'the audit log');
}
