import type { CommentStatus } from '../domain/comment-status.js';
import type { CommentRow } from './comments.js';
import type { Db } from './connection.js';

export type QueueFilter = {
  status: CommentStatus;
  articleId?: number;
  text?: string;
  minScore?: number;
  maxScore?: number;
};

/** A comment as the queue shows it: the stored row, plus its article, its parent and the author's record. */
export type QueueRow = Omit<CommentRow, 'rootId' | 'depth' | 'updatedAt'> & {
  articleSlug: string;
  articleTitle: string;
  parentAuthor: string | null;
  parentBody: string | null;
  emailApproved: number;
  emailSpam: number;
  emailTrash: number;
  ipApproved: number;
  ipSpam: number;
  ipTrash: number;
};

/**
 * What a moderator was shown when asked to confirm a bulk action on a filter: how many matched, the
 * highest id among them and their latest status change. Applying the filter AND this cut-off leaves
 * out comments that arrived or moved into the filter after the count.
 */
/** An article as the queue's filter offers it. */
export type ArticleChoice = { id: number; title: string };

export type QueueSnapshot = { count: number; maxId: number; lastChange: string };

type Params = {
  status: string;
  articleId: number | null;
  text: string | null;
  minScore: number | null;
  maxScore: number | null;
  maxId: number | null;
  lastChange: string | null;
};

const where = `c.status = @status
  AND (@articleId IS NULL OR c.article_id = @articleId)
  AND (@minScore IS NULL OR coalesce(c.spam_score, 0) >= @minScore)
  AND (@maxScore IS NULL OR coalesce(c.spam_score, 0) <= @maxScore)
  AND (@text IS NULL OR c.author_name LIKE @text ESCAPE '\\' OR c.author_email LIKE @text ESCAPE '\\'
       OR c.body LIKE @text ESCAPE '\\' OR c.ip LIKE @text ESCAPE '\\')
  AND (@maxId IS NULL OR c.id <= @maxId)
  AND (@lastChange IS NULL OR c.status_changed_at <= @lastChange)`;

// The author's record, other comments only: "before" this one is what a moderator wants to weigh.
const history = (field: 'author_email' | 'ip', status: CommentStatus) =>
  `(SELECT count(*) FROM comments h WHERE h.${field} = c.${field} AND h.${field} != '' AND h.status = '${status}' AND h.id != c.id)`;

function params(filter: QueueFilter, cutoff?: QueueSnapshot): Params {
  return {
    maxId: cutoff?.maxId ?? null,
    lastChange: cutoff?.lastChange ?? null,
    status: filter.status,
    articleId: filter.articleId ?? null,
    text: filter.text ? `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
    minScore: filter.minScore ?? null,
    maxScore: filter.maxScore ?? null,
  };
}

export function moderationQueueStore(db: Db) {
  const page = db.prepare<Params & { limit: number; offset: number }, QueueRow>(
    `SELECT c.id, c.article_id AS articleId, a.slug AS articleSlug, a.title AS articleTitle, c.parent_id AS parentId,
       p.author_name AS parentAuthor, substr(p.body, 1, 200) AS parentBody, c.status, c.status_before_trash AS statusBeforeTrash,
       c.author_name AS authorName, c.author_email AS authorEmail, c.author_url AS authorUrl, c.ip, c.user_agent AS userAgent,
       c.body, c.spam_score AS spamScore, c.spam_reasons AS spamReasons, c.created_at AS createdAt, c.status_changed_at AS statusChangedAt,
       ${history('author_email', 'approved')} AS emailApproved, ${history('author_email', 'spam')} AS emailSpam,
       ${history('author_email', 'trash')} AS emailTrash, ${history('ip', 'approved')} AS ipApproved,
       ${history('ip', 'spam')} AS ipSpam, ${history('ip', 'trash')} AS ipTrash
     FROM comments c JOIN articles a ON a.id = c.article_id LEFT JOIN comments p ON p.id = c.parent_id
     WHERE ${where}
     ORDER BY c.created_at DESC, c.id DESC LIMIT @limit OFFSET @offset`,
  );
  const count = db.prepare<Params, { n: number }>(`SELECT count(*) AS n FROM comments c WHERE ${where}`);
  const ids = db.prepare<Params, { id: number }>(`SELECT c.id FROM comments c WHERE ${where} ORDER BY c.id`);
  // One statement, so the count and the cut-off describe the same moment.
  const snapshot = db.prepare<Params, { n: number; maxId: number | null; lastChange: string | null }>(
    `SELECT count(*) AS n, max(c.id) AS maxId, max(c.status_changed_at) AS lastChange FROM comments c WHERE ${where}`,
  );
  const byStatus = db.prepare<[], { status: CommentStatus; n: number }>('SELECT status, count(*) AS n FROM comments GROUP BY status');
  const newPending = db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM comments WHERE status = 'pending' AND created_at > ?");
  const articles = db.prepare<[], ArticleChoice>('SELECT id, title FROM articles ORDER BY published_at DESC');
  const expired = db.prepare<[string, string], { id: number; status: CommentStatus }>(
    `SELECT id, status FROM comments WHERE (status = 'spam' AND status_changed_at < ?) OR (status = 'trash' AND status_changed_at < ?)`,
  );

  return {
    page: (filter: QueueFilter, limit: number, offset: number) => page.all({ ...params(filter), limit, offset }),
    count: (filter: QueueFilter) => count.get(params(filter))?.n ?? 0,
    /** Ids matching the filter; with a cut-off, only those that were there when the snapshot was taken. */
    matchingIds: (filter: QueueFilter, cutoff?: QueueSnapshot) => ids.all(params(filter, cutoff)).map((r) => r.id),
    snapshot(filter: QueueFilter): QueueSnapshot {
      const row = snapshot.get(params(filter));
      return { count: row?.n ?? 0, maxId: row?.maxId ?? 0, lastChange: row?.lastChange ?? '' };
    },
    countsByStatus(): Record<CommentStatus, number> {
      const counts: Record<CommentStatus, number> = { pending: 0, approved: 0, spam: 0, trash: 0 };
      for (const row of byStatus.all()) counts[row.status] = row.n;
      return counts;
    },
    pendingSince: (since: string) => newPending.get(since)?.n ?? 0,
    articles: () => articles.all(),
    /** Spam and trash whose retention ran out: changed to that status before the given times. */
    expired: (spamBefore: string, trashBefore: string) => expired.all(spamBefore, trashBefore),
  };
}

export type ModerationQueueStore = ReturnType<typeof moderationQueueStore>;
