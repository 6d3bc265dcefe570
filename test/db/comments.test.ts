import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articleStore } from '../../src/db/articles.js';
import { commentStore, type NewComment } from '../../src/db/comments.js';
import { type Db, openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrations.js';
import type { CommentStatus } from '../../src/domain/comment-status.js';

let db: Db;
let comments: ReturnType<typeof commentStore>;
let articleId: number;
beforeEach(() => {
  db = openDatabase(':memory:');
  migrate(db);
  const articles = articleStore(db);
  const source = {
    slug: 'a',
    title: 'A',
    description: '',
    author: null,
    tags: [],
    publishedAt: '2026-01-01',
    updatedAt: null,
    commentsOpen: true,
    bodyMarkdown: '',
    bodyHtml: '',
    sourceFile: 'a.md',
    sourceHash: 'x',
  };
  articles.replacePublished([source], '2026-01-01T00:00:00.000Z');
  articleId = articles.findCommentTarget('a')?.id as number;
  comments = commentStore(db);
});
afterEach(() => db.close());

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
const comment = (overrides: Partial<NewComment>): NewComment => ({
  articleId,
  parentId: null,
  rootId: null,
  depth: 1,
  status: 'approved',
  authorName: 'Ada',
  authorEmail: 'ada@example.com',
  authorUrl: '',
  ip: '192.0.2.1',
  userAgent: '',
  body: 'Hello',
  bodyFingerprint: 'fp',
  spamScore: null,
  spamReasons: '[]',
  createdAt: at(0),
  ...overrides,
});

describe('the comment store', () => {
  it('makes a top-level comment its own root, keeps a reply’s root and an imported id', () => {
    const top = comments.insert(comment({}));
    const reply = comments.insert(comment({ parentId: top, rootId: top, depth: 2 }));
    const imported = comments.insert(comment({ id: 500 }));
    expect(comments.findById(top)?.rootId).toBe(top);
    expect(comments.findById(reply)?.rootId).toBe(top);
    expect([imported, comments.findById(500)?.rootId]).toEqual([500, 500]);
    expect(comments.insert(comment({}))).toBe(501);
  });

  it('never gives a deleted comment’s id to the next comment', () => {
    const first = comments.insert(comment({}));
    const newest = comments.insert(comment({ status: 'spam', body: 'Spam' }));
    expect(comments.deleteIfStatus(newest, 'spam')).toBe(true);
    expect(comments.insert(comment({}))).toBe(newest + 1);
    expect(first).toBeLessThan(newest);
  });

  it('moves the replies of a deleted comment up a level, with all their replies', () => {
    const top = comments.insert(comment({}));
    const second = comments.insert(comment({ parentId: top, rootId: top, depth: 2 }));
    const third = comments.insert(comment({ parentId: second, rootId: top, depth: 3 }));
    const fourth = comments.insert(comment({ parentId: third, rootId: top, depth: 4 }));
    const place = (id: number) => {
      const row = comments.findById(id);
      return [row?.parentId, row?.rootId, row?.depth];
    };

    comments.deleteIfStatus(second, 'approved');
    expect([place(third), place(fourth)]).toEqual([
      [top, top, 2],
      [third, top, 3],
    ]);
    comments.deleteIfStatus(top, 'approved');
    expect([place(third), place(fourth)]).toEqual([
      [null, third, 1],
      [third, third, 2],
    ]);
  });

  it('finds the latest post from an address or an author in any status, never from an empty address', () => {
    const statuses: CommentStatus[] = ['approved', 'trash', 'spam', 'pending'];
    statuses.forEach((status, i) => {
      comments.insert(comment({ status, createdAt: at(10 + i), authorEmail: `x${i}@example.com` }));
    });
    comments.insert(comment({ status: 'trash', createdAt: at(30), ip: '198.51.100.7' }));
    comments.insert(comment({ createdAt: at(40), ip: '', authorEmail: 'other@example.com' }));
    expect(comments.lastPostTime('192.0.2.1', 'nobody@example.com')).toBe(at(13));
    expect(comments.lastPostTime('203.0.113.1', 'ada@example.com')).toBe(at(30));
    expect(comments.lastPostTime('', 'nobody@example.com')).toBeNull();
  });

  it('calls the same body from the same author on the same article a duplicate, unless trashed or older', () => {
    const since = at(5);
    comments.insert(comment({ status: 'trash', createdAt: at(10) }));
    comments.insert(comment({ status: 'pending', createdAt: at(1) }));
    expect(comments.findDuplicate(articleId, 'ada@example.com', 'fp', since)).toBeNull();
    const spam = comments.insert(comment({ status: 'spam', createdAt: at(20) }));
    expect(comments.findDuplicate(articleId, 'ada@example.com', 'fp', since)).toBe(spam);
    expect(comments.findDuplicate(articleId, 'ada@example.com', 'other', since)).toBeNull();
    expect(comments.findDuplicate(articleId + 1, 'ada@example.com', 'fp', since)).toBeNull();
  });
});

describe('a top-level comment’s position', () => {
  // The post redirect computes the page from the position; the page itself lists the roots. They must agree
  // for every reader, whatever mix of hidden roots, placeholders and the reader's own held comments there is.
  it('is its index among the top-level comments the thread shows that reader', () => {
    const statuses: CommentStatus[] = ['approved', 'pending', 'spam', 'trash'];
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
      return seed / 2 ** 32;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const roots: number[] = [];
    const all: number[] = [];
    for (let minute = 0; minute < 120; minute++) {
      const reply = roots.length > 0 && random() < 0.5;
      const rootId = reply ? pick(roots) : null;
      const id = comments.insert(
        comment({ status: pick(statuses), parentId: rootId, rootId, depth: reply ? 2 : 1, createdAt: at(minute % 40) }),
      );
      if (!reply) roots.push(id);
      all.push(id);
    }
    for (let reader = 0; reader < 20; reader++) {
      const ownIds = reader === 0 ? [] : all.filter(() => random() < 0.1);
      const shown = comments
        .threadPage(articleId, 1, 1000, ownIds)
        .filter((row) => row.parentId === null)
        .map((row) => row.id);
      expect(shown.length).toBe(comments.threadCounts(articleId, ownIds).topLevel);
      for (const [index, rootId] of shown.entries()) {
        expect({ rootId, ownIds, position: comments.positionOfRoot(articleId, rootId, ownIds) }).toEqual({
          rootId,
          ownIds,
          position: index,
        });
      }
    }
  });
});

describe('upgrading a database from before comment ids were kept', () => {
  it('starts new ids past every id the comments, the log and the spam lessons name', () => {
    const old = openDatabase(':memory:');
    migrate(old, 9);
    old.exec(`
      INSERT INTO articles (id, slug, title, description, published_at, body_markdown, body_html, source_file, source_hash, synced_at)
        VALUES (1, 'a', 'A', '', '2026-01-01', '', '', 'a.md', 'x', '2026-01-01');
      INSERT INTO comments (id, article_id, root_id, status, author_name, author_email, body, body_fingerprint, created_at, updated_at, status_changed_at)
        VALUES (4, 1, 4, 'approved', 'Ada', 'ada@example.com', 'Hello', 'fp', '2026-01-01', '2026-01-01', '2026-01-01');
      -- #9 was marked spam, then deleted before the upgrade: only the log and the lesson remember it.
      INSERT INTO moderation_log (moderator_name, comment_id, action, from_status, to_status, created_at)
        VALUES ('mod', 9, 'delete', 'spam', 'deleted', '2026-01-02');
      INSERT INTO spam_feedback (comment_id, label, created_at) VALUES (7, 'spam', '2026-01-02');
    `);
    migrate(old);
    const store = commentStore(old);
    const next = store.insert({ ...comment({}), articleId: 1 });
    expect(next).toBe(10);
    store.deleteIfStatus(next, 'approved');
    expect(store.insert({ ...comment({}), articleId: 1 })).toBe(11);
    old.close();
  });
});
