import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildComment } from '../helpers/builders.js';
import { cookiesFrom, postForm, validComment } from '../helpers/http.js';
import { signedInModerator } from '../helpers/moderator.js';
import { closedSlug, formToken, seedSlug, startTestSite, type TestSite } from '../helpers/site.js';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(() => site.close());

const articleUrl = () => `${site.url}/articles/${seedSlug}`;
const post = (fields: Record<string, string>, headers?: Record<string, string>) =>
  postForm(`${articleUrl()}/comments`, { token: formToken(site, seedSlug), ...fields }, headers);
const storedCount = () => [...site.deps.comments.exportRows({})].length;

describe('posting a comment', () => {
  it('stores a newcomer as pending, redirects 303 to its anchor and shows it only to its poster', async () => {
    const res = await post(validComment());
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^/articles/${seedSlug}#comment-(\\d+)$`));
    const id = Number(location.split('-').at(-1));
    expect(site.deps.comments.findById(id)?.status).toBe('pending');

    const mine = await (await fetch(articleUrl(), { headers: { cookie: cookiesFrom(res) } })).text();
    expect(mine).toContain(`id="comment-${id}"`);
    expect(mine).toContain('Your comment is awaiting moderation.');
    const theirs = await (await fetch(articleUrl())).text();
    expect(theirs).not.toContain(`id="comment-${id}"`);
    expect(theirs).toContain('0 comments on');
  });

  it('publishes at once for an author with an approved comment under the same name and email', async () => {
    buildComment(site.deps, seedSlug, { authorName: 'Ada Reader', authorEmail: 'ada@example.com', status: 'approved' });
    const res = await post(validComment());
    const id = Number(res.headers.get('location')?.split('-').at(-1));
    expect(site.deps.comments.findById(id)?.status).toBe('approved');
    const html = await (await fetch(articleUrl())).text();
    expect(html).toContain(`id="comment-${id}"`);
    expect(html).toContain('2 comments on');
  });

  it('ignores status, ids and dates sent by the client', async () => {
    const res = await post({ ...validComment(), status: 'approved', id: '999', created_at: '2000-01-01', article_id: '2' });
    const id = Number(res.headers.get('location')?.split('-').at(-1));
    const stored = site.deps.comments.findById(id);
    expect(stored?.status).toBe('pending');
    expect(stored?.id).not.toBe(999);
    expect(stored?.createdAt).toBe(site.clock.now().toISOString());
  });

  it('refuses invalid input with 422, messages beside each field and everything typed kept', async () => {
    const res = await post({ comment: 'My <careful> thoughts & more', author: '', email: 'not-an-email', url: 'javascript:alert(1)' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('class="error-summary"');
    expect(html).toContain('Please enter your name.');
    expect(html).toMatch(/id="email"[^>]*value="not-an-email"[^>]*aria-invalid="true" aria-describedby="email-error"/);
    expect(html).toContain('<p class="field-error" id="email-error">');
    expect(html).toContain('>My &lt;careful&gt; thoughts &amp; more</textarea>');
    expect(html).toContain('value="javascript:alert(1)"');
    expect(storedCount()).toBe(0);
  });

  it('refuses a flood from the same IP or email within 15 s with 429, keeping the text', async () => {
    expect((await post(validComment())).status).toBe(303);
    site.clock.advance(5);
    const again = await post(validComment({ comment: 'A second thought, quickly.', email: 'other@example.com' }));
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('10');
    const html = await again.text();
    expect(html).toContain('Please wait 10 seconds before posting again');
    expect(html).toContain('A second thought, quickly.</textarea>');
    expect(html).toMatch(/id="email"[^>]*value="other@example.com"/);
    site.clock.advance(9);
    expect(await (await post(validComment({ comment: 'Nearly there.' }))).text()).toContain('Please wait 1 second before');
    site.clock.advance(2);
    expect((await post(validComment({ comment: 'A second thought, later.' }))).status).toBe(303);
  });

  it('refuses the same text from the same author on the same article with 409', async () => {
    expect((await post(validComment({ comment: 'Great point about Xiaomi.' }))).status).toBe(303);
    site.clock.advance(60);
    const dup = await post(validComment({ comment: '  great POINT about\n xiaomi. ' }));
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain('Duplicate comment detected; it looks as though you&#39;ve already said that!');
    expect(storedCount()).toBe(1);
  });

  it('refuses posts on a closed article with 403, giving the text back to copy but no way to send it', async () => {
    expect(await (await fetch(`${site.url}/articles/${closedSlug}`)).text()).toContain('Comments are closed.');
    const res = await postForm(
      `${site.url}/articles/${closedSlug}/comments`,
      validComment({ comment: 'Words I <wrote> before it closed', url: 'https://ada.example' }),
    );
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('Comments are closed on this article, so your comment was not posted.');
    expect(html).toMatch(/<textarea id="comment"[^>]*readonly[^>]*>Words I &lt;wrote&gt; before it closed<\/textarea>/);
    expect(html).toMatch(/id="author"[^>]*value="Ada Reader"/);
    expect(html).toMatch(/id="email"[^>]*value="ada@example.com"/);
    expect(html).toMatch(/id="url"[^>]*value="https:\/\/ada.example"/);
    expect(html).not.toContain('Post Comment');
    expect(html).not.toMatch(/<form[^>]*comments/);
    expect(storedCount()).toBe(0);
  });

  it('refuses on a comment page that no longer exists by showing the last page, with the form and the text', async () => {
    const bad = validComment({ comment: 'Typed on page three', email: 'not-an-email' });
    const res = await postForm(`${articleUrl()}/comments?cpage=3`, { token: formToken(site, seedSlug), ...bad });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Typed on page three</textarea>');
    expect(html).toMatch(/id="email"[^>]*value="not-an-email"/);
    expect(html).toContain(`action="/articles/${seedSlug}/comments#respond"`);

    for (let i = 0; i < 60; i++) buildComment(site.deps, seedSlug);
    for (const cpage of ['9', 'abc']) {
      const later = await postForm(`${articleUrl()}/comments?cpage=${cpage}`, { token: formToken(site, seedSlug), ...bad });
      expect(later.status).toBe(422);
      const page = await later.text();
      expect(page).toContain('Typed on page three</textarea>');
      // Past the end: the last page, where the reader most likely was. Unreadable: the first.
      const shown = cpage === '9' ? '?cpage=2' : '';
      expect(page).toContain(`action="/articles/${seedSlug}/comments${shown}#respond"`);
    }
  });

  it('answers an unknown article with 404', async () => {
    expect((await postForm(`${site.url}/articles/nope/comments`, validComment())).status).toBe(404);
  });

  it('refuses an oversized body with 413 and a clear message', async () => {
    const res = await post(validComment({ comment: 'x'.repeat(1_000_000) }));
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('larger than this site accepts');
  });

  it.each([
    ['Chinese', '中', 32_000, 10_159],
    ['Hindi', 'क', 32_000, 10_159],
    ['emoji', '😀', 24_000, 7_619],
    ['English', 'x', 98_000, 32_475],
  ])('reads a %s comment up to 1.5 times too long and says in characters how much to cut, keeping the text', async (_s, ch, n, cut) => {
    const comment = ch.repeat(n);
    const res = await post(validComment({ comment, author: 'Lin 林' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`too long by about ${cut.toLocaleString('en')} characters`);
    expect(html).not.toContain('bytes');
    expect(html).toContain(`>${comment}</textarea>`);
    expect(html).toMatch(/id="author"[^>]*value="Lin 林"/);
  });

  it.each([
    ['JSON', 'application/json', JSON.stringify(validComment())],
    ['multipart', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="comment"\r\n\r\nhi\r\n--x--'],
    ['plain text', 'text/plain', 'comment=hi'],
  ])('refuses a %s body with 400', async (_name, type, body) => {
    const res = await fetch(`${articleUrl()}/comments`, { method: 'POST', headers: { 'content-type': type }, body });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('comment form');
  });

  it.each([
    ['invalid UTF-8', 'comment=caf%E9+au+lait&author=Ada&email=ada%40example.com', 'not valid UTF-8', 'caf\uFFFD au lait'],
    ['NUL bytes', 'comment=hello%00world&author=Ada&email=ada%40example.com', 'NUL', 'helloworld'],
  ])('refuses %s with 400 and shows the text back', async (_name, body, message, kept) => {
    const res = await fetch(`${articleUrl()}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain(`${kept}</textarea>`);
    expect(storedCount()).toBe(0);
  });

  it('sets the remember-me cookie only when asked, and clears it when unticked', async () => {
    const ticked = await post(validComment({ remember: 'yes' }));
    const cookie = cookiesFrom(ticked);
    expect(cookie).toContain('bs_author=');
    const prefilled = await (await fetch(articleUrl(), { headers: { cookie } })).text();
    expect(prefilled).toMatch(/id="author"[^>]*value="Ada Reader"/);
    expect(prefilled).toMatch(/id="remember"[^>]*checked/);

    site.clock.advance(20);
    const unticked = await post(validComment({ comment: 'Another angle on this.' }), { cookie });
    const cleared = unticked.headers.getSetCookie().find((c) => c.startsWith('bs_author='));
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);

    site.clock.advance(20);
    const fresh = await post(validComment({ comment: 'A third angle.', email: 'new@example.com' }));
    expect(fresh.headers.getSetCookie().some((c) => c.startsWith('bs_author='))).toBe(false);
  });

  it('does not trust a forged own-comments cookie', async () => {
    const held = buildComment(site.deps, seedSlug, { status: 'pending', body: 'Secret held comment' });
    const html = await (await fetch(articleUrl(), { headers: { cookie: `bs_own=${held}` } })).text();
    expect(html).not.toContain('Secret held comment');
  });
});

describe('the thread', () => {
  it('nests replies, links authors with nofollow ugc and escapes names', async () => {
    const top = buildComment(site.deps, seedSlug, { authorName: '<b>Bold</b> Bob', authorUrl: 'https://bob.example' });
    const reply = buildComment(site.deps, seedSlug, { parentId: top, body: 'A reply' });
    buildComment(site.deps, seedSlug, { parentId: reply, body: 'A reply to the reply' });
    const html = await (await fetch(articleUrl())).text();
    expect(html).toContain('3 comments on');
    expect(html).toContain('<a href="https://bob.example" rel="nofollow ugc noopener">&lt;b&gt;Bold&lt;/b&gt; Bob</a>');
    expect(html).toMatch(
      new RegExp(`id="comment-${top}"[\\s\\S]*<ol class="children">[\\s\\S]*id="comment-${reply}"[\\s\\S]*<ol class="children">`),
    );
  });

  it('offers a reply form without JavaScript and posts the reply under its parent', async () => {
    const top = buildComment(site.deps, seedSlug, { authorName: 'Grace' });
    const page = await (await fetch(`${articleUrl()}?replyto=${top}`)).text();
    expect(page).toContain('Leave a reply to Grace');
    expect(page).toContain('Cancel reply');
    expect(page).toContain(`name="parent" id="parent" value="${top}"`);
    const res = await post(validComment({ parent: String(top) }));
    const id = Number(res.headers.get('location')?.split('-').at(-1));
    expect(site.deps.comments.findById(id)).toMatchObject({ parentId: top, depth: 2 });
  });

  it('cancels a reply without JavaScript by sending the form back without the parent, keeping the text', async () => {
    const top = buildComment(site.deps, seedSlug, { authorName: 'Grace' });
    const page = await (await fetch(`${articleUrl()}?replyto=${top}`)).text();
    expect(page).toMatch(/<button type="submit" name="cancel" value="reply"[^>]*>Cancel reply<\/button>/);
    expect(page).not.toContain('<a class="cancel-reply"');
    const res = await post(validComment({ parent: String(top), comment: 'Half a reply, kept', cancel: 'reply' }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Half a reply, kept</textarea>');
    expect(html).toMatch(/id="author"[^>]*value="Ada Reader"/);
    expect(html).toContain('name="parent" id="parent" value=""');
    expect(html).toContain('Leave a comment');
    expect(html).not.toContain('Leave a reply to Grace');
    expect(html).not.toContain('Cancel reply');
    expect(html).not.toContain('class="error-summary"');
    expect(storedCount()).toBe(1);
  });

  it('refuses a reply to a held comment or a comment of another article', async () => {
    const held = buildComment(site.deps, seedSlug, { status: 'pending' });
    const elsewhere = buildComment(site.deps, 'xiaomi-online-only-model-keeps-it-ahead-in-china');
    for (const parent of [held, elsewhere]) {
      const res = await post(validComment({ parent: String(parent) }));
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('no longer shown');
      site.clock.advance(20);
    }
  });

  it('keeps approved replies in their thread under a placeholder when a moderator trashes or spams their parent', async () => {
    const trashed = buildComment(site.deps, seedSlug, { authorName: 'Trashed Tom', body: 'Trashed words' });
    const reply = buildComment(site.deps, seedSlug, { parentId: trashed, body: 'Reply to a trashed comment' });
    const top = buildComment(site.deps, seedSlug, { body: 'A top-level comment' });
    const spammed = buildComment(site.deps, seedSlug, { parentId: top, authorName: 'Spammy Sam', body: 'Spammed words' });
    const deep = buildComment(site.deps, seedSlug, { parentId: spammed, body: 'Reply to a spammed comment' });
    const lonely = buildComment(site.deps, seedSlug, { body: 'Trashed with no replies' });
    const moderator = await signedInModerator(site);
    for (const [id, action] of [
      [trashed, 'trash'],
      [spammed, 'spam'],
      [lonely, 'trash'],
    ] as const) {
      expect((await moderator.post(`/moderation/comments/${id}/${action}`, { from: 'approved' })).status).toBe(303);
    }

    const html = await (await fetch(articleUrl())).text();
    expect(html).toContain('3 comments on');
    expect(html).toContain('"commentCount":3');
    for (const id of [reply, top, deep]) expect(html).toContain(`id="comment-${id}"`);
    expect(html.match(/This comment was removed\./g)).toHaveLength(2);
    for (const hidden of ['Trashed Tom', 'Trashed words', 'Spammy Sam', 'Spammed words', 'Trashed with no replies']) {
      expect(html).not.toContain(hidden);
    }
    for (const id of [trashed, spammed, lonely]) expect(html).not.toContain(`replyto=${id}`);
    expect(html).toMatch(new RegExp(`This comment was removed\\.[\\s\\S]*<ol class="children">[\\s\\S]*id="comment-${reply}"`));
    expect(html).toMatch(
      new RegExp(`id="comment-${top}"[\\s\\S]*This comment was removed\\.[\\s\\S]*<ol class="children">[\\s\\S]*id="comment-${deep}"`),
    );

    const permalink = await fetch(`${site.url}/comments/${reply}`, { redirect: 'manual' });
    expect(permalink.headers.get('location')).toBe(`/articles/${seedSlug}#comment-${reply}`);
    expect((await fetch(`${site.url}/comments/${trashed}`, { redirect: 'manual' })).status).toBe(404);
  });

  it('posts a reply as a new comment once its parent is trashed: the form comes back without the parent', async () => {
    const parent = buildComment(site.deps, seedSlug, { authorName: 'Grace' });
    const moderator = await signedInModerator(site);
    await moderator.post(`/moderation/comments/${parent}/trash`, { from: 'approved' });

    const refused = await post(validComment({ parent: String(parent), comment: 'My reply to Grace' }));
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('The comment you replied to is no longer shown');
    expect(html).toContain('My reply to Grace');
    expect(html).toContain('name="parent" id="parent" value=""');
    expect(html).not.toContain('Leave a reply to Grace');

    site.clock.advance(20);
    const again = await post(
      validComment({ parent: /name="parent" id="parent" value="([^"]*)"/.exec(html)?.[1] ?? '?', comment: 'My reply to Grace' }),
    );
    expect(again.status).toBe(303);
    const id = Number(again.headers.get('location')?.split('-').at(-1));
    expect(site.deps.comments.findById(id)).toMatchObject({ parentId: null, depth: 1, body: 'My reply to Grace' });
  });

  it('stops nesting at depth 5: a reply to a 5th-level comment joins its level', async () => {
    let parent = buildComment(site.deps, seedSlug);
    for (let depth = 2; depth <= 5; depth++) parent = buildComment(site.deps, seedSlug, { parentId: parent });
    const fifth = site.deps.comments.findById(parent);
    expect(fifth?.depth).toBe(5);
    const res = await post(validComment({ parent: String(parent) }));
    const id = Number(res.headers.get('location')?.split('-').at(-1));
    expect(site.deps.comments.findById(id)).toMatchObject({ depth: 5, parentId: fifth?.parentId });
  });

  it('pages top-level comments 50 at a time, keeping replies with their parent', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 120; i++) ids.push(buildComment(site.deps, seedSlug, { body: `Top-level number ${i}` }));
    const replyOnPage3 = buildComment(site.deps, seedSlug, { parentId: ids[110] as number, body: 'Reply to 110' });
    const page1 = await (await fetch(articleUrl())).text();
    expect(page1).toContain('Top-level number 0<');
    expect(page1).not.toContain('Top-level number 50<');
    expect(page1).toContain('121 comments on');
    expect(page1).toContain('href="/articles/alibaba-buys-590m-stake-in-meizu-to-boost-aliyun-mobile-os?cpage=3#comments"');
    const page3 = await (await fetch(`${articleUrl()}?cpage=3`)).text();
    expect(page3).toContain('Top-level number 110<');
    expect(page3).toContain('Reply to 110');
    expect((await fetch(`${articleUrl()}?cpage=4`)).status).toBe(404);
    expect((await fetch(`${articleUrl()}?cpage=abc`)).status).toBe(404);

    const permalink = await fetch(`${site.url}/comments/${replyOnPage3}`, { redirect: 'manual' });
    expect(permalink.status).toBe(303);
    expect(permalink.headers.get('location')).toBe(`/articles/${seedSlug}?cpage=3#comment-${replyOnPage3}`);
    expect(page3).toContain(`href="/articles/${seedSlug}?cpage=3#comment-${replyOnPage3}"`);
  });

  it('sends GET on the comment form address to the comments of the article, and 404s for no article', async () => {
    const res = await fetch(`${articleUrl()}/comments`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`/articles/${seedSlug}#comments`);
    expect((await fetch(`${articleUrl()}/comments`)).url).toBe(`${articleUrl()}`);
    for (let i = 0; i < 60; i++) buildComment(site.deps, seedSlug);
    const second = await fetch(`${articleUrl()}/comments?cpage=2`, { redirect: 'manual' });
    expect(second.headers.get('location')).toBe(`/articles/${seedSlug}?cpage=2#comments`);
    const gone = await fetch(`${articleUrl()}/comments?cpage=7`, { redirect: 'manual' });
    expect(gone.headers.get('location')).toBe(`/articles/${seedSlug}?cpage=2#comments`);
    const missing = await fetch(`${site.url}/articles/no-such-article/comments`, { redirect: 'manual' });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('There is no article at this address.');
  });

  it('publishes an Atom feed of approved comments only', async () => {
    buildComment(site.deps, seedSlug, { body: 'Published remark' });
    buildComment(site.deps, seedSlug, { body: 'Held remark', status: 'pending' });
    const res = await fetch(`${articleUrl()}/comments.xml`);
    expect(res.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await res.text();
    expect(xml).toContain('Published remark');
    expect(xml).not.toContain('Held remark');
  });
});
