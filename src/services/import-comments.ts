import { z } from 'zod';
import type { ArticleStore } from '../db/articles.js';
import type { CommentStore } from '../db/comments.js';
import { type Db, inTransaction } from '../db/connection.js';
import { fingerprintBody, isHttpUrl } from '../domain/comment-input.js';
import { commentStatuses } from '../domain/comment-status.js';
import { readJsonLines } from './json-lines.js';

export class ImportError extends Error {}

// The format `comments export` writes.
const exportLine = z.object({
  id: z.number().int().positive(),
  article: z.string().min(1),
  parent_id: z.number().int().positive().nullable(),
  author: z.string(),
  email: z.string(),
  url: z
    .string()
    .default('')
    .refine((v) => v === '' || isHttpUrl(v), 'must be an http:// or https:// address'),
  ip: z.string().default(''),
  user_agent: z.string().default(''),
  body: z.string(),
  status: z.enum(commentStatuses),
  score: z.number().nullable().default(null),
  reasons: z.unknown().default([]),
  created_at: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'is not a date'),
  updated_at: z.string().optional(),
});

export type ImportResult = { imported: number; skipped: number };

/**
 * Loads a `comments export` file: ids and threads are kept, comments whose id already exists are
 * skipped (so an import can be re-run), and the whole file goes in one transaction or not at all.
 */
export async function importComments(
  deps: { db: Db; articles: ArticleStore; comments: CommentStore },
  file: string,
): Promise<ImportResult> {
  const rows = (await readJsonLines(file, exportLine)).map(({ line, value }) => ({ ...value, line }));
  rows.sort((a, b) => a.id - b.id); // parents before their replies
  const result: ImportResult = { imported: 0, skipped: 0 };
  inTransaction(deps.db, () => {
    for (const row of rows) {
      if (deps.comments.findById(row.id)) {
        result.skipped++;
        continue;
      }
      const article = deps.articles.findAnyBySlug(row.article);
      if (!article) throw new ImportError(`${file}:${row.line}: there is no article "${row.article}" (add its content file first)`);
      const parent = row.parent_id === null ? undefined : deps.comments.findById(row.parent_id);
      if (row.parent_id !== null && !parent)
        throw new ImportError(`${file}:${row.line}: its parent comment ${row.parent_id} is neither in the file nor in the database`);
      deps.comments.insert({
        id: row.id,
        articleId: article.id,
        parentId: parent ? parent.id : null,
        rootId: parent ? parent.rootId : null,
        depth: parent ? parent.depth + 1 : 1,
        status: row.status,
        authorName: row.author,
        authorEmail: row.email.toLowerCase(),
        authorUrl: row.url,
        ip: row.ip,
        userAgent: row.user_agent,
        body: row.body,
        bodyFingerprint: fingerprintBody(row.body),
        spamScore: row.score,
        spamReasons: JSON.stringify(row.reasons ?? []),
        createdAt: row.created_at,
      });
      result.imported++;
    }
  });
  return result;
}
