import { describe, expect, it } from 'vitest';
import { renderCommentBody, renderCommentPreview } from '../../src/domain/comment-body.js';
import { FormattedBodies, formattedBody, formattedPreview } from '../../src/http/formatted-bodies.js';

const long = (word: string) => `${`${word} https://www.bbc.co.uk/news *said* so. `.repeat(80)}\n\n${'More of it. '.repeat(40)}`;

describe('formatted comment bodies', () => {
  it('are what the formatter gives, kept apart for the page and for the queue', () => {
    const text = long('Quoting');
    expect(formattedPreview(text)).toBe(renderCommentPreview(text));
    expect(formattedBody(text)).toBe(renderCommentBody(text));
    expect(formattedPreview(text)).toBe(renderCommentPreview(text));
    expect(formattedBody('A *short* one')).toBe(renderCommentBody('A *short* one'));
  });

  it('format a long comment once, a short one each time, and forget the least recently used past their bound', () => {
    const formatted: string[] = [];
    const bodies = new FormattedBodies((text) => {
      formatted.push(text.slice(0, 5));
      return `<p>${text}</p>`;
    }, 20_000);
    const [a, b, c] = [long('alpha'), long('bravo'), long('charl')];
    expect(a.length).toBeGreaterThan(4_000);

    bodies.get(a);
    bodies.get(a);
    bodies.get('short');
    bodies.get('short');
    expect(formatted).toEqual(['alpha', 'short', 'short']);

    bodies.get(b);
    bodies.get(a); // now b is the least recently used
    bodies.get(c); // three do not fit in 20,000 characters of text and HTML
    bodies.get(a);
    bodies.get(b);
    expect(formatted).toEqual(['alpha', 'short', 'short', 'bravo', 'charl', 'bravo']);
  });
});
