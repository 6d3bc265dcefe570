import type { Db } from './connection.js';

export type LogEntry = {
  moderatorId: number | null;
  moderatorName: string;
  commentId: number;
  action: string;
  fromStatus: string;
  toStatus: string;
  bulk: boolean;
  reason: string;
  createdAt: string;
};
export type LogRow = LogEntry & { id: number };
/** Which entries to list: one moderator's, one comment's, or both; all when empty. */
export type LogFilter = { moderator?: string; comment?: number };

export function moderationLogStore(db: Db) {
  const append = db.prepare<[number | null, string, number, string, string, string, number, string, string]>(
    `INSERT INTO moderation_log (moderator_id, moderator_name, comment_id, action, from_status, to_status, bulk, reason, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const list = db.prepare<
    { moderator: string | null; comment: number | null; limit: number; offset: number },
    Omit<LogRow, 'bulk'> & { bulk: number }
  >(
    `SELECT id, moderator_id AS moderatorId, moderator_name AS moderatorName, comment_id AS commentId, action,
       from_status AS fromStatus, to_status AS toStatus, bulk, reason, created_at AS createdAt
     FROM moderation_log
     WHERE (@moderator IS NULL OR moderator_name = @moderator) AND (@comment IS NULL OR comment_id = @comment)
     ORDER BY id DESC LIMIT @limit OFFSET @offset`,
  );
  const count = db.prepare<{ moderator: string | null; comment: number | null }, { n: number }>(
    `SELECT count(*) AS n FROM moderation_log
     WHERE (@moderator IS NULL OR moderator_name = @moderator) AND (@comment IS NULL OR comment_id = @comment)`,
  );
  // A moderator's last action: their newest row and, when it was a bulk action, the rows written with it.
  // A bulk action is written in one transaction, so its rows are this moderator's consecutive bulk rows
  // with the same action, reason and time; the first row before them that differs marks where it began.
  const lastAction = db.prepare<{ moderator: string }, Omit<LogRow, 'bulk'> & { bulk: number }>(
    `WITH last AS (SELECT * FROM moderation_log WHERE moderator_name = @moderator ORDER BY id DESC LIMIT 1),
     boundary AS (
       SELECT coalesce((
         SELECT m.id FROM moderation_log m, last
         WHERE m.moderator_name = @moderator AND m.id < last.id
           AND NOT (last.bulk = 1 AND m.bulk = 1 AND m.action = last.action AND m.reason = last.reason AND m.created_at = last.created_at)
         ORDER BY m.id DESC LIMIT 1), 0) AS id)
     SELECT m.id, m.moderator_id AS moderatorId, m.moderator_name AS moderatorName, m.comment_id AS commentId, m.action,
       m.from_status AS fromStatus, m.to_status AS toStatus, m.bulk, m.reason, m.created_at AS createdAt
     FROM moderation_log m, last, boundary
     WHERE m.moderator_name = @moderator AND m.id > boundary.id AND m.id <= last.id
     ORDER BY m.id`,
  );
  const names = db.prepare<[], { name: string }>('SELECT DISTINCT moderator_name AS name FROM moderation_log ORDER BY 1');
  return {
    append(e: LogEntry): void {
      append.run(e.moderatorId, e.moderatorName, e.commentId, e.action, e.fromStatus, e.toStatus, e.bulk ? 1 : 0, e.reason, e.createdAt);
    },
    list(filter: LogFilter, limit: number, offset: number): LogRow[] {
      return list
        .all({ moderator: filter.moderator ?? null, comment: filter.comment ?? null, limit, offset })
        .map((r) => ({ ...r, bulk: r.bulk === 1 }));
    },
    count(filter: LogFilter): number {
      return count.get({ moderator: filter.moderator ?? null, comment: filter.comment ?? null })?.n ?? 0;
    },
    /** The rows of this moderator's newest action (several for a bulk action), oldest first; empty if none. */
    lastAction(moderator: string): LogRow[] {
      return lastAction.all({ moderator }).map((r) => ({ ...r, bulk: r.bulk === 1 }));
    },
    moderatorNames: () => names.all().map((r) => r.name),
  };
}

export type ModerationLogStore = ReturnType<typeof moderationLogStore>;
