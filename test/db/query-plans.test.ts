import { describe, expect, it } from 'vitest';
import { articleStore } from '../../src/db/articles.js';
import { commentStore } from '../../src/db/comments.js';
import { type Db, openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrations.js';
import { moderationLogStore } from '../../src/db/moderation-log.js';
import { moderationQueueStore } from '../../src/db/moderation-queue.js';
import { spamStore } from '../../src/db/spam.js';

/** Every statement the stores prepare that reads or changes comments, as SQL text. */
function commentStatements(db: Db): string[] {
  const seen = new Set<string>();
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    if (/\bcomments\b/.test(sql) && !/^\s*INSERT/i.test(sql)) seen.add(sql);
    return prepare(sql);
  }) as Db['prepare'];
  for (const store of [articleStore, commentStore, spamStore, moderationQueueStore, moderationLogStore]) store(db);
  db.prepare = prepare;
  return [...seen];
}

function plan(db: Db, sql: string): string {
  // Plans do not depend on the values; every parameter gets one that type-checks.
  const names = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1] as string))];
  const params = names.length
    ? [Object.fromEntries(names.map((n) => [n, n === 'extra' ? '[]' : 1]))]
    : Array((sql.match(/\?/g) ?? []).length).fill(1);
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
}

// Passes over the whole table that are meant: exports, the hourly IP truncation, the status
// counts of the queue's tabs.
const wholeTable = [/@status IS NULL OR c\.status = @status/, /ip NOT LIKE/, /GROUP BY status/];

describe('query plans on comments', () => {
  it('every statement finds its rows through an index', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    const statements = commentStatements(db);
    expect(statements.length).toBeGreaterThan(25);
    const scans = statements
      .filter((sql) => !wholeTable.some((pattern) => pattern.test(sql.replace(/\s+/g, ' ').trim())))
      .map((sql) => ({ sql: sql.replace(/\s+/g, ' ').slice(0, 120), plan: plan(db, sql) }))
      .filter(({ plan }) => /^SCAN (c|comments|h|p)\b/m.test(plan));
    expect(scans).toEqual([]);
    db.close();
  });

  it('replies are indexed by parent, so deleting a comment does not read the whole table to find them', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    // The foreign key's ON DELETE SET NULL looks the replies up too; SQLite can only do that through an index.
    const plan = (db.prepare('EXPLAIN QUERY PLAN UPDATE comments SET parent_id = NULL WHERE parent_id = 1').all() as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/USING (COVERING )?INDEX comments_parent/);
    db.close();
  });
});
