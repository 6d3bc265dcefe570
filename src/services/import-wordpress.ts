import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ArticleStore } from '../db/articles.js';
import type { CommentStore } from '../db/comments.js';
import { type Db, inTransaction } from '../db/connection.js';
import { fingerprintBody, isHttpUrl } from '../domain/comment-input.js';
import { placeReply } from '../domain/thread.js';
import { parseWordPressExport } from '../domain/wordpress-export.js';

export type WordPressImportResult = {
  imported: number;
  /** Already in the database from an earlier run of the same import. */
  alreadyThere: number;
  /** Replies whose parent is not in the export (deleted in WordPress, or a pingback): kept as top-level comments. */
  orphansMadeTopLevel: number;
  /** Posts with comments whose slug matches no article here, with how many comments each had. */
  postsWithoutArticle: { slug: string; title: string; comments: number }[];
};

/**
 * Brings a WordPress site's comments into Broadsheet: each post's comments go to the article with
 * the same slug, threads are kept (deeper than COMMENT_MAX_DEPTH they flatten the way a new reply
 * would), and statuses carry over (approved, pending, spam, trash). One transaction; re-running
 * the same export adds nothing twice.
 */
export async function importWordPressComments(
  deps: { db: Db; articles: ArticleStore; comments: CommentStore },
  file: string,
  maxDepth: number,
): Promise<WordPressImportResult> {
  const posts = parseWordPressExport(await readFile(file, 'utf8'), basename(file));
  const result: WordPressImportResult = { imported: 0, alreadyThere: 0, orphansMadeTopLevel: 0, postsWithoutArticle: [] };
  inTransaction(deps.db, () => {
    for (const post of posts) {
      const article = deps.articles.findAnyBySlug(post.slug);
      if (!article) {
        result.postsWithoutArticle.push({ slug: post.slug, title: post.title, comments: post.comments.length });
        continue;
      }
      const idOf = new Map<number, number>(); // WordPress comment id → ours
      // WordPress ids grow with time, so a parent always comes before its replies.
      for (const c of [...post.comments].sort((a, b) => a.wpId - b.wpId)) {
        const fingerprint = fingerprintBody(c.body);
        const existing = deps.comments.findSame(article.id, c.email, c.createdAt, fingerprint);
        if (existing !== null) {
          idOf.set(c.wpId, existing);
          result.alreadyThere++;
          continue;
        }
        const parentId = c.wpParentId === null ? undefined : idOf.get(c.wpParentId);
        const parent = parentId === undefined ? undefined : deps.comments.findById(parentId);
        if (c.wpParentId !== null && !parent) result.orphansMadeTopLevel++;
        const placement = parent ? placeReply(parent, maxDepth) : { parentId: null, depth: 1, rootId: null };
        const id = deps.comments.insert({
          articleId: article.id,
          ...placement,
          status: c.status,
          authorName: c.author || 'Anonymous',
          authorEmail: c.email,
          // Only http(s) addresses ever become links on our pages.
          authorUrl: isHttpUrl(c.url) ? c.url : '',
          ip: c.ip,
          userAgent: c.userAgent,
          body: c.body,
          bodyFingerprint: fingerprint,
          spamScore: null,
          spamReasons: JSON.stringify([{ check: 'import', contribution: 0, message: 'imported from a WordPress export' }]),
          createdAt: c.createdAt,
        });
        idOf.set(c.wpId, id);
        result.imported++;
      }
    }
  });
  return result;
}
