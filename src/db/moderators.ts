import type { Db } from './connection.js';

export type ModeratorRow = { id: number; username: string; passwordHash: string; createdAt: string; lastSeenPendingAt: string | null };
export type SessionRow = {
  id: string;
  moderatorId: number;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  username: string;
  lastSeenPendingAt: string | null;
};

const moderatorColumns = 'id, username, password_hash AS passwordHash, created_at AS createdAt, last_seen_pending_at AS lastSeenPendingAt';

export function moderatorStore(db: Db) {
  const byName = db.prepare<[string], ModeratorRow>(`SELECT ${moderatorColumns} FROM moderators WHERE username = ?`);
  const all = db.prepare<[], ModeratorRow>(`SELECT ${moderatorColumns} FROM moderators ORDER BY username`);
  const insert = db.prepare<[string, string, string]>('INSERT INTO moderators (username, password_hash, created_at) VALUES (?, ?, ?)');
  const setHash = db.prepare<[string, string]>('UPDATE moderators SET password_hash = ? WHERE username = ?');
  const endSessionsOf = db.prepare<[string]>('DELETE FROM sessions WHERE moderator_id = (SELECT id FROM moderators WHERE username = ?)');
  const remove = db.prepare<[string]>('DELETE FROM moderators WHERE username = ?');
  const setLastSeen = db.prepare<[string, number]>('UPDATE moderators SET last_seen_pending_at = ? WHERE id = ?');

  const createSession = db.prepare<[string, number, string, string, string]>(
    'INSERT INTO sessions (id, moderator_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)',
  );
  const session = db.prepare<[string], SessionRow>(
    `SELECT s.id, s.moderator_id AS moderatorId, s.csrf_token AS csrfToken, s.created_at AS createdAt, s.last_seen_at AS lastSeenAt,
       m.username, m.last_seen_pending_at AS lastSeenPendingAt
     FROM sessions s JOIN moderators m ON m.id = s.moderator_id WHERE s.id = ?`,
  );
  const touch = db.prepare<[string, string]>('UPDATE sessions SET last_seen_at = ? WHERE id = ?');
  const endSession = db.prepare<[string]>('DELETE FROM sessions WHERE id = ?');
  const endIdle = db.prepare<[string]>('DELETE FROM sessions WHERE last_seen_at < ?');

  const attempt = db.prepare<[string, string, number, string]>(
    'INSERT INTO login_attempts (username, ip, succeeded, created_at) VALUES (?, ?, ?, ?)',
  );
  const failuresByName = db.prepare<[string, string], { n: number }>(
    'SELECT count(*) AS n FROM login_attempts WHERE username = ? AND succeeded = 0 AND created_at > ?',
  );
  const failuresByIp = db.prepare<[string, string], { n: number }>(
    'SELECT count(*) AS n FROM login_attempts WHERE ip = ? AND succeeded = 0 AND created_at > ?',
  );
  const pruneAttempts = db.prepare<[string]>('DELETE FROM login_attempts WHERE created_at < ?');

  return {
    findByUsername: (username: string) => byName.get(username),
    list: () => all.all(),
    add: (username: string, passwordHash: string, now: string) => insert.run(username, passwordHash, now),
    /** A new password also ends every session signed in with the old one. */
    setPassword: (username: string, passwordHash: string) =>
      db.transaction(() => {
        endSessionsOf.run(username);
        return setHash.run(passwordHash, username).changes === 1;
      })(),
    remove: (username: string) => remove.run(username).changes === 1,
    markPendingSeen: (moderatorId: number, now: string) => setLastSeen.run(now, moderatorId),

    createSession: (id: string, moderatorId: number, csrfToken: string, now: string) =>
      createSession.run(id, moderatorId, csrfToken, now, now),
    findSession: (id: string) => session.get(id),
    touchSession: (id: string, now: string) => touch.run(now, id),
    endSession: (id: string) => endSession.run(id),
    endIdleSessions: (idleSince: string) => endIdle.run(idleSince).changes,

    recordAttempt: (username: string, ip: string, succeeded: boolean, now: string) => attempt.run(username, ip, succeeded ? 1 : 0, now),
    recentFailures: (username: string, ip: string, since: string) => ({
      byUsername: failuresByName.get(username, since)?.n ?? 0,
      byIp: failuresByIp.get(ip, since)?.n ?? 0,
    }),
    pruneAttempts: (before: string) => pruneAttempts.run(before),
  };
}

export type ModeratorStore = ReturnType<typeof moderatorStore>;
