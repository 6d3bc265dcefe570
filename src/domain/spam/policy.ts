import type { CommentStatus } from '../comment-status.js';
import type { Verdict } from './score.js';

/**
 * How verdicts become statuses. first-time (WordPress's default): a newcomer's comment waits
 * for a moderator once, even when it looks clean. open: every clean comment is published.
 * all: every comment waits. Spam is always spam.
 */
export const moderationModes = ['first-time', 'open', 'all'] as const;
export type ModerationMode = (typeof moderationModes)[number];

export function statusFor(verdict: Verdict, mode: ModerationMode, hasApprovedComment: boolean): CommentStatus {
  if (verdict === 'spam') return 'spam';
  if (verdict === 'hold' || mode === 'all') return 'pending';
  if (mode === 'open') return 'approved';
  return hasApprovedComment ? 'approved' : 'pending';
}
