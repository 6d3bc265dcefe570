import { describe, expect, it } from 'vitest';
import { assertUniqueSlugs, ContentError, parseArticleFile, slugPattern } from '../../src/domain/content.js';

const good = `---
title: "A title"
slug: a-title
published: 2015-02-09
description: One sentence.
tags: [One, Two]
comments: closed
---

First paragraph with a [link](https://example.com).

> A quote.
`;

function problem(text: string): ContentError {
  try {
    parseArticleFile('content/x.md', text);
  } catch (error) {
    if (error instanceof ContentError) return error;
    throw error;
  }
  throw new Error('expected a ContentError');
}

describe('parseArticleFile', () => {
  it('reads front matter and renders the markdown body once', () => {
    const article = parseArticleFile('content/x.md', good);
    expect(article).toMatchObject({
      title: 'A title',
      slug: 'a-title',
      publishedAt: '2015-02-09T00:00:00.000Z',
      tags: ['One', 'Two'],
      commentsOpen: false,
      author: null,
    });
    expect(article.bodyHtml).toContain('<a href="https://example.com">link</a>');
    expect(article.bodyHtml).toContain('<blockquote>');
    expect(article.sourceHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('defaults comments to open', () => {
    expect(parseArticleFile('x.md', good.replace('comments: closed\n', '')).commentsOpen).toBe(true);
  });

  it.each([
    ['a missing title', good.replace('title: "A title"\n', ''), 'title', 'is missing'],
    ['a bad date', good.replace('2015-02-09', '2015-13-45'), 'published', 'is not a date'],
    ['a word for a date', good.replace('2015-02-09', 'yesterday'), 'published', 'is not a date'],
    ['a slug with capitals', good.replace('slug: a-title', 'slug: A-Title'), 'slug', 'lowercase'],
    ['a bad comments value', good.replace('comments: closed', 'comments: maybe'), 'comments', 'open'],
    ['an empty description', good.replace('description: One sentence.', 'description: ""'), 'description', 'empty'],
  ])('names the file and field for %s', (_name, text, field, words) => {
    const error = problem(text);
    expect(error.file).toBe('content/x.md');
    expect(error.field).toBe(field);
    expect(error.message).toContain(words);
  });

  it('refuses a file without front matter, unknown fields and an empty body', () => {
    expect(problem('# Just markdown').message).toContain('no front matter');
    expect(problem(good.replace('comments: closed', 'comments: closed\ncolour: red')).message).toContain('"colour"');
    expect(problem(`${good.split('---\n\n')[0]}---\n`).message).toContain('no text');
  });

  it('rejects two files with the same slug, naming both', () => {
    const a = parseArticleFile('content/a.md', good);
    const b = parseArticleFile('content/b.md', good);
    expect(() => assertUniqueSlugs([a, b])).toThrow(/content\/b.md.*already used by content\/a.md/);
  });
});

describe('slug rules', () => {
  it.each(['a', 'alibaba-buys-590m', '2015-news'])('accepts %s', (slug) => expect(slugPattern.test(slug)).toBe(true));
  it.each(['', 'A', 'a--b', '-a', 'a-', 'a b', '../etc', 'a_b'])('refuses %j', (slug) => expect(slugPattern.test(slug)).toBe(false));
});
