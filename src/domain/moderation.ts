import type { CommentStatus } from './comment-status.js';
import type { Label } from './spam/model.js';

/** What a moderator can do to a comment, with the button label people see. */
export const moderationActions = {
  approve: { label: 'Approve', from: ['pending'], to: 'approved', learn: 'ham' },
  unapprove: { label: 'Unapprove', from: ['approved'], to: 'pending', learn: null },
  spam: { label: 'Spam', from: ['pending', 'approved'], to: 'spam', learn: 'spam' },
  'not-spam': { label: 'Not spam', from: ['spam'], to: 'approved', learn: 'ham' },
  trash: { label: 'Trash', from: ['pending', 'approved'], to: 'trash', learn: null },
  restore: { label: 'Restore', from: ['trash'], to: 'previous', learn: null },
  delete: { label: 'Delete permanently', from: ['spam', 'trash'], to: 'deleted', learn: null },
} as const satisfies Record<
  string,
  { label: string; from: readonly CommentStatus[]; to: CommentStatus | 'previous' | 'deleted'; learn: Label | null }
>;

export type ModerationAction = keyof typeof moderationActions;
export type Destination = CommentStatus | 'deleted';

export function isModerationAction(value: unknown): value is ModerationAction {
  return typeof value === 'string' && Object.hasOwn(moderationActions, value);
}

/** The actions offered on a comment in this status, in the order the buttons appear. */
export function actionsFor(status: CommentStatus): ModerationAction[] {
  return (Object.keys(moderationActions) as ModerationAction[]).filter((a) =>
    (moderationActions[a].from as readonly CommentStatus[]).includes(status),
  );
}

export class TransitionRefusedError extends Error {}

/**
 * Where an action takes a comment that is now in `current`, or a refusal in words a moderator
 * understands (typically: someone else moved it first).
 */
export function planTransition(action: ModerationAction, current: CommentStatus, beforeTrash: CommentStatus | null): Destination {
  const rule = moderationActions[action];
  if (!(rule.from as readonly CommentStatus[]).includes(current)) {
    throw new TransitionRefusedError(
      `“${rule.label}” was not applied: the comment is now ${current === 'trash' ? 'in the trash' : current}, ` +
        'so someone else has probably dealt with it already. Nothing was changed.',
    );
  }
  if (rule.to === 'previous') return beforeTrash ?? 'pending';
  return rule.to;
}

/** Spam is kept 15 days and trash 30 (WordPress's figures) unless configured otherwise. */
export function deletionDue(
  status: CommentStatus,
  statusChangedAt: string,
  retention: { spamDays: number; trashDays: number },
): Date | null {
  const days = status === 'spam' ? retention.spamDays : status === 'trash' ? retention.trashDays : null;
  if (days === null) return null;
  return new Date(Date.parse(statusChangedAt) + days * 86_400_000);
}
