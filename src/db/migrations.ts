import type { Db } from './connection.js';

/**
 * Append-only: never edit a step that has shipped, add a new one. The step number is
 * PRAGMA user_version after it ran. Each step runs in its own transaction.
 */
const steps: readonly string[] = [
  // 1: articles, comments, moderators, sessions, moderation log, settings
  `
  CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    author TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    published_at TEXT NOT NULL,
    updated_at TEXT,
    comments_open INTEGER NOT NULL DEFAULT 1 CHECK (comments_open IN (0, 1)),
    body_markdown TEXT NOT NULL,
    body_html TEXT NOT NULL,
    source_file TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    is_published INTEGER NOT NULL DEFAULT 1 CHECK (is_published IN (0, 1)),
    synced_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX articles_published ON articles (is_published, published_at DESC);

  CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id),
    parent_id INTEGER REFERENCES comments (id) ON DELETE SET NULL,
    root_id INTEGER,
    depth INTEGER NOT NULL DEFAULT 1,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
    status_before_trash TEXT CHECK (status_before_trash IN ('pending', 'approved', 'spam')),
    author_name TEXT NOT NULL,
    author_email TEXT NOT NULL,
    author_url TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    body_fingerprint TEXT NOT NULL,
    spam_score REAL,
    spam_reasons TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    status_changed_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX comments_thread ON comments (article_id, status, parent_id, created_at, id);
  CREATE INDEX comments_root ON comments (root_id, created_at, id);
  CREATE INDEX comments_status ON comments (status, created_at);
  CREATE INDEX comments_email ON comments (author_email, created_at);
  CREATE INDEX comments_ip ON comments (ip, created_at);
  CREATE INDEX comments_fingerprint ON comments (body_fingerprint);

  CREATE TABLE moderators (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_pending_at TEXT
  ) STRICT;

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    moderator_id INTEGER NOT NULL REFERENCES moderators (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE moderation_log (
    id INTEGER PRIMARY KEY,
    moderator_id INTEGER REFERENCES moderators (id) ON DELETE SET NULL,
    moderator_name TEXT NOT NULL,
    comment_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    bulk INTEGER NOT NULL DEFAULT 0 CHECK (bulk IN (0, 1)),
    reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX moderation_log_comment ON moderation_log (comment_id, id);
  CREATE INDEX moderation_log_moderator ON moderation_log (moderator_name, id);

  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;
  `,
  // 2: the spam classifier's weights, moderators' training decisions, word lists
  `
  CREATE TABLE spam_weights (
    feature TEXT PRIMARY KEY,
    weight REAL NOT NULL,
    grad_squares REAL NOT NULL
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE spam_feedback (
    comment_id INTEGER PRIMARY KEY,
    label TEXT NOT NULL CHECK (label IN ('spam', 'ham')),
    created_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE word_lists (
    kind TEXT NOT NULL CHECK (kind IN ('hold', 'block')),
    word TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (kind, word)
  ) STRICT, WITHOUT ROWID;

  CREATE INDEX comments_url ON comments (author_url, status);
  `,
  // 3: sign-in attempts, for the lockout after repeated failures
  `
  CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL COLLATE NOCASE,
    ip TEXT NOT NULL,
    succeeded INTEGER NOT NULL CHECK (succeeded IN (0, 1)),
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX login_attempts_username ON login_attempts (username, created_at);
  CREATE INDEX login_attempts_ip ON login_attempts (ip, created_at);
  CREATE INDEX comments_status_changed ON comments (status, status_changed_at);
  `,
  // 4: emails are stored lower-cased, so the author lookups use plain indexes; history counts by status
  `
  UPDATE comments SET author_email = lower(author_email) WHERE author_email != lower(author_email);
  CREATE INDEX comments_email_status ON comments (author_email, status);
  CREATE INDEX comments_ip_status ON comments (ip, status);
  CREATE INDEX comments_article_top ON comments (article_id, parent_id, status, created_at, id);
  `,
  // 5: fewer indexes on comments, because every comment posted writes to each of them. Eleven
  // became seven; each query keeps an index that answers it (docs/PERFORMANCE.md, "A comment POST"):
  // - comments_thread serves thread pages, counts and positions, so comments_article_top goes.
  // - one (author, status, time) and one (ip, status, time) index replace the four author/ip ones:
  //   counts by status and the latest post per status are both index ranges.
  // - comments_status serves the queue and retention, so comments_status_changed goes.
  // - "earlier spam with this body/website" only ever counts spam, so those indexes hold spam only
  //   and most posts never touch them.
  `
  DROP INDEX comments_article_top;
  DROP INDEX comments_email;
  DROP INDEX comments_email_status;
  DROP INDEX comments_ip;
  DROP INDEX comments_ip_status;
  DROP INDEX comments_status_changed;
  DROP INDEX comments_fingerprint;
  DROP INDEX comments_url;
  CREATE INDEX comments_author ON comments (author_email, status, created_at);
  CREATE INDEX comments_ip_status_time ON comments (ip, status, created_at);
  CREATE INDEX comments_spam_fingerprint ON comments (body_fingerprint) WHERE status = 'spam';
  CREATE INDEX comments_spam_url ON comments (author_url) WHERE status = 'spam';
  `,
  // 6: deleting a comment looks up its replies twice (the foreign key's ON DELETE SET NULL, and
  // re-parenting them to the grandparent). Without an index each delete read the whole table:
  // 45 ms a delete at 200,000 comments, so the hourly purge of a busy site's spam held the write
  // lock for minutes. With it, 0.6 ms. Only replies are in it, so a top-level post costs nothing more.
  `
  CREATE INDEX comments_parent ON comments (parent_id) WHERE parent_id IS NOT NULL;
  `,
  // 7: examples added with `spam train`, kept so that a model retrained after an upgrade (new
  // features, new shipped data) learns them again instead of losing them.
  `
  CREATE TABLE spam_examples (
    id INTEGER PRIMARY KEY,
    author TEXT NOT NULL,
    website TEXT NOT NULL,
    body TEXT NOT NULL,
    label TEXT NOT NULL CHECK (label IN ('spam', 'ham')),
    source TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  `,
  // 8: each worker (WEB_CONCURRENCY) and the CLI hold the spam model in memory. A weight's
  // generation says when it last changed, so a process catches up on what the others learned by
  // reading just those rows, instead of scoring with stale weights and writing them back.
  `
  ALTER TABLE spam_weights ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX spam_weights_generation ON spam_weights (generation);
  `,
  // 9: a moderator's undo takes back exactly what the spam filter learned from the undone
  // decision: what each weight moved by (JSON), and the decision it replaced, which is in force again.
  `
  ALTER TABLE spam_feedback ADD COLUMN previous_label TEXT CHECK (previous_label IN ('spam', 'ham'));
  ALTER TABLE spam_feedback ADD COLUMN lesson_delta TEXT;
  `,
  // 10: a comment id is never given out twice. New ids were one past the largest, so deleting the
  // newest comment (a moderator, or the spam purge) handed its id to the next comment: the next
  // poster saw it as theirs in a stranger's cookie, and inherited its moderation history and
  // spam lesson. The largest id ever used is kept, starting from every id the log and the spam
  // lessons still name, and moved on by each delete.
  `
  INSERT INTO settings (key, value) VALUES ('comment_ids_used_up_to', CAST(max(
    (SELECT coalesce(max(id), 0) FROM comments),
    (SELECT coalesce(max(comment_id), 0) FROM moderation_log),
    (SELECT coalesce(max(comment_id), 0) FROM spam_feedback)) AS TEXT))
  ON CONFLICT (key) DO NOTHING;
  CREATE TRIGGER comments_ids_used_up_to AFTER DELETE ON comments BEGIN
    UPDATE settings SET value = CAST(max(CAST(value AS INTEGER), OLD.id) AS TEXT) WHERE key = 'comment_ids_used_up_to';
  END;
  `,
];

export const latestSchemaVersion = steps.length;

export class SchemaTooNewError extends Error {}

/** Brings the schema up to date (or, for a test of a later step, up to `upTo`). */
export function migrate(db: Db, upTo = steps.length): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > steps.length) {
    throw new SchemaTooNewError(
      `The database is at schema version ${current}, but this build of Broadsheet knows only up to ` +
        `${steps.length}. It was written by a newer version: run that version, or restore a backup.`,
    );
  }
  for (let version = current; version < upTo; version++) {
    const step = steps[version] as string;
    db.transaction(() => {
      db.exec(step);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
