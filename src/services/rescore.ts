import type { CommentStore } from '../db/comments.js';
import type { ModerationQueueStore, QueueFilter } from '../db/moderation-queue.js';
import type { SpamStore } from '../db/spam.js';
import type { Verdict } from '../domain/spam/score.js';
import { firstTimeSignals, type SpamFilter } from './spam-filter.js';

export type RescoreMove = {
  id: number;
  authorName: string;
  excerpt: string;
  oldScore: number | null;
  newScore: number;
  verdict: Verdict;
  reason: string;
};

// Enough to show what would move without turning a button press into a minute-long request.
const maxRescored = 5_000;

/**
 * Re-runs the filter (as it is now, after what moderators taught it) over pending comments and
 * lists those it would now call spam or approve. Changes nothing.
 */
export function rescorePending(
  deps: { queue: ModerationQueueStore; comments: CommentStore; spam: SpamStore; spamFilter: SpamFilter },
  filter: QueueFilter,
): RescoreMove[] {
  const moves: RescoreMove[] = [];
  for (const id of deps.queue.matchingIds({ ...filter, status: 'pending' }).slice(0, maxRescored)) {
    const comment = deps.comments.findById(id);
    if (!comment) continue;
    const signals = {
      ...firstTimeSignals(deps.spam),
      history: deps.spam.history(comment.authorEmail, comment.ip, comment.authorUrl, comment.authorName),
    };
    const result = deps.spamFilter.score(comment, signals);
    if (result.verdict === 'hold') continue;
    moves.push({
      id,
      authorName: comment.authorName,
      excerpt: comment.body.slice(0, 160),
      oldScore: comment.spamScore,
      newScore: result.score,
      verdict: result.verdict,
      reason: result.reasons[0]?.message ?? '',
    });
  }
  return moves;
}
