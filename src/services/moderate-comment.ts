import type { CommentStore } from '../db/comments.js';
import { type Db, inTransaction } from '../db/connection.js';
import type { ModerationLogStore } from '../db/moderation-log.js';
import type { ModerationQueueStore } from '../db/moderation-queue.js';
import type { CommentStatus } from '../domain/comment-status.js';
import { NotFoundError } from '../domain/errors.js';
import {
  type Destination,
  type ModerationAction,
  moderationActions,
  planTransition,
  TransitionRefusedError,
} from '../domain/moderation.js';
import type { ChangeTracker } from './change-tracker.js';
import type { SpamFilter } from './spam-filter.js';

export type ModerationDeps = {
  db: Db;
  comments: CommentStore;
  moderationLog: ModerationLogStore;
  queue: ModerationQueueStore;
  spamFilter: SpamFilter;
  changes: ChangeTracker;
};

export type Actor = { id: number | null; username: string };
export type ModerationRequest = {
  commentId: number;
  action: ModerationAction;
  /** The status the moderator saw; if the comment has moved on since, nothing is done. */
  expected?: CommentStatus;
  actor: Actor;
  bulk?: boolean;
  reason?: string;
  now: Date;
};
export type ModerationResult = { commentId: number; from: CommentStatus; to: Destination };

/** Applies one moderator action: guarded in SQL by the status it came from, logged, and taught to the spam filter. */
export function moderateComment(deps: ModerationDeps, request: ModerationRequest): ModerationResult {
  const comment = deps.comments.findById(request.commentId);
  if (!comment) throw new NotFoundError('Comment');
  if (request.expected && comment.status !== request.expected) {
    throw new TransitionRefusedError(
      `Comment #${comment.id} is no longer ${request.expected}: someone else moved it to ${comment.status}. Nothing was changed.`,
    );
  }
  const to = planTransition(request.action, comment.status, comment.statusBeforeTrash);
  const now = request.now.toISOString();
  inTransaction(deps.db, () => {
    const applied =
      to === 'deleted'
        ? deps.comments.deleteIfStatus(comment.id, comment.status)
        : deps.comments.changeStatus(comment.id, comment.status, to, now);
    if (!applied) throw new TransitionRefusedError(`Comment #${comment.id} was changed by someone else just now. Nothing was changed.`);
    deps.moderationLog.append({
      moderatorId: request.actor.id,
      moderatorName: request.actor.username,
      commentId: comment.id,
      action: request.action,
      fromStatus: comment.status,
      toStatus: to,
      bulk: request.bulk ?? false,
      reason: request.reason ?? '',
      createdAt: now,
    });
    const label = moderationActions[request.action].learn;
    if (label) {
      deps.spamFilter.learnDecision(
        comment.id,
        {
          body: comment.body,
          authorName: comment.authorName,
          authorEmail: comment.authorEmail,
          authorUrl: comment.authorUrl,
          ip: comment.ip,
        },
        label,
        request.now,
      );
    }
  });
  // A deletion can move approved replies up a level, so it changes public pages too.
  if (comment.status === 'approved' || to === 'approved' || to === 'deleted') deps.changes.bump();
  return { commentId: comment.id, from: comment.status, to };
}

export type BulkResult = { applied: number; refused: number; messages: string[] };

/** Applies one action to many comments in one transaction; comments that moved on are skipped and counted. */
export function moderateMany(
  deps: ModerationDeps,
  ids: readonly number[],
  request: Omit<ModerationRequest, 'commentId' | 'bulk'>,
): BulkResult {
  const result: BulkResult = { applied: 0, refused: 0, messages: [] };
  inTransaction(deps.db, () => {
    for (const commentId of ids) {
      try {
        moderateComment(deps, { ...request, commentId, bulk: true });
        result.applied++;
      } catch (error) {
        if (!(error instanceof TransitionRefusedError || error instanceof NotFoundError)) throw error;
        result.refused++;
        if (result.messages.length < 5) result.messages.push(error.message);
      }
    }
  });
  return result;
}

/** Takes back this moderator's last action, if the comment is still where it put it. */
export function undoLast(deps: ModerationDeps, actor: Actor, now: Date): ModerationResult {
  const last = deps.moderationLog.list({ moderator: actor.username }, 20, 0).find((e) => e.action !== 'undo');
  if (!last) throw new TransitionRefusedError('There is nothing of yours to undo.');
  if (last.toStatus === 'deleted')
    throw new TransitionRefusedError('Your last action deleted a comment permanently; that cannot be undone.');
  const from = last.toStatus as CommentStatus;
  const to = last.fromStatus as CommentStatus;
  const at = now.toISOString();
  inTransaction(deps.db, () => {
    if (!deps.comments.changeStatus(last.commentId, from, to, at)) {
      throw new TransitionRefusedError(`Comment #${last.commentId} has moved on since your last action; nothing was undone.`);
    }
    deps.moderationLog.append({
      moderatorId: actor.id,
      moderatorName: actor.username,
      commentId: last.commentId,
      action: 'undo',
      fromStatus: from,
      toStatus: to,
      bulk: false,
      reason: `undid “${last.action}”`,
      createdAt: at,
    });
  });
  if (from === 'approved' || to === 'approved') deps.changes.bump();
  return { commentId: last.commentId, from, to };
}

/** Deletes spam and trash whose retention has run out; each deletion is logged. */
export function purgeExpired(deps: ModerationDeps, now: Date, retention: { spamDays: number; trashDays: number }): number {
  const before = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  const expired = deps.queue.expired(before(retention.spamDays), before(retention.trashDays));
  const actor = { id: null, username: 'retention' };
  let deleted = 0;
  for (const comment of expired) {
    const days = comment.status === 'spam' ? retention.spamDays : retention.trashDays;
    try {
      moderateComment(deps, {
        commentId: comment.id,
        action: 'delete',
        expected: comment.status,
        actor,
        now,
        reason: `${comment.status} kept ${days} days`,
      });
      deleted++;
    } catch (error) {
      if (!(error instanceof TransitionRefusedError || error instanceof NotFoundError)) throw error;
    }
  }
  return deleted;
}
