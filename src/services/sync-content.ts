import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArticleStore, SyncCounts } from '../db/articles.js';
import { type ArticleSource, assertUniqueSlugs, ContentError, parseArticleFile } from '../domain/content.js';
import type { ChangeTracker } from './change-tracker.js';

/**
 * Imports every content/*.md into the database: all files are read and validated first,
 * then written in one transaction, so a bad file leaves the last good content in place.
 */
export async function syncContent(contentDir: string, articles: ArticleStore, now: Date, changes?: ChangeTracker): Promise<SyncCounts> {
  let names: string[];
  try {
    names = (await readdir(contentDir)).filter((n) => n.endsWith('.md')).sort();
  } catch (error) {
    throw new ContentError(contentDir, null, `cannot read the content folder (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const parsed: ArticleSource[] = [];
  for (const name of names) {
    const file = join(contentDir, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new ContentError(file, null, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    parsed.push(parseArticleFile(file, text));
  }
  assertUniqueSlugs(parsed);
  const counts = articles.replacePublished(parsed, now.toISOString());
  if (counts.added + counts.updated + counts.unpublished > 0) changes?.bump();
  return counts;
}
