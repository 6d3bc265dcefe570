import type { ArticleRow, ArticleStore } from '../db/articles.js';
import type { CommentStore } from '../db/comments.js';
import { type CommentInput, fingerprintBody } from '../domain/comment-input.js';
import { type DecideStatus, floodWaitSeconds } from '../domain/comment-policy.js';
import type { CommentStatus } from '../domain/comment-status.js';
import { CommentsClosedError, DuplicateCommentError, FloodError, InvalidParentError, NotFoundError } from '../domain/errors.js';
import { placeReply } from '../domain/thread.js';

export type SubmitCommentDeps = {
  articles: ArticleStore;
  comments: CommentStore;
  decideStatus: DecideStatus;
  settings: { floodSeconds: number; duplicateDays: number; maxDepth: number };
};

export type SubmissionContext = { ip: string; userAgent: string; now: Date };

export type SubmittedComment = { id: number; status: CommentStatus; article: ArticleRow };

/** The one way a comment gets in: checks the article and the rules, decides the status, stores it durably. */
export function submitComment(deps: SubmitCommentDeps, slug: string, input: CommentInput, context: SubmissionContext): SubmittedComment {
  const article = deps.articles.findPublishedBySlug(slug);
  if (!article) throw new NotFoundError('Article');
  if (!article.commentsOpen) throw new CommentsClosedError();

  let placement: { parentId: number | null; depth: number; rootId: number | null } = { parentId: null, depth: 1, rootId: null };
  if (input.parentId !== null) {
    const parent = deps.comments.findById(input.parentId);
    if (!parent || parent.articleId !== article.id || parent.status !== 'approved') throw new InvalidParentError();
    placement = placeReply(parent, deps.settings.maxDepth);
  }

  const now = context.now;
  const wait = floodWaitSeconds(deps.comments.lastPostTime(context.ip, input.authorEmail), now, deps.settings.floodSeconds);
  if (wait > 0) throw new FloodError(wait);

  const fingerprint = fingerprintBody(input.body);
  const since = new Date(now.getTime() - deps.settings.duplicateDays * 86_400_000).toISOString();
  if (deps.comments.findDuplicate(article.id, input.authorEmail, fingerprint, since) !== null) {
    throw new DuplicateCommentError();
  }

  const status = deps.decideStatus({
    hasApprovedComment: deps.comments.hasApprovedComment(input.authorName, input.authorEmail),
  });
  const id = deps.comments.insert({
    articleId: article.id,
    ...placement,
    status,
    authorName: input.authorName,
    authorEmail: input.authorEmail,
    authorUrl: input.authorUrl,
    ip: context.ip,
    userAgent: context.userAgent.slice(0, 500),
    body: input.body,
    bodyFingerprint: fingerprint,
    spamScore: null,
    spamReasons: '[]',
    createdAt: now.toISOString(),
  });
  return { id, status, article };
}
