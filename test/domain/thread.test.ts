import { describe, expect, it } from 'vitest';
import { buildThread, pageOfPosition, placeReply } from '../../src/domain/thread.js';

describe('buildThread', () => {
  it('nests replies under their parents in order', () => {
    const tree = buildThread([
      { id: 1, parentId: null, depth: 1 },
      { id: 2, parentId: 1, depth: 2 },
      { id: 3, parentId: null, depth: 1 },
      { id: 4, parentId: 2, depth: 3 },
      { id: 5, parentId: 1, depth: 2 },
    ]);
    expect(tree.map((n) => n.id)).toEqual([1, 3]);
    expect(tree[0]?.replies.map((n) => n.id)).toEqual([2, 5]);
    expect(tree[0]?.replies[0]?.replies.map((n) => n.id)).toEqual([4]);
  });

  it('shows a reply whose parent is not visible at the top level rather than losing it', () => {
    const tree = buildThread([{ id: 9, parentId: 8, depth: 2 }]);
    expect(tree.map((n) => n.id)).toEqual([9]);
  });

  it('keeps a removed comment as a placeholder only while a visible reply hangs under it', () => {
    const tree = buildThread([
      { id: 1, parentId: null, depth: 1, removed: true },
      { id: 2, parentId: 1, depth: 2, removed: true },
      { id: 3, parentId: 2, depth: 3 },
      { id: 4, parentId: 1, depth: 2, removed: true },
      { id: 5, parentId: null, depth: 1, removed: true },
    ]);
    expect(tree.map((n) => n.id)).toEqual([1]);
    expect(tree[0]?.replies.map((n) => n.id)).toEqual([2]);
    expect(tree[0]?.replies[0]?.replies.map((n) => n.id)).toEqual([3]);
  });
});

describe('placeReply', () => {
  it('goes one level under its parent', () => {
    expect(placeReply({ id: 5, parentId: 1, depth: 2, rootId: 1 }, 5)).toEqual({ parentId: 5, depth: 3, rootId: 1 });
  });

  it('joins the parent level when the parent is at the maximum depth', () => {
    expect(placeReply({ id: 9, parentId: 7, depth: 5, rootId: 1 }, 5)).toEqual({ parentId: 7, depth: 5, rootId: 1 });
  });

  it('becomes top-level when threads are flat', () => {
    expect(placeReply({ id: 9, parentId: null, depth: 1, rootId: 9 }, 1)).toEqual({ parentId: null, depth: 1, rootId: null });
  });
});

describe('pageOfPosition', () => {
  it.each([
    [0, 1],
    [49, 1],
    [50, 2],
    [149, 3],
  ])('position %i is on page %i of 50', (position, page) => expect(pageOfPosition(position, 50)).toBe(page));
});
