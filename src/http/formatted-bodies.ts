import { renderCommentBody, renderCommentPreview } from '../domain/comment-body.js';

/**
 * Long comments as formatted for the page, kept. Formatting takes tens of milliseconds for a
 * long comment full of links and emphasis (about 50 ms for 60 KB; the queue's preview twice that),
 * and every change to an article re-renders its page, and every action in the queue its next page:
 * fifty such comments made each of those wait seconds. Short comments cost less to format than to keep.
 */
const worthKeepingFrom = 2_000;
// Characters of comment and of HTML together: about 16 MB at most.
const keptCharactersAtMost = 8_000_000;

export class FormattedBodies {
  private readonly kept = new Map<string, string>();
  private characters = 0;

  constructor(
    private readonly format: (text: string) => string,
    private readonly charactersAtMost = keptCharactersAtMost,
  ) {}

  get(text: string): string {
    if (text.length < worthKeepingFrom) return this.format(text);
    const known = this.kept.get(text);
    if (known !== undefined) {
      // Moved to the end: Map keeps insertion order, so the first entry is the least recently used.
      this.kept.delete(text);
      this.kept.set(text, known);
      return known;
    }
    const html = this.format(text);
    this.kept.set(text, html);
    this.characters += text.length + html.length;
    for (const [oldText, oldHtml] of this.kept) {
      if (this.characters <= this.charactersAtMost) break;
      this.kept.delete(oldText);
      this.characters -= oldText.length + oldHtml.length;
    }
    return html;
  }
}

const bodies = new FormattedBodies(renderCommentBody);
const previews = new FormattedBodies(renderCommentPreview);

/** A comment as readers see it (see `renderCommentBody`). */
export const formattedBody = (text: string): string => bodies.get(text);

/** A comment as the moderation queue shows it, links not followable (see `renderCommentPreview`). */
export const formattedPreview = (text: string): string => previews.get(text);
