import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWordPressExport, WordPressExportError } from '../../src/domain/wordpress-export.js';
import { projectRoot } from '../../src/paths.js';

const fixture = readFileSync(join(projectRoot, 'test', 'fixtures', 'wordpress-export.xml'), 'utf8');

describe('reading a WordPress export', () => {
  const posts = parseWordPressExport(fixture, 'export.xml');
  const [meizu, other] = posts;

  it('lists the posts that have comments, by slug, and skips pages without any', () => {
    expect(posts.map((p) => p.slug)).toEqual(['alibaba-buys-590m-stake-in-meizu-to-boost-aliyun-mobile-os', 'a-post-that-never-moved']);
    expect(other?.comments).toHaveLength(1);
  });

  it('reads each comment: status, thread, author, UTC time, body kept as written', () => {
    expect(meizu?.comments.map((c) => [c.wpId, c.wpParentId, c.status])).toEqual([
      [101, null, 'approved'],
      [102, 101, 'approved'],
      [103, 102, 'pending'],
      [104, null, 'spam'],
      [106, 99, 'approved'],
      [107, null, 'trash'],
    ]);
    expect(meizu?.comments[0]).toMatchObject({
      author: 'Wei Zhang',
      email: 'wei@example.com',
      url: 'https://wei.example',
      ip: '203.0.113.9',
      createdAt: '2015-02-09T10:02:03.000Z',
      body: 'Meizu needed the cash & the <em>distribution</em>. YunOS on a Meizu is the real story.',
    });
  });

  it('leaves pingbacks out, and falls back to the local date when the UTC one is zero', () => {
    expect(meizu?.comments.some((c) => c.wpId === 105)).toBe(false);
    expect(meizu?.comments.find((c) => c.wpId === 103)?.createdAt).toBe('2015-02-09T19:30:00.000Z');
  });

  it('joins a body split across CDATA sections and keeps its paragraphs', () => {
    expect(meizu?.comments.find((c) => c.wpId === 106)?.body).toBe(
      'Replying to a comment that was deleted in WordPress.\n\nSecond paragraph, with a "quote" and a ]]> sequence.',
    );
  });

  it.each([
    ['not XML at all', 'this is not xml <', /not well-formed XML/],
    ['XML but not an export', '<?xml version="1.0"?><feed></feed>', /not a WordPress export/],
    [
      'an unknown status',
      '<rss><channel><item><wp:post_name>x</wp:post_name><wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_date_gmt>2015-01-01 00:00:00</wp:comment_date_gmt><wp:comment_approved>maybe</wp:comment_approved></wp:comment></item></channel></rss>',
      /comment 1 has an unknown comment_approved value "maybe"/,
    ],
  ])('refuses %s with a message naming the problem', (_, xml, message) => {
    expect(() => parseWordPressExport(xml, 'bad.xml')).toThrow(WordPressExportError);
    expect(() => parseWordPressExport(xml, 'bad.xml')).toThrow(message);
  });
});
