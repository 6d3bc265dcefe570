import { type CommentStatus, commentStatuses } from '../domain/comment-status.js';
import type { Db } from './connection.js';

export type ThreadCommentRow = {
  id: number;
  parentId: number | null;
  rootId: number;
  depth: number;
  status: CommentStatus;
  authorName: string;
  authorUrl: string;
  body: string;
  createdAt: string;
};

/** A thread page row: `removed` marks a comment the reader may not see, loaded (with its author and body
 * blanked) only because it has replies, so they can stay in place under a placeholder. */
export type ThreadPageRow = ThreadCommentRow & { removed: boolean };

export type CommentRow = ThreadCommentRow & {
  articleId: number;
  authorEmail: string;
  ip: string;
  userAgent: string;
  spamScore: number | null;
  spamReasons: string;
  statusBeforeTrash: CommentStatus | null;
  updatedAt: string;
  statusChangedAt: string;
};

export type NewComment = {
  /** Only when importing: keeps the id the comment had before. */
  id?: number | null;
  articleId: number;
  parentId: number | null;
  rootId: number | null;
  depth: number;
  status: CommentStatus;
  authorName: string;
  authorEmail: string;
  authorUrl: string;
  ip: string;
  userAgent: string;
  body: string;
  bodyFingerprint: string;
  spamScore: number | null;
  spamReasons: string;
  createdAt: string;
};

const threadColumns = `c.id, c.parent_id AS parentId, c.root_id AS rootId, c.depth, c.status,
  c.author_name AS authorName, c.author_url AS authorUrl, c.body, c.created_at AS createdAt`;
const allColumns = `${threadColumns}, c.article_id AS articleId, c.author_email AS authorEmail, c.ip,
  c.user_agent AS userAgent, c.spam_score AS spamScore, c.spam_reasons AS spamReasons,
  c.status_before_trash AS statusBeforeTrash, c.updated_at AS updatedAt, c.status_changed_at AS statusChangedAt`;

// A reader's own held comments are shown to them in place; `extra` is a JSON array of those ids.
// The unary + keeps SQLite from answering this OR from the status index across every article;
// the thread and article indexes narrow far better.
const visibleAs = (t: string) =>
  `(+${t}.status = 'approved' OR (${t}.id IN (SELECT value FROM json_each(@extra)) AND +${t}.status != 'trash'))`;
// Readers with no held comments of their own (nearly all) get the approved-only form, which the indexes answer directly.
const approvedAs = (t: string) => `(+${t}.status = 'approved' AND @extra = '[]')`;
// A top-level comment is on the list if it is visible, or, as a placeholder, if any reply in its thread is
// (trash and spam hide a comment, not the conversation under it). The reply check is one root-index range.
const shownRootAs = (filter: (t: string) => string) =>
  `(${filter('c')} OR EXISTS (SELECT 1 FROM comments r WHERE r.root_id = c.id AND r.id != c.id AND ${filter('r')}))`;

export function commentStore(db: Db) {
  // One statement, so it is atomic without a transaction of its own: a top-level comment is its own
  // root, and its id is chosen here so root_id can use it: one past the largest id ever used, which
  // a delete leaves behind in settings (migration 10), so a deleted comment's id is never reused.
  const insert = db.prepare<NewComment & { now: string }, { id: number }>(
    `INSERT INTO comments (id, article_id, parent_id, root_id, depth, status, author_name, author_email, author_url,
       ip, user_agent, body, body_fingerprint, spam_score, spam_reasons, created_at, updated_at, status_changed_at)
     SELECT n.id, @articleId, @parentId, coalesce(@rootId, n.id), @depth, @status, @authorName, @authorEmail, @authorUrl,
       @ip, @userAgent, @body, @bodyFingerprint, @spamScore, @spamReasons, @createdAt, @now, @now
     FROM (SELECT coalesce(@id, max(
       (SELECT coalesce(max(id), 0) FROM comments),
       coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'comment_ids_used_up_to'), 0)) + 1) AS id) n
     RETURNING id`,
  );
  const byId = db.prepare<[number], CommentRow>(`SELECT ${allColumns} FROM comments c WHERE c.id = ?`);
  // One statement loads one page of a thread: the page's top-level comments and all their replies,
  // plus the hidden comments that have replies (blanked), which the thread shows as placeholders.
  const threadPageFor = (filter: (t: string) => string) =>
    db.prepare<{ articleId: number; extra: string; limit: number; offset: number }, ThreadCommentRow & { removed: 0 | 1 }>(
      `SELECT c.id, c.parent_id AS parentId, c.root_id AS rootId, c.depth, c.status, c.created_at AS createdAt,
         CASE WHEN ${filter('c')} THEN 0 ELSE 1 END AS removed,
         CASE WHEN ${filter('c')} THEN c.author_name ELSE '' END AS authorName,
         CASE WHEN ${filter('c')} THEN c.author_url ELSE '' END AS authorUrl,
         CASE WHEN ${filter('c')} THEN c.body ELSE '' END AS body
       FROM comments c
       WHERE c.root_id IN (
         SELECT c.id FROM comments c
         WHERE c.article_id = @articleId AND c.parent_id IS NULL AND ${shownRootAs(filter)}
         ORDER BY c.created_at, c.id LIMIT @limit OFFSET @offset)
       AND (${filter('c')} OR EXISTS (SELECT 1 FROM comments k WHERE k.parent_id = c.id))
       ORDER BY c.created_at, c.id`,
    );
  const threadPagePublic = threadPageFor(approvedAs);
  const threadPage = threadPageFor(visibleAs);
  const countsFor = (filter: (t: string) => string) =>
    db.prepare<{ articleId: number; extra: string }, { total: number; topLevel: number }>(
      `SELECT (SELECT count(*) FROM comments c WHERE c.article_id = @articleId AND c.status = 'approved') AS total,
              (SELECT count(*) FROM comments c WHERE c.article_id = @articleId AND c.parent_id IS NULL AND ${shownRootAs(filter)}) AS topLevel`,
    );
  const countsPublic = countsFor(approvedAs);
  const counts = countsFor(visibleAs);
  // Position among shown top-level comments (approved, or placeholders over visible replies), plus the
  // reader's own held ones before it.
  const rootPosition = db.prepare<{ articleId: number; createdAt: string; id: number; extra: string }, { position: number }>(
    `SELECT
       (SELECT count(*) FROM comments c
        WHERE c.article_id = @articleId AND c.parent_id IS NULL AND c.status = 'approved'
          AND (c.created_at < @createdAt OR (c.created_at = @createdAt AND c.id < @id)))
     -- Placeholders, found from the approved replies (few) rather than by testing every held or
     -- spam top-level comment (many: a post's redirect runs this, and a busy article has thousands).
     + (SELECT count(DISTINCT r.root_id) FROM comments r JOIN comments c ON c.id = r.root_id
        WHERE r.article_id = @articleId AND r.status = 'approved' AND r.parent_id IS NOT NULL AND c.status != 'approved'
          AND NOT (c.id IN (SELECT value FROM json_each(@extra)) AND c.status != 'trash')
          AND (c.created_at < @createdAt OR (c.created_at = @createdAt AND c.id < @id)))
     -- and the placeholders whose only visible replies are the reader's own held ones: a separate term,
     -- walked from the reader's few ids (CROSS JOIN keeps that order). Folded into the term above, or
     -- joined in SQLite's own order, it scanned the article: a post's redirect took 30 times longer.
     + (SELECT count(DISTINCT r.root_id) FROM json_each(@extra) own CROSS JOIN comments r ON r.id = own.value CROSS JOIN comments c ON c.id = r.root_id
        WHERE r.article_id = @articleId AND r.parent_id IS NOT NULL AND r.status NOT IN ('approved', 'trash') AND c.status != 'approved'
          AND NOT (c.id IN (SELECT value FROM json_each(@extra)) AND c.status != 'trash')
          AND (c.created_at < @createdAt OR (c.created_at = @createdAt AND c.id < @id))
          AND NOT EXISTS (SELECT 1 FROM comments a WHERE a.root_id = c.id AND a.status = 'approved' AND a.parent_id IS NOT NULL))
     + (SELECT count(*) FROM json_each(@extra) own CROSS JOIN comments c ON c.id = own.value
        WHERE c.article_id = @articleId AND c.parent_id IS NULL AND c.status NOT IN ('approved', 'trash')
          AND (c.created_at < @createdAt OR (c.created_at = @createdAt AND c.id < @id))) AS position`,
  );
  const rootKey = db.prepare<[number], { createdAt: string; id: number }>('SELECT created_at AS createdAt, id FROM comments WHERE id = ?');
  // The latest post from this address or author, in any status: one index seek per status (the
  // author and ip indexes are ordered by status, then time), so a busy address costs no more than a new one.
  const lastFrom = db.prepare<{ ip: string; email: string }, { createdAt: string | null }>(
    `WITH statuses(status) AS (VALUES ${commentStatuses.map((s) => `('${s}')`).join(', ')})
     SELECT max(t) AS createdAt FROM (
       SELECT (SELECT max(c.created_at) FROM comments c WHERE c.ip = @ip AND c.ip != '' AND c.status = s.status) AS t FROM statuses s
       UNION ALL
       SELECT (SELECT max(c.created_at) FROM comments c WHERE c.author_email = @email AND c.status = s.status) FROM statuses s)`,
  );
  // Trash does not count; listing the other statuses lets the author index range over time within each.
  const duplicate = db.prepare<{ articleId: number; email: string; fingerprint: string; since: string }, { id: number }>(
    `SELECT id FROM comments WHERE author_email = @email AND status IN ('pending', 'approved', 'spam')
       AND created_at >= @since AND body_fingerprint = @fingerprint AND article_id = @articleId LIMIT 1`,
  );
  const imported = db.prepare<{ articleId: number; email: string; fingerprint: string; createdAt: string }, { id: number }>(
    `SELECT id FROM comments WHERE article_id = @articleId AND author_email = @email
       AND created_at = @createdAt AND body_fingerprint = @fingerprint LIMIT 1`,
  );
  const setStatus = db.prepare<{ id: number; from: CommentStatus; to: CommentStatus; now: string }>(
    `UPDATE comments SET status = @to, status_changed_at = @now, updated_at = @now,
       status_before_trash = CASE WHEN @to = 'trash' THEN @from ELSE NULL END
     WHERE id = @id AND status = @from`,
  );
  const recentApproved = db.prepare<[number, number], ThreadCommentRow>(
    `SELECT ${threadColumns} FROM comments c WHERE c.article_id = ? AND c.status = 'approved'
     ORDER BY c.created_at DESC, c.id DESC LIMIT ?`,
  );
  // The unary + keeps SQLite on the id list instead of scanning every pending and spam comment.
  const held = db.prepare<[string], { n: number }>(
    "SELECT count(*) AS n FROM comments WHERE id IN (SELECT value FROM json_each(?)) AND +status IN ('pending', 'spam')",
  );
  const byEmail = db.prepare<[string], CommentRow & { articleSlug: string }>(
    `SELECT ${allColumns}, a.slug AS articleSlug FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.author_email = ? ORDER BY c.id`,
  );
  const anonymise = db.prepare<[string, string]>(
    `UPDATE comments SET author_name = 'Anonymous', author_email = '', author_url = '', ip = '', user_agent = '', updated_at = ?
     WHERE author_email = ?`,
  );
  const deleteByEmail = db.prepare<[string]>('DELETE FROM comments WHERE author_email = ?');
  const untruncated = db.prepare<[string], { id: number; ip: string }>(
    "SELECT id, ip FROM comments WHERE created_at < ? AND ip != '' AND ip NOT LIKE '%.0' AND ip NOT LIKE '%::' LIMIT 5000",
  );
  const setIp = db.prepare<[string, number]>('UPDATE comments SET ip = ? WHERE id = ?');
  const placeOf = db.prepare<[number, CommentStatus], { parentId: number | null }>(
    'SELECT parent_id AS parentId FROM comments WHERE id = ? AND status = ?',
  );
  const adoptChildren = db.prepare<[number | null, number]>('UPDATE comments SET parent_id = ? WHERE parent_id = ?');
  const deleteIf = db.prepare<[number, CommentStatus]>('DELETE FROM comments WHERE id = ? AND status = ?');
  // Everything under a comment that goes moves up a level with its replies, so each keeps one more
  // than its parent's depth: the page indents it where it now sits, and a reply to it nests as deep as it should.
  const raiseReplies = db.prepare<[number]>(
    `UPDATE comments SET depth = depth - 1 WHERE depth > 1 AND id IN (
       WITH RECURSIVE down(id) AS (
         SELECT id FROM comments WHERE parent_id = ?
         UNION ALL SELECT c.id FROM comments c JOIN down ON c.parent_id = down.id)
       SELECT id FROM down)`,
  );
  // After a top-level comment goes, each former reply's root is its new top-level ancestor.
  const rerootThread = db.prepare<[number]>(
    `UPDATE comments SET root_id = (
       WITH RECURSIVE up(id, parent) AS (
         SELECT comments.id, comments.parent_id
         UNION ALL SELECT c.id, c.parent_id FROM comments c JOIN up ON c.id = up.parent)
       SELECT id FROM up WHERE parent IS NULL)
     WHERE root_id = ?`,
  );
  const exportAll = db.prepare<{ status: string | null; slug: string | null }, CommentRow & { articleSlug: string }>(
    `SELECT ${allColumns}, a.slug AS articleSlug FROM comments c JOIN articles a ON a.id = c.article_id
     WHERE (@status IS NULL OR c.status = @status) AND (@slug IS NULL OR a.slug = @slug) ORDER BY c.id`,
  );

  return {
    insert(comment: NewComment): number {
      return (insert.get({ ...comment, id: comment.id ?? null, now: comment.createdAt }) as { id: number }).id;
    },
    findById(id: number): CommentRow | undefined {
      return byId.get(id);
    },
    threadPage(articleId: number, page: number, perPage: number, ownIds: readonly number[]): ThreadPageRow[] {
      const statement = ownIds.length === 0 ? threadPagePublic : threadPage;
      return statement
        .all({ articleId, extra: JSON.stringify(ownIds), limit: perPage, offset: (page - 1) * perPage })
        .map((row) => ({ ...row, removed: row.removed === 1 }));
    },
    threadCounts(articleId: number, ownIds: readonly number[]): { approved: number; topLevel: number } {
      const row = (ownIds.length === 0 ? countsPublic : counts).get({ articleId, extra: JSON.stringify(ownIds) });
      return { approved: row?.total ?? 0, topLevel: row?.topLevel ?? 0 };
    },
    /** 0-based position of a top-level comment among those the reader can see. */
    positionOfRoot(articleId: number, rootId: number, ownIds: readonly number[]): number {
      const root = rootKey.get(rootId);
      if (!root) return 0;
      return rootPosition.get({ articleId, ...root, extra: JSON.stringify(ownIds) })?.position ?? 0;
    },
    lastPostTime(ip: string, email: string): string | null {
      return lastFrom.get({ ip, email })?.createdAt ?? null;
    },
    findDuplicate(articleId: number, email: string, fingerprint: string, since: string): number | null {
      return duplicate.get({ articleId, email, fingerprint, since })?.id ?? null;
    },
    /** The comment with exactly this author, time and body on this article: how a re-run import recognises its own work. */
    findSame(articleId: number, email: string, createdAt: string, fingerprint: string): number | null {
      return imported.get({ articleId, email, createdAt, fingerprint })?.id ?? null;
    },
    /** Moves a comment only if it is still in `from`; false means someone else moved it first. */
    changeStatus(id: number, from: CommentStatus, to: CommentStatus, now: string): boolean {
      return setStatus.run({ id, from, to, now }).changes === 1;
    },
    byEmail(email: string) {
      return byEmail.all(email);
    },
    /** Removes everything that identifies the author; the text stays, as WordPress does. */
    anonymiseByEmail(email: string, now: string): number {
      return anonymise.run(now, email).changes;
    },
    deleteByEmail(email: string): number {
      return deleteByEmail.run(email).changes;
    },
    /** Comments older than `before` whose IP address is still complete. */
    untruncatedIps(before: string): { id: number; ip: string }[] {
      return untruncated.all(before);
    },
    setIp(id: number, ip: string): void {
      setIp.run(ip, id);
    },
    /** How many of these comments are still held (shown only to their poster). */
    countHeld(ids: readonly number[]): number {
      return ids.length === 0 ? 0 : (held.get(JSON.stringify(ids))?.n ?? 0);
    },
    /** Deletes a comment only if it is still in `from`; its replies move up to its parent, so none is orphaned. */
    deleteIfStatus(id: number, from: CommentStatus): boolean {
      return db.transaction(() => {
        const place = placeOf.get(id, from);
        if (!place) return false;
        raiseReplies.run(id);
        adoptChildren.run(place.parentId, id);
        deleteIf.run(id, from);
        if (place.parentId === null) rerootThread.run(id);
        return true;
      })();
    },
    recentApproved(articleId: number, limit: number): ThreadCommentRow[] {
      return recentApproved.all(articleId, limit);
    },
    *exportRows(filter: { status?: string; slug?: string }) {
      yield* exportAll.iterate({ status: filter.status ?? null, slug: filter.slug ?? null });
    },
  };
}

export type CommentStore = ReturnType<typeof commentStore>;
