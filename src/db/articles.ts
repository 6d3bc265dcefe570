import type { ArticleSource } from '../domain/content.js';
import type { Db } from './connection.js';

export type ArticleRow = {
  id: number;
  slug: string;
  title: string;
  description: string;
  author: string | null;
  tags: string[];
  publishedAt: string;
  updatedAt: string | null;
  commentsOpen: boolean;
  bodyHtml: string;
  syncedAt: string;
};

export type ArticleListItem = ArticleRow & { approvedCount: number };

/** What posting a comment needs to know about its article: not the body, which is the costly part to read. */
export type CommentTarget = Pick<ArticleRow, 'id' | 'slug' | 'commentsOpen'>;

type RawArticle = Omit<ArticleRow, 'tags' | 'commentsOpen'> & { tags: string; commentsOpen: number };

const columns = `a.id, a.slug, a.title, a.description, a.author, a.tags, a.published_at AS publishedAt,
  a.updated_at AS updatedAt, a.comments_open AS commentsOpen, a.body_html AS bodyHtml, a.synced_at AS syncedAt`;

function toArticle<T extends RawArticle>(raw: T): Omit<T, 'tags' | 'commentsOpen'> & Pick<ArticleRow, 'tags' | 'commentsOpen'> {
  return { ...raw, tags: JSON.parse(raw.tags) as string[], commentsOpen: raw.commentsOpen === 1 };
}

export type SyncCounts = { added: number; updated: number; unchanged: number; unpublished: number };

export function articleStore(db: Db) {
  const bySlug = db.prepare<[string], RawArticle>(`SELECT ${columns} FROM articles a WHERE a.slug = ? AND a.is_published = 1`);
  const targetBySlug = db.prepare<[string], { id: number; slug: string; commentsOpen: number }>(
    'SELECT a.id, a.slug, a.comments_open AS commentsOpen FROM articles a WHERE a.slug = ? AND a.is_published = 1',
  );
  const anyBySlug = db.prepare<[string], RawArticle>(`SELECT ${columns} FROM articles a WHERE a.slug = ?`);
  const byId = db.prepare<[number], RawArticle>(`SELECT ${columns} FROM articles a WHERE a.id = ?`);
  const published = db.prepare<[number], RawArticle & { approvedCount: number }>(
    `SELECT ${columns},
       (SELECT count(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'approved') AS approvedCount
     FROM articles a WHERE a.is_published = 1 ORDER BY a.published_at DESC, a.id DESC LIMIT ?`,
  );
  const hashes = db.prepare<[], { slug: string; sourceHash: string; isPublished: number }>(
    'SELECT slug, source_hash AS sourceHash, is_published AS isPublished FROM articles',
  );
  const upsert = db.prepare(
    `INSERT INTO articles (slug, title, description, author, tags, published_at, updated_at, comments_open,
       body_markdown, body_html, source_file, source_hash, is_published, synced_at)
     VALUES (@slug, @title, @description, @author, @tags, @publishedAt, @updatedAt, @commentsOpen,
       @bodyMarkdown, @bodyHtml, @sourceFile, @sourceHash, 1, @now)
     ON CONFLICT (slug) DO UPDATE SET title = excluded.title, description = excluded.description,
       author = excluded.author, tags = excluded.tags, published_at = excluded.published_at,
       updated_at = excluded.updated_at, comments_open = excluded.comments_open,
       body_markdown = excluded.body_markdown, body_html = excluded.body_html,
       source_file = excluded.source_file, source_hash = excluded.source_hash, is_published = 1,
       synced_at = excluded.synced_at`,
  );
  const unpublish = db.prepare<[string, string]>('UPDATE articles SET is_published = 0, synced_at = ? WHERE slug = ?');

  return {
    findPublishedBySlug(slug: string): ArticleRow | undefined {
      const raw = bySlug.get(slug);
      return raw && toArticle(raw);
    },
    /** A published article's id, slug and whether it takes comments (a quarter of the time of the whole row). */
    findCommentTarget(slug: string): CommentTarget | undefined {
      const raw = targetBySlug.get(slug);
      return raw && { id: raw.id, slug: raw.slug, commentsOpen: raw.commentsOpen === 1 };
    },
    /** Published or not: imports and privacy tools deal with every article's comments. */
    findAnyBySlug(slug: string): ArticleRow | undefined {
      const raw = anyBySlug.get(slug);
      return raw && toArticle(raw);
    },
    findById(id: number): ArticleRow | undefined {
      const raw = byId.get(id);
      return raw && toArticle(raw);
    },
    listPublished(limit = 100): ArticleListItem[] {
      return published.all(limit).map(toArticle);
    },
    /** Makes the published set exactly `articles`, in one transaction; untouched rows stay as they are. */
    replacePublished(articles: readonly ArticleSource[], now: string): SyncCounts {
      return db
        .transaction((): SyncCounts => {
          const existing = new Map(hashes.all().map((r) => [r.slug, r]));
          const counts: SyncCounts = { added: 0, updated: 0, unchanged: 0, unpublished: 0 };
          const incoming = new Set<string>();
          for (const article of articles) {
            incoming.add(article.slug);
            const before = existing.get(article.slug);
            if (before && before.sourceHash === article.sourceHash && before.isPublished === 1) {
              counts.unchanged++;
              continue;
            }
            upsert.run({ ...article, tags: JSON.stringify(article.tags), commentsOpen: article.commentsOpen ? 1 : 0, now });
            if (before) counts.updated++;
            else counts.added++;
          }
          for (const [slug, row] of existing) {
            if (!incoming.has(slug) && row.isPublished === 1) {
              unpublish.run(now, slug);
              counts.unpublished++;
            }
          }
          return counts;
        })
        .immediate();
    },
  };
}

export type ArticleStore = ReturnType<typeof articleStore>;
