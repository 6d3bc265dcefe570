import type { CommentStore } from '../db/comments.js';
import { type Db, inTransaction } from '../db/connection.js';
import type { ModerationLogStore } from '../db/moderation-log.js';
import type { ModerationQueueStore, QueueFilter, QueueSnapshot } from '../db/moderation-queue.js';
import type { CommentStatus } from '../domain/comment-status.js';
import { NotFoundError } from '../domain/errors.js';
import {
  type Destination,
  isModerationAction,
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
    if (label) deps.spamFilter.learnDecision(comment.id, comment, label, request.now);
  });
  // A deletion can move approved replies up a level, so it changes public pages too.
  if (comment.status === 'approved' || to === 'approved' || to === 'deleted') deps.changes.bump();
  return { commentId: comment.id, from: comment.status, to };
}

/** `refusedIds`: moved by someone else since the page was shown; `goneIds`: not there at all (deleted, or never existed). */
export type BulkResult = { applied: number; refusedIds: number[]; goneIds: number[] };

/**
 * Applies one action to many comments in one transaction. With `expected` (the status the moderator
 * was looking at), a comment that has left it since is refused just as a single action would be;
 * refused comments (moved on or gone) are skipped and named, the rest are done.
 */
export function moderateMany(
  deps: ModerationDeps,
  ids: readonly number[],
  request: Omit<ModerationRequest, 'commentId' | 'bulk'>,
): BulkResult {
  const result: BulkResult = { applied: 0, refusedIds: [], goneIds: [] };
  inTransaction(deps.db, () => {
    for (const commentId of ids) {
      try {
        moderateComment(deps, { ...request, commentId, bulk: true });
        result.applied++;
      } catch (error) {
        if (error instanceof NotFoundError) result.goneIds.push(commentId);
        else if (error instanceof TransitionRefusedError) result.refusedIds.push(commentId);
        else throw error;
      }
    }
  });
  return result;
}

export type MatchingResult = BulkResult & {
  /** Counted on the confirm page but not acted on, or arrived in the filter since: left for the moderator. */
  skippedSince: number;
};

/**
 * Applies one action to what the moderator confirmed: the comments that match the filter AND were
 * there at the snapshot the confirm page counted. Later arrivals are left alone and counted.
 */
export function moderateMatching(
  deps: ModerationDeps,
  filter: QueueFilter,
  snapshot: QueueSnapshot,
  request: Omit<ModerationRequest, 'commentId' | 'bulk' | 'expected'>,
): MatchingResult {
  return inTransaction(deps.db, () => {
    const ids = deps.queue.matchingIds(filter, snapshot);
    const arrived = deps.queue.count(filter) - ids.length;
    const movedAway = Math.max(0, snapshot.count - ids.length);
    const result = moderateMany(deps, ids, { ...request, expected: filter.status });
    return { ...result, skippedSince: arrived + movedAway + result.refusedIds.length + result.goneIds.length };
  });
}

export type UndoResult = {
  action: string;
  bulk: boolean;
  undone: { commentId: number; from: CommentStatus; to: CommentStatus }[];
  /** Comments of that action that have moved on since; they are left as they are. */
  movedOn: number[];
};

/**
 * Takes back this moderator's last action: one comment, or every comment of a bulk action, each
 * only if it is still where the action put it. Each comment taken back is logged as an undo. Only
 * the last action can be undone; once it is, there is nothing more to undo.
 */
export function undoLast(deps: ModerationDeps, actor: Actor, now: Date): UndoResult {
  const at = now.toISOString();
  const result = inTransaction(deps.db, () => {
    const rows = deps.moderationLog.lastAction(actor.username);
    const last = rows.at(-1);
    if (!last) throw new TransitionRefusedError('There is nothing of yours to undo.');
    if (last.action === 'undo')
      throw new TransitionRefusedError('You have already undone your last action; there is nothing more to undo.');
    if (last.toStatus === 'deleted') {
      throw new TransitionRefusedError(
        `Your last action deleted ${rows.length === 1 ? 'a comment' : `${rows.length} comments`} permanently; that cannot be undone.`,
      );
    }
    const undo: UndoResult = { action: last.action, bulk: last.bulk, undone: [], movedOn: [] };
    for (const row of rows) {
      const from = row.toStatus as CommentStatus;
      const to = row.fromStatus as CommentStatus;
      if (!deps.comments.changeStatus(row.commentId, from, to, at)) {
        undo.movedOn.push(row.commentId);
        continue;
      }
      deps.moderationLog.append({
        moderatorId: actor.id,
        moderatorName: actor.username,
        commentId: row.commentId,
        action: 'undo',
        fromStatus: from,
        toStatus: to,
        bulk: row.bulk,
        reason: `undid “${row.action}”`,
        createdAt: at,
      });
      // What the spam filter learned from the decision is taken back with it: an accidental "s"
      // followed by "z" must not leave a spam lesson in the model.
      const learned = isModerationAction(row.action) ? moderationActions[row.action].learn : null;
      const comment = learned ? deps.comments.findById(row.commentId) : undefined;
      if (comment) deps.spamFilter.takeBackDecision(comment.id, comment, now);
      undo.undone.push({ commentId: row.commentId, from, to });
    }
    if (undo.undone.length === 0) {
      const what = rows.length === 1 ? `Comment #${last.commentId} has` : `All ${rows.length} comments of that bulk action have`;
      throw new TransitionRefusedError(`${what} moved on since your last action; nothing was undone.`);
    }
    return undo;
  });
  if (result.undone.some((u) => u.from === 'approved' || u.to === 'approved')) deps.changes.bump();
  return result;
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
