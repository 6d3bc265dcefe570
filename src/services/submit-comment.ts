import type { Config } from '../config.js';
import type { ArticleStore, CommentTarget } from '../db/articles.js';
import type { CommentStore } from '../db/comments.js';
import type { SpamStore } from '../db/spam.js';
import { type CommentInput, fingerprintBody } from '../domain/comment-input.js';
import { floodWaitSeconds } from '../domain/comment-policy.js';
import type { CommentStatus } from '../domain/comment-status.js';
import { CommentsClosedError, DuplicateCommentError, FloodError, InvalidParentError, NotFoundError } from '../domain/errors.js';
import { checkFormTokens } from '../domain/spam/form-token.js';
import { statusFor } from '../domain/spam/policy.js';
import type { SpamScore } from '../domain/spam/score.js';
import { placeReply } from '../domain/thread.js';
import type { ChangeTracker } from './change-tracker.js';
import type { SpamFilter } from './spam-filter.js';

export type SubmitCommentDeps = {
  articles: ArticleStore;
  comments: CommentStore;
  spam: SpamStore;
  spamFilter: SpamFilter;
  formTokenKey: string;
  changes: ChangeTracker;
  config: Pick<Config, 'comments' | 'spam'>;
};

export type SubmissionContext = { ip: string; userAgent: string; now: Date };

export type SubmittedComment = { id: number; rootId: number; status: CommentStatus; article: CommentTarget; spam: SpamScore };

/**
 * The one way a comment gets in: checks the article and the house rules, gathers what the
 * spam filter needs to know, scores the comment, turns the verdict into a status, and stores
 * it durably.
 */
export function submitComment(deps: SubmitCommentDeps, slug: string, input: CommentInput, context: SubmissionContext): SubmittedComment {
  const { comments, spam, config } = deps;
  const article = deps.articles.findCommentTarget(slug);
  if (!article) throw new NotFoundError('Article');
  if (!article.commentsOpen) throw new CommentsClosedError();

  let placement: { parentId: number | null; depth: number; rootId: number | null } = { parentId: null, depth: 1, rootId: null };
  if (input.parentId !== null) {
    const parent = comments.findById(input.parentId);
    if (!parent || parent.articleId !== article.id || parent.status !== 'approved') throw new InvalidParentError();
    placement = placeReply(parent, config.comments.maxDepth);
  }

  const now = context.now;
  const wait = floodWaitSeconds(comments.lastPostTime(context.ip, input.authorEmail), now, config.comments.floodSeconds);
  if (wait > 0) throw new FloodError(wait);

  const fingerprint = fingerprintBody(input.body);
  const since = new Date(now.getTime() - config.comments.duplicateDays * 86_400_000).toISOString();
  if (comments.findDuplicate(article.id, input.authorEmail, fingerprint, since) !== null) throw new DuplicateCommentError();

  const scored = {
    body: input.body,
    authorName: input.authorName,
    authorEmail: input.authorEmail,
    authorUrl: input.authorUrl,
    ip: context.ip,
  };
  const history = spam.history(input.authorEmail, context.ip, input.authorUrl, input.authorName);
  const result = deps.spamFilter.score(scored, {
    honeypotFilled: input.honeypot.trim() !== '',
    formToken: checkFormTokens(deps.formTokenKey, { cookie: input.formTokenCookie, field: input.formToken }, article.id, now, {
      minFillSeconds: config.spam.minFillSeconds,
      maxAgeSeconds: config.spam.tokenMaxAgeSeconds,
    }),
    history,
    earlierSpamWithSameBody: spam.spamWithFingerprint(fingerprint),
    wordLists: spam.wordLists(),
  });
  const status = statusFor(result.verdict, config.spam.moderation, history.approvedByNameAndEmail > 0);

  const id = comments.insert({
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
    spamScore: result.score,
    spamReasons: JSON.stringify(result.reasons),
    createdAt: now.toISOString(),
  });
  if (status === 'approved') deps.changes.bump();
  return { id, rootId: placement.rootId ?? id, status, article, spam: result };
}
