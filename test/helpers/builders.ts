import { fingerprintBody } from '../../src/domain/comment-input.js';
import type { CommentStatus } from '../../src/domain/comment-status.js';
import type { AppDeps } from '../../src/http/deps.js';

let counter = 0;

/** Stores a comment directly, for tests that need a thread to exist. Overrides win. */
export function buildComment(
  deps: AppDeps,
  slug: string,
  overrides: Partial<{
    body: string;
    authorName: string;
    authorEmail: string;
    authorUrl: string;
    status: CommentStatus;
    parentId: number | null;
    createdAt: string;
    ip: string;
  }> = {},
): number {
  counter++;
  const article = deps.articles.findPublishedBySlug(slug);
  if (!article) throw new Error(`no article ${slug}`);
  const body = overrides.body ?? `Comment number ${counter} about this story.`;
  let rootId: number | null = null;
  let depth = 1;
  if (overrides.parentId) {
    const parent = deps.comments.findById(overrides.parentId);
    if (!parent) throw new Error('no parent');
    rootId = parent.rootId;
    depth = parent.depth + 1;
  }
  // Written behind the services' back, so tell the render cache as they would.
  deps.changes.bump();
  return deps.comments.insert({
    articleId: article.id,
    parentId: overrides.parentId ?? null,
    rootId,
    depth,
    status: overrides.status ?? 'approved',
    authorName: overrides.authorName ?? `Reader ${counter}`,
    authorEmail: overrides.authorEmail ?? `reader${counter}@example.com`,
    authorUrl: overrides.authorUrl ?? '',
    ip: overrides.ip ?? `10.0.${Math.floor(counter / 250)}.${counter % 250}`,
    userAgent: 'test',
    body,
    bodyFingerprint: fingerprintBody(body),
    spamScore: null,
    spamReasons: '[]',
    createdAt: overrides.createdAt ?? new Date(Date.UTC(2026, 0, 1) + counter * 60_000).toISOString(),
  });
}
