/** The shape of a comment the thread builder needs; db rows and test builders both fit it. */
export type ThreadComment = {
  id: number;
  parentId: number | null;
  depth: number;
  /** Hidden from this reader (trash, spam, someone else's held comment): kept only as a placeholder over visible replies. */
  removed?: boolean;
};

export type ThreadNode<T extends ThreadComment> = T & { replies: ThreadNode<T>[] };

/**
 * Builds the nested thread from one page of comments in display order (oldest first).
 * A removed comment stays, as a placeholder, only while some reply under it is visible, so a
 * moderator hiding a comment does not hide the conversation under it.
 * A comment whose parent is not on the list (still pending for this reader)
 * is shown at its root's level rather than lost.
 */
export function buildThread<T extends ThreadComment>(comments: readonly T[]): ThreadNode<T>[] {
  const nodes = new Map<number, ThreadNode<T>>();
  for (const comment of comments) nodes.set(comment.id, { ...comment, replies: [] });
  const roots: ThreadNode<T>[] = [];
  for (const comment of comments) {
    const node = nodes.get(comment.id) as ThreadNode<T>;
    const parent = comment.parentId === null ? undefined : nodes.get(comment.parentId);
    if (parent) parent.replies.push(node);
    else roots.push(node);
  }
  return withoutEmptyPlaceholders(roots);
}

function withoutEmptyPlaceholders<T extends ThreadComment>(nodes: ThreadNode<T>[]): ThreadNode<T>[] {
  return nodes.flatMap((node) => {
    const replies = withoutEmptyPlaceholders(node.replies);
    return node.removed && replies.length === 0 ? [] : [{ ...node, replies }];
  });
}

/**
 * Where a reply goes: under its parent, unless the parent is already at the deepest level,
 * in which case it joins the parent's own level (WordPress's rule), so threads never nest
 * deeper than maxDepth.
 */
export function placeReply(
  parent: { id: number; parentId: number | null; depth: number; rootId: number },
  maxDepth: number,
): { parentId: number | null; depth: number; rootId: number | null } {
  if (parent.depth >= maxDepth) {
    // With maxDepth 1 replies are flat: they become top-level comments of their own.
    if (parent.parentId === null) return { parentId: null, depth: 1, rootId: null };
    return { parentId: parent.parentId, depth: parent.depth, rootId: parent.rootId };
  }
  return { parentId: parent.id, depth: parent.depth + 1, rootId: parent.rootId };
}

/** The comment page (1-based) on which a top-level comment at a 0-based position appears. */
export function pageOfPosition(position: number, perPage: number): number {
  return Math.floor(position / perPage) + 1;
}
