import type { CommentRow } from '../db/comments.js';

/** One comment as a JSON Lines record: the format `comments export` writes and `comments import` reads. */
export function toExportLine(row: CommentRow & { articleSlug: string }): string {
  return JSON.stringify({
    id: row.id,
    article: row.articleSlug,
    parent_id: row.parentId,
    author: row.authorName,
    email: row.authorEmail,
    url: row.authorUrl,
    ip: row.ip,
    user_agent: row.userAgent,
    body: row.body,
    status: row.status,
    score: row.spamScore,
    reasons: JSON.parse(row.spamReasons) as unknown,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  });
}
