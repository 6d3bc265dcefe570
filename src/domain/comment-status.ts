export const commentStatuses = ['pending', 'approved', 'spam', 'trash'] as const;
export type CommentStatus = (typeof commentStatuses)[number];

export function isCommentStatus(value: unknown): value is CommentStatus {
  return typeof value === 'string' && (commentStatuses as readonly string[]).includes(value);
}
