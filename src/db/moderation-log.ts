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
  const names = db.prepare<[], { name: string }>('SELECT DISTINCT moderator_name AS name FROM moderation_log ORDER BY 1');
  return {
    append(e: LogEntry): void {
      append.run(e.moderatorId, e.moderatorName, e.commentId, e.action, e.fromStatus, e.toStatus, e.bulk ? 1 : 0, e.reason, e.createdAt);
    },
    list(filter: { moderator?: string; comment?: number }, limit: number, offset: number): LogRow[] {
      return list
        .all({ moderator: filter.moderator ?? null, comment: filter.comment ?? null, limit, offset })
        .map((r) => ({ ...r, bulk: r.bulk === 1 }));
    },
    count(filter: { moderator?: string; comment?: number }): number {
      return count.get({ moderator: filter.moderator ?? null, comment: filter.comment ?? null })?.n ?? 0;
    },
    moderatorNames: () => names.all().map((r) => r.name),
  };
}

export type ModerationLogStore = ReturnType<typeof moderationLogStore>;
