import { describe, expect, it } from 'vitest';
import { fingerprintBody, parseCommentForm } from '../../src/domain/comment-input.js';

const valid = { comment: 'Good piece.', author: 'Ada', email: 'ada@example.com', url: '', parent: '' };

describe('parseCommentForm', () => {
  it('accepts a valid comment and ignores unknown fields', () => {
    const result = parseCommentForm({ ...valid, status: 'approved', id: '7', created_at: '2000-01-01' });
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.value).toEqual({
        body: 'Good piece.',
        authorName: 'Ada',
        authorEmail: 'ada@example.com',
        authorUrl: '',
        parentId: null,
        remember: false,
        formToken: undefined,
        honeypot: '',
      });
  });

  it.each([
    ['comment', { comment: '   \n ' }, 'Please type your comment.'],
    ['comment', { comment: 'x'.repeat(65_526) }, 'too long'],
    ['comment', { comment: 'é'.repeat(32_763) }, 'too long'],
    ['author', { author: '' }, 'Please enter your name.'],
    ['author', { author: 'n'.repeat(246) }, 'at most 245'],
    ['author', { author: 'Eve\r\nSet-Cookie: x' }, 'line breaks'],
    ['email', { email: '' }, 'Please enter your email'],
    ['email', { email: 'not-an-email' }, 'valid email'],
    ['email', { email: `${'a'.repeat(95)}@b.com` }, 'at most 100'],
    ['url', { url: 'javascript:alert(1)' }, 'http:// or https://'],
    ['url', { url: 'ftp://example.com' }, 'http:// or https://'],
    ['url', { url: `https://example.com/${'a'.repeat(190)}` }, 'at most 200'],
    ['parent', { parent: 'abc' }, 'not valid'],
  ])('refuses a bad %s (%#)', (field, override, message) => {
    const result = parseCommentForm({ ...valid, ...override });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field as keyof typeof result.errors]).toContain(message);
  });

  it.each([
    ['English', 'x'.repeat(70_000), 'too long by about 4,475 characters: it has 70,000, and about 65,525 fit.'],
    ['Chinese', '中'.repeat(22_000), 'too long by about 159 characters: it has 22,000, and about 21,841 fit.'],
    ['emoji', '👩🏽‍💻'.repeat(4_500), 'too long by about 132 characters: it has 4,500, and about 4,368 fit.'],
    ['mixed', `${'x'.repeat(65_520)}中中中`, 'too long by about 2 characters: it has 65,523, and about 65,521 fit.'],
    ['accented', 'e\u0301'.repeat(30_000), 'too long by about 8,159 characters: it has 30,000, and about 21,841 fit.'],
    // The most the form reader lets through: it took ten minutes to count before (Intl.Segmenter on Node 20).
    [
      'English, as long as a form can carry',
      'x'.repeat(290_000),
      'too long by about 224,475 characters: it has 290,000, and about 65,525 fit.',
    ],
  ])('says in characters how much of a too-long %s comment to cut', { timeout: 10_000 }, (_script, comment, message) => {
    const result = parseCommentForm({ ...valid, comment });
    expect(!result.ok && result.errors.comment).toBe(`Your comment is ${message} Please shorten it and send it again.`);
  });

  it('accepts the limits exactly', () => {
    const result = parseCommentForm({
      ...valid,
      comment: 'x'.repeat(65_525),
      author: 'n'.repeat(245),
      url: `https://example.com/${'a'.repeat(180)}`,
    });
    expect(result.ok).toBe(true);
  });

  it('keeps what was typed, verbatim, when refusing', () => {
    const result = parseCommentForm({ ...valid, comment: '  my <b>long</b> thoughts  ', email: 'bad' });
    expect(result.ok).toBe(false);
    expect(result.values.comment).toBe('  my <b>long</b> thoughts  ');
    expect(result.values.email).toBe('bad');
  });

  it('reads the parent id and the consent box', () => {
    const result = parseCommentForm({ ...valid, parent: '42', remember: 'yes' });
    expect(result.ok && result.value.parentId).toBe(42);
    expect(result.ok && result.value.remember).toBe(true);
  });
});

describe('fingerprintBody', () => {
  it('treats case and whitespace differences as the same text', () => {
    expect(fingerprintBody('Great  point,\nthanks')).toBe(fingerprintBody('great point, THANKS '));
    expect(fingerprintBody('great point')).not.toBe(fingerprintBody('great points'));
  });
});
