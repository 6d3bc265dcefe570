import type { CommentStore } from '../db/comments.js';
import { type Db, inTransaction } from '../db/connection.js';
import type { ModerationLogStore } from '../db/moderation-log.js';
import { toExportLine } from './export-comments.js';

type PrivacyDeps = { db: Db; comments: CommentStore; moderationLog: ModerationLogStore };

/** Everything stored about one commenter, as one JSON document. */
export function exportPersonalData(deps: PrivacyDeps, email: string, now: Date) {
  const address = email.trim().toLowerCase();
  return {
    email: address,
    exported_at: now.toISOString(),
    comments: deps.comments.byEmail(address).map((row) => JSON.parse(toExportLine(row)) as unknown),
  };
}

/**
 * Erases a commenter: by default the comments stay with author, email, website, IP and user
 * agent removed (WordPress's choice: a thread keeps its sense); with `deleteComments` they go.
 * Each affected comment gets an entry in the moderation log.
 */
export function erasePersonalData(deps: PrivacyDeps, email: string, deleteComments: boolean, now: Date): number {
  const address = email.trim().toLowerCase();
  if (!address) return 0;
  return inTransaction(deps.db, () => {
    const affected = deps.comments.byEmail(address);
    for (const comment of affected) {
      deps.moderationLog.append({
        moderatorId: null,
        moderatorName: 'privacy',
        commentId: comment.id,
        action: deleteComments ? 'erase-delete' : 'erase-anonymise',
        fromStatus: comment.status,
        toStatus: deleteComments ? 'deleted' : comment.status,
        bulk: true,
        reason: 'privacy erase request',
        createdAt: now.toISOString(),
      });
    }
    if (deleteComments) deps.comments.deleteByEmail(address);
    else deps.comments.anonymiseByEmail(address, now.toISOString());
    return affected.length;
  });
}
