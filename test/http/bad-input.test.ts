import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComment } from '../helpers/builders.js';
import { postForm, validComment } from '../helpers/http.js';
import { signedInModerator } from '../helpers/moderator.js';
import { formToken, seedSlug, startTestSite, type TestSite } from '../helpers/site.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite({ COMMENT_FLOOD_SECONDS: '0', COMMENT_RATE_LIMIT: '0' });
});
afterAll(() => site.close());

const endpoint = () => `${site.url}/articles/${seedSlug}/comments`;
const raw = (body: string | Buffer, type = 'application/x-www-form-urlencoded', method = 'POST', path = endpoint()) =>
  fetch(path, {
    method,
    headers: { 'content-type': type },
    body: typeof body === 'string' ? body : new Uint8Array(body),
    redirect: 'manual',
  });
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('bad input gets a 4xx with a human message, never a 5xx', () => {
  const cases: [string, () => Promise<Response>, number][] = [
    ['no fields at all', () => raw(''), 422],
    ['empty fields', () => raw(form({ comment: '', author: '', email: '' })), 422],
    ['a 100 KB comment', () => raw(form(validComment({ comment: 'x'.repeat(100_000) }))), 422],
    ['a 100 KB comment in Chinese', () => raw(form(validComment({ comment: '中'.repeat(32_000) }))), 422],
    ['a 10 MB body', () => raw(`comment=${'x'.repeat(10 * 1024 * 1024)}`), 413],
    ['invalid UTF-8', () => raw(Buffer.from('comment=%C3%28&author=A&email=a%40b.co')), 400],
    ['NUL bytes', () => raw('comment=a%00b&author=A&email=a%40b.co'), 400],
    ['CRLF in the name', () => raw(form(validComment({ author: 'Eve\r\nX-Injected: 1' }))), 422],
    ['a 10,000-character name', () => raw(form(validComment({ author: 'n'.repeat(10_000) }))), 422],
    ['a JSON body', () => raw(JSON.stringify(validComment()), 'application/json'), 400],
    [
      'a multipart body',
      () => raw('--b\r\nContent-Disposition: form-data; name="comment"\r\n\r\nhi\r\n--b--', 'multipart/form-data; boundary=b'),
      400,
    ],
    ['many repeated fields', () => raw(Array.from({ length: 500 }, () => 'comment=x').join('&')), 400],
    ['a repeated field', () => raw('comment=a&comment=b&author=A&email=a%40b.co'), 400],
    ['a broken %-escape', () => raw('comment=100%&author=A&email=a%40b.co'), 400],
    ['PUT on the comment endpoint', () => raw(form(validComment()), undefined, 'PUT'), 404],
    ['DELETE on an article', () => fetch(`${site.url}/articles/${seedSlug}`, { method: 'DELETE' }), 404],
    ['an unknown slug', () => raw(form(validComment()), undefined, 'POST', `${site.url}/articles/no-such-article/comments`), 404],
    ['a traversal slug', () => fetch(`${site.url}/articles/..%2F..%2Fetc%2Fpasswd`), 404],
    ['a traversal static path', () => fetch(`${site.url}/static/..%2F..%2Fpackage.json`), 404],
    ['a huge query string', () => fetch(`${site.url}/articles/${seedSlug}?q=${'a'.repeat(20_000)}`), 431],
    ['a malformed %-escape in a path', () => fetch(`${site.url}/articles/%E0%A4%A`), 404],
    ['a malformed %-escape in a comment link', () => fetch(`${site.url}/comments/%E0%A4%A`), 404],
    ['a bad page number', () => fetch(`${site.url}/articles/${seedSlug}?cpage=-1`), 404],
    ['a reply to a comment that does not exist', () => raw(form(validComment({ parent: '999999' }))), 422],
    ...['gzip', 'deflate', 'br'].map(
      (encoding) =>
        <[string, () => Promise<Response>, number]>[
          `a body that claims ${encoding} and is not`,
          () =>
            fetch(endpoint(), {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': encoding },
              body: 'comment=hello&author=A&email=a%40b.co',
            }),
          400,
        ],
    ),
  ];

  it.each(cases)('%s', async (_name, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
    if (status !== 431) {
      const text = await res.text();
      expect(text).not.toMatch(/at \S+\.(ts|js):\d+/); // no stack trace
      expect(text.length).toBeGreaterThan(20);
    }
  });

  it('still serves pages and takes a valid comment afterwards', async () => {
    expect((await fetch(`${site.url}/articles/${seedSlug}`)).status).toBe(200);
    const res = await postForm(endpoint(), {
      ...validComment({ comment: 'Still working after all that.' }),
      token: formToken(site, seedSlug),
    });
    expect(res.status).toBe(303);
  });
});

describe('a comment that markdown cannot format', () => {
  // Nested 3,000 deep on one line: marked ran out of stack on it, and every page showing it answered 500.
  const body = `${'- '.repeat(3000)}the end`;

  it('is shown as typed in the moderation queue, and on the article and its feed once approved', async () => {
    const id = buildComment(site.deps, seedSlug, { status: 'pending', body });
    const moderator = await signedInModerator(site);
    const queue = await moderator.get('/moderation');
    expect(queue.status).toBe(200);
    expect(await queue.text()).toContain('- - - the end');
    expect((await moderator.post(`/moderation/comments/${id}/approve`, {})).status).toBe(303);
    const article = await fetch(`${site.url}/articles/${seedSlug}`);
    expect(article.status).toBe(200);
    expect(await article.text()).toContain('- - - the end');
    const feed = await fetch(`${site.url}/articles/${seedSlug}/comments.xml`);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('- - - the end');
  });
});

describe('a comment carrying characters XML forbids', () => {
  it('keeps the comments feed well-formed, with the rest of the text', async () => {
    const id = buildComment(site.deps, seedSlug, { status: 'approved', authorName: 'Odd\uFFFF', body: 'before \uFFFE\uFFFF after' });
    const feed = await (await fetch(`${site.url}/articles/${seedSlug}/comments.xml`)).text();
    expect(feed).toContain(`urn:broadsheet:comment:${id}`);
    expect(feed).toContain('before  after');
    expect(feed).not.toMatch(/[\uFFFE\uFFFF]/);
  });
});
