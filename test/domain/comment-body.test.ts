import { describe, expect, it } from 'vitest';
import { renderCommentBody, renderCommentPreview } from '../../src/domain/comment-body.js';

describe('renderCommentBody', () => {
  it('makes paragraphs from blank lines and line breaks from single newlines', () => {
    expect(renderCommentBody('one\ntwo\n\nthree')).toBe('<p>one<br />two</p>\n<p>three</p>\n');
  });

  it('auto-links URLs with nofollow ugc noopener', () => {
    expect(renderCommentBody('see https://example.com/a?b=1')).toContain(
      '<a href="https://example.com/a?b=1" rel="nofollow ugc noopener">https://example.com/a?b=1</a>',
    );
  });

  it('keeps emphasis, code and quotes', () => {
    const html = renderCommentBody('> quoted\n\n*em* **strong** `code`');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<em>em</em>');
    expect(html).toContain('<strong>strong</strong>');
    expect(html).toContain('<code>code</code>');
  });

  it.each([
    ['<script>alert(1)</script>', '<script'],
    ['<img src=x onerror=alert(1)>', '<img'],
    ['<a href="javascript:alert(1)">x</a>', '<a '],
    ['[x](javascript:alert(1))', 'javascript:'],
    ['[x](JaVaScRiPt:alert(1))', 'avascript:alert'],
    ['[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', 'data:'],
    ['[x](vbscript:msgbox(1))', 'vbscript:'],
    ['![x](https://evil.example/x.png)', '<img'],
    ['<svg onload=alert(1)>', '<svg'],
    ['<div style="background:url(javascript:alert(1))">', '<div'],
    ['<iframe src="https://evil.example"></iframe>', '<iframe'],
    ['<b onmouseover="alert(1)">hover</b>', '<b '],
    ['<<script>script>alert(1)<</script>/script>', '<script'],
    ['# Heading', '<h1'],
  ])('neutralises %s', (attack, forbidden) => {
    const html = renderCommentBody(attack);
    expect(html.toLowerCase()).not.toContain(forbidden.toLowerCase());
  });

  it('shows raw HTML as text rather than dropping what the reader typed', () => {
    expect(renderCommentBody('I love <b>bold</b>')).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });

  it('keeps unicode direction overrides as inert text', () => {
    const html = renderCommentBody('abc\u202Egnp.exe');
    expect(html.replace(/<\/?p>\n?/g, '')).toBe('abc\u202Egnp.exe');
  });
});

describe('renderCommentPreview', () => {
  it('shows links as text that cannot be followed', () => {
    const html = renderCommentPreview('buy at https://spam.example now');
    expect(html).not.toContain('<a ');
    expect(html).toContain('https://spam.example');
  });
});
