import type { CommentStatus } from './comment-status.js';

/** What the status step knows about a new comment's author. The spam scorer adds to this. */
export type AuthorSignals = {
  hasApprovedComment: boolean;
};

/**
 * The status of a new comment. WordPress's default: a newcomer waits for a moderator once;
 * someone with an approved comment under the same name and email is published at once.
 */
export type DecideStatus = (signals: AuthorSignals) => CommentStatus;

export const firstTimeModeration: DecideStatus = (signals) => (signals.hasApprovedComment ? 'approved' : 'pending');

/** Seconds left before this author may post again, or 0 when they may post now. */
export function floodWaitSeconds(lastPostAt: string | null, now: Date, floodSeconds: number): number {
  if (!lastPostAt || floodSeconds === 0) return 0;
  const elapsed = (now.getTime() - Date.parse(lastPostAt)) / 1000;
  return elapsed >= floodSeconds ? 0 : Math.ceil(floodSeconds - elapsed);
}
