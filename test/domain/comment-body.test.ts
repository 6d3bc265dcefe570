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

describe('renderCommentBody shows as typed what markdown cannot format', () => {
  it('a list nested thousands deep on one line, which ran marked out of stack', () => {
    const body = `${'- '.repeat(3000)}deep`;
    const html = renderCommentBody(body);
    expect(html).toBe(`<p>${body}</p>\n`);
    expect(renderCommentPreview(body)).toBe(`<p>${body}</p>\n`);
  });

  it('quotes nested thousands deep, and keeps the paragraphs and lines around them', () => {
    const html = renderCommentBody(`first <b>line</b>\nsecond\n\n${'>'.repeat(5000)} deep`);
    expect(html).toBe(`<p>first &#60;b&#62;line&#60;/b&#62;<br />\nsecond</p>\n<p>${'&#62;'.repeat(5000)} deep</p>\n`);
  });

  it('a paragraph of tens of thousands of emphasis markers, which took seconds to read', () => {
    const body = '*a'.repeat(30_000);
    expect(renderCommentBody(body)).toBe(`<p>${body}</p>\n`);
  });

  it.each([
    ['a list item followed by thousands of short lines', `- point\n${'ok yes\n'.repeat(9_000)}`],
    ['list items and dashes alternating', '- a\n-'.repeat(10_000)],
    ['quotes and setext underlines alternating', '>a\n=\n'.repeat(10_000)],
  ])('%s, which took seconds to read line by line', (_name, body) => {
    expect(renderCommentBody(body)).toMatch(/^<p>(- point|- a|&#62;a)<br \/>\n/);
  });

  it('but still formats ordinary nesting and emphasis', () => {
    expect(renderCommentBody('- a\n  - b\n    - c')).toContain('<ul>\n<li>c</li>');
    expect(renderCommentBody(`${'> '.repeat(5)}quoted`)).toContain('<blockquote>\n<blockquote>');
    expect(renderCommentBody('*word* '.repeat(1000))).toContain('<em>word</em>');
  });
});

describe('renderCommentBody keeps what the reader typed', () => {
  it.each([
    ['a bare e-mail address', 'Email me at erin@example.org if you have it', '<p>Email me at erin@example.org if you have it</p>\n'],
    [
      'a cited source written as a reference definition',
      'Intro\n\n[1]: https://example.com/source "The source"',
      '<p>Intro</p>\n<p>[1]: <a href="https://example.com/source" rel="nofollow ugc noopener">https://example.com/source</a> "The source"</p>\n',
    ],
    ['an e-mail address in angle brackets', '<erin@example.org>', '<p>erin@example.org</p>\n'],
    ['a javascript: link', '[click](javascript:alert(1)) after', '<p>click after</p>\n'],
    ['a data: link', '[see](data:text/html,hi)', '<p>see</p>\n'],
    ['a mailto: link', '[write](mailto:erin@example.org)', '<p>write</p>\n'],
    ['an ftp: link', '[files](ftp://example.org/x)', '<p>files</p>\n'],
    ['a relative link', '[home](/articles)', '<p>home</p>\n'],
    ['a protocol-relative link', '[there](//evil.example)', '<p>there</p>\n'],
    ['formatting inside an unsafe link', '[**bold** <b>x</b>](javascript:x)', '<p><strong>bold</strong> &lt;b&gt;x&lt;/b&gt;</p>\n'],
    ['a GFM table', '| a | b |\n|---|---|\n| 1 | 2 |', '<p>| a | b |<br />|---|---|<br />| 1 | 2 |</p>\n'],
    ['a table without outer pipes', 'a | b\n--- | ---\n1 | 2', '<p>a | b<br />--- | ---<br />1 | 2</p>\n'],
    ['a rule of dashes', 'above\n\n---\n\nbelow', '<p>above</p>\n<hr />\n<p>below</p>\n'],
    ['a rule of stars', '***', '<hr />\n'],
    ['task list items', '- [ ] task\n- [x] done', '<ul>\n<li>[ ] task</li>\n<li>[x] done</li>\n</ul>\n'],
    ['a loose task list', '- [ ] task\n\n- [x] done', '<ul>\n<li><p>[ ] task</p>\n</li>\n<li><p>[x] done</p>\n</li>\n</ul>\n'],
    [
      'a year that starts a sentence',
      '2015. That was the year everything changed',
      '<ol start="2015">\n<li>That was the year everything changed</li>\n</ol>\n',
    ],
    ['a list that starts at 3', '3. third point', '<ol start="3">\n<li>third point</li>\n</ol>\n'],
    ['a list that starts at 0', '0. zero', '<ol start="0">\n<li>zero</li>\n</ol>\n'],
    ['a list that starts at 1', '1. one\n2. two', '<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n'],
    ['a lone heading marker', '#', '<p>#</p>\n'],
    ['a lone list marker', '- ', '<p>-</p>\n'],
    ['a lone number', '1.', '<p>1.</p>\n'],
    ['an image with no text or address', '![]()', '<p>![]()</p>\n'],
    ['a link with no text or address', '[]()', '<p>[]()</p>\n'],
    [
      'a link with no text',
      'see [](https://example.com/a)',
      '<p>see <a href="https://example.com/a" rel="nofollow ugc noopener">https://example.com/a</a></p>\n',
    ],
  ])('%s', (_case, markdown, html) => {
    expect(renderCommentBody(markdown)).toBe(html);
  });

  it.each([
    ['[safe](https://example.com/a)', '<a href="https://example.com/a" rel="nofollow ugc noopener">safe</a>'],
    ['[plain](http://example.com/)', '<a href="http://example.com/" rel="nofollow ugc noopener">plain</a>'],
    ['[shout](HTTPS://example.com/)', '<a href="HTTPS://example.com/" rel="nofollow ugc noopener">shout</a>'],
    ['www.example.com', '<a href="http://www.example.com" rel="nofollow ugc noopener">www.example.com</a>'],
  ])('still links %s', (markdown, link) => {
    expect(renderCommentBody(markdown)).toContain(link);
  });

  it.each(['Email me at erin@example.org', '[x](mailto:erin@example.org)', '[x](javascript:alert(1))', '[x](/relative)'])(
    'makes no link from %s',
    (markdown) => {
      expect(renderCommentBody(markdown)).not.toContain('<a');
    },
  );

  it.each([
    '| a | b |\n|---|---|\n| 1 | 2 |',
    '---',
    '- [x] done',
    '2015. A year',
    '# Heading',
    '![alt](https://example.com/x.png)',
    '```js\ncode\n```',
  ])('shows no escaped tag made by the renderer for %s', (markdown) => {
    expect(renderCommentBody(markdown)).not.toMatch(/&lt;\/?[a-z]/);
  });
});

describe('renderCommentPreview', () => {
  it('shows links as text that cannot be followed', () => {
    const html = renderCommentPreview('buy at https://spam.example now');
    expect(html).not.toContain('<a ');
    expect(html).toContain('https://spam.example');
  });

  it.each([
    ['Email me at erin@example.org if you have it', '<p>Email me at erin@example.org if you have it</p>\n'],
    ['[click](javascript:alert(1)) after', '<p>click after</p>\n'],
    ['| a | b |\n|---|---|\n| 1 | 2 |', '<p>| a | b |<br />|---|---|<br />| 1 | 2 |</p>\n'],
    ['***', '<hr />\n'],
    ['- [ ] task', '<ul>\n<li>[ ] task</li>\n</ul>\n'],
    ['2015. That was the year', '<ol start="2015">\n<li>That was the year</li>\n</ol>\n'],
  ])('shows %j as the published comment would', (markdown, html) => {
    expect(renderCommentPreview(markdown)).toBe(html);
  });
});
