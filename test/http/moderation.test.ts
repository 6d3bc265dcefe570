import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { purgeExpired } from '../../src/services/moderate-comment.js';
import { addModerator, changePassword } from '../../src/services/moderator-auth.js';
import { firstTimeSignals } from '../../src/services/spam-filter.js';
import { buildComment } from '../helpers/builders.js';
import { ModeratorClient, moderatorPassword, signedInModerator } from '../helpers/moderator.js';
import { seedSlug, startTestSite, type TestSite } from '../helpers/site.js';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite({ TRUST_PROXY: 'true' });
});
afterEach(() => site.close());

const status = (id: number) => site.deps.comments.findById(id)?.status;

describe('signing in', () => {
  it('gives the same message for a wrong username and a wrong password', async () => {
    await addModerator(site.deps, 'alice', moderatorPassword, site.clock.now());
    const client = new ModeratorClient(site);
    const wrongUser = await client.signIn('nobody');
    const wrongPassword = await client.signIn('alice', 'not the password at all');
    expect(wrongUser.status).toBe(401);
    expect(wrongPassword.status).toBe(401);
    const message = (html: string) => /role="alert"><p>([^<]+)/.exec(html)?.[1];
    expect(message(await wrongUser.text())).toBe(message(await wrongPassword.text()));
    expect((await client.signIn('alice')).status).toBe(303);
    expect(await client.page('/moderation')).toContain('Pending');
  });

  it('locks a username or an IP out after 10 failures in 15 minutes, but not others', async () => {
    await addModerator(site.deps, 'alice', moderatorPassword, site.clock.now());
    await addModerator(site.deps, 'bob', moderatorPassword, site.clock.now());
    const attacker = new ModeratorClient(site, { 'x-forwarded-for': '203.0.113.9' });
    for (let i = 0; i < 10; i++) expect((await attacker.signIn('alice', `guess number ${i}!!`)).status).toBe(401);
    const locked = await attacker.signIn('alice');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    expect(await locked.text()).toContain('Too many failed sign-in attempts');
    expect((await attacker.signIn('bob')).status).toBe(429);
    const elsewhere = new ModeratorClient(site, { 'x-forwarded-for': '198.51.100.7' });
    expect((await elsewhere.signIn('bob')).status).toBe(303);
    expect((await elsewhere.signIn('alice')).status).toBe(429);
    site.clock.advance(15 * 60 + 1);
    expect((await elsewhere.signIn('alice')).status).toBe(303);
  });

  it('sets a fresh HttpOnly SameSite session cookie at each sign-in and ends it at sign-out', async () => {
    const client = await signedInModerator(site);
    const first = client.jar.get('bs_mod');
    const again = await client.signIn('mod');
    expect(again.headers.getSetCookie().find((c) => c.startsWith('bs_mod='))).toMatch(/HttpOnly.*SameSite=Lax/i);
    expect(client.jar.get('bs_mod')).not.toBe(first);
    await client.post('/moderation/logout', {});
    const after = await client.get('/moderation');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toContain('/moderation/login');
  });

  it.each([
    ['no sign-in cookie and an empty token', '', ''],
    ['a sign-in cookie with a bad signature and the token "false"', 'false', 'bs_login=s%3Aforged.bad-signature'],
  ])('refuses a sign-in form sent with %s, as a cross-site form would be', async (_case, token, cookie) => {
    await addModerator(site.deps, 'alice', moderatorPassword, site.clock.now());
    const res = await fetch(`${site.url}/moderation/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ username: 'alice', password: moderatorPassword, _csrf: token }).toString(),
    });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('bs_mod='))).toBe(false);
    expect(await res.text()).toContain('The sign-in form expired. Please sign in again.');
  });

  it.each(['j:[]', 'j:{}', 'j:true', 'j:{"a":1}', 'j:[1,2]'])('treats a session cookie holding JSON (%s) as no session', async (value) => {
    const headers = { cookie: `bs_mod=${encodeURIComponent(value)}` };
    const page = await fetch(`${site.url}/moderation`, { redirect: 'manual', headers });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toContain('/moderation/login');
    const post = await fetch(`${site.url}/moderation/bulk`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=approve&ids=1',
    });
    expect(post.status).toBe(403);
    expect(await post.text()).toContain('Not signed in');
  });

  it('expires an idle session', async () => {
    const client = await signedInModerator(site);
    site.clock.advance(121 * 60);
    expect((await client.get('/moderation')).status).toBe(303);
  });
});

describe('every moderation route refuses without a session or with a wrong CSRF token', () => {
  const getRoutes = ['/moderation', '/moderation?status=spam', '/moderation/log', '/moderation/comments/1'];
  const postRoutes = (id: number) =>
    [
      [`/moderation/comments/${id}/approve`, {}],
      [`/moderation/comments/${id}/spam`, {}],
      [`/moderation/comments/${id}/trash`, {}],
      ['/moderation/bulk', { action: 'trash', scope: 'selected', ids: String(id) }],
      ['/moderation/bulk/confirm', { action: 'trash', status: 'pending' }],
      ['/moderation/rescore', {}],
      ['/moderation/undo', {}],
      ['/moderation/logout', {}],
    ] as const;

  it('sends readers without a session to sign in', async () => {
    for (const path of getRoutes) {
      const res = await fetch(`${site.url}${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toMatch(/^\/moderation\/login\?return=/);
    }
  });

  it('refuses every POST without a session, and with a session but a wrong CSRF token, changing nothing', async () => {
    const id = buildComment(site.deps, seedSlug, { status: 'pending' });
    const anonymous = new ModeratorClient(site);
    const moderator = await signedInModerator(site);
    for (const [path, fields] of postRoutes(id)) {
      expect((await anonymous.post(path, fields, false)).status, path).toBe(403);
      moderator.csrf = 'wrong';
      expect((await moderator.post(path, fields)).status, path).toBe(403);
      expect((await moderator.post(path, fields, false)).status, path).toBe(403);
    }
    expect(status(id)).toBe('pending');
    expect(site.deps.moderationLog.count({})).toBe(0);
  });

  it('offers to sign in and come back to the page the refused form was on', async () => {
    const id = buildComment(site.deps, seedSlug, { status: 'spam' });
    // The row's form returns to the row after it; the action did not happen, so back to this row.
    const from = `/moderation?status=spam#row-${id}`;
    const anonymous = new ModeratorClient(site);
    const refused = await anonymous.post(
      `/moderation/comments/${id}/not-spam`,
      { from: 'spam', return: `/moderation?status=spam#row-${id + 1}` },
      false,
    );
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toContain('Not signed in');
    expect(html).toContain(`href="/moderation/login?return=${encodeURIComponent(from)}"`);
    expect(html).not.toContain('href="/">Go to the latest articles');

    // The sign-in form carries that path and returns to it.
    const login = await anonymous.page(`/moderation/login?return=${encodeURIComponent(from)}`);
    expect(login).toContain(`name="return" value="/moderation?status=spam#row-${id}"`);
  });

  it('offers, when a form expired, a link back to the page it was on (from its return field or the Referer)', async () => {
    const moderator = await signedInModerator(site);
    moderator.csrf = 'stale';
    const withReturn = await (await moderator.post('/moderation/undo', { return: '/moderation?status=trash&page=2' })).text();
    expect(withReturn).toContain('Form expired');
    expect(withReturn).toContain('href="/moderation?status=trash&amp;page=2"');
    expect(withReturn).toContain('Sign out mod'); // still signed in: the moderation header, not the reader's

    const referred = await fetch(`${site.url}/moderation/bulk/confirm`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: moderator.cookie,
        'content-type': 'application/x-www-form-urlencoded',
        referer: `${site.url}/moderation/log?moderator=mod`,
      },
      body: '_csrf=stale&action=trash',
    });
    expect(referred.status).toBe(403);
    expect(await referred.text()).toContain('href="/moderation/log?moderator=mod"');
  });

  it('never links a refused form to a page outside the moderation area', async () => {
    const moderator = await signedInModerator(site);
    moderator.csrf = 'stale';
    for (const [ret, referer] of [
      ['https://evil.example/moderation', 'https://evil.example/moderation?x'],
      ['//evil.example/moderation', `${site.url}/articles/${seedSlug}`],
      ['/moderation/../../', `${site.url}/moderation/bulk`],
    ] as const) {
      const res = await fetch(`${site.url}/moderation/undo`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: moderator.cookie, 'content-type': 'application/x-www-form-urlencoded', referer },
        body: new URLSearchParams({ _csrf: 'stale', return: ret }).toString(),
      });
      const html = await res.text();
      expect(html, ret).not.toContain('evil.example');
      expect(html, ret).toContain('href="/moderation">Back to the queue');
    }
    const anonymous = await new ModeratorClient(site).post('/moderation/undo', { return: 'https://evil.example/' }, false);
    expect(await anonymous.text()).toContain(`href="/moderation/login?return=${encodeURIComponent('/moderation')}"`);
  });
});

describe('the queue', () => {
  it('answers a refused moderation form with a page of the moderation area that leads back, not to the front page', async () => {
    const moderator = await signedInModerator(site);
    const refused = await moderator.post('/moderation/bulk', { action: 'nonsense', scope: 'selected', return: '/moderation?status=spam' });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('Choose an action to apply.');
    expect(html).toContain('Sign out mod');
    expect(html).toContain('href="/moderation?status=spam">Back to the page you were on');
    expect(html).not.toContain('Go to the latest articles');
  });

  it('shows each held comment with its details, reasons and history', async () => {
    buildComment(site.deps, seedSlug, { status: 'spam', authorEmail: 'x@example.com' });
    const id = buildComment(site.deps, seedSlug, {
      status: 'pending',
      authorEmail: 'x@example.com',
      authorName: 'Xena',
      body: 'Visit https://x.example now',
    });
    const moderator = await signedInModerator(site);
    const html = await moderator.page('/moderation');
    expect(html).toContain(`id="row-${id}"`);
    expect(html).toContain('Xena');
    expect(html).toContain('x@example.com');
    expect(html).toMatch(/Pending <span class="count">\(1\)/);
    expect(html).toContain('by email 0 approved / 1 spam / 0 trash');
    expect(html).not.toContain('<a href="https://x.example');
    for (const label of ['>Approve<', '>Spam<', '>Trash<']) expect(html).toContain(label);
  });

  it.each([
    ['pending', 'approve', 'approved'],
    ['pending', 'spam', 'spam'],
    ['pending', 'trash', 'trash'],
    ['approved', 'unapprove', 'pending'],
    ['approved', 'spam', 'spam'],
    ['approved', 'trash', 'trash'],
    ['spam', 'not-spam', 'approved'],
    ['spam', 'delete', undefined],
    ['trash', 'delete', undefined],
  ] as const)('moves %s through %s to %s, and logs it', async (from, action, to) => {
    const id = buildComment(site.deps, seedSlug, { status: from });
    const moderator = await signedInModerator(site);
    const res = await moderator.post(`/moderation/comments/${id}/${action}`, { from, return: `/moderation?status=${from}` });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/moderation?status=${from}`);
    expect(status(id)).toBe(to);
    expect(site.deps.moderationLog.list({ comment: id }, 10, 0)[0]).toMatchObject({
      moderatorName: 'mod',
      action,
      fromStatus: from,
      toStatus: to ?? 'deleted',
      bulk: false,
    });
  });

  it('restores a trashed comment to where it came from', async () => {
    const id = buildComment(site.deps, seedSlug, { status: 'approved' });
    const moderator = await signedInModerator(site);
    await moderator.post(`/moderation/comments/${id}/trash`, { from: 'approved' });
    await moderator.post(`/moderation/comments/${id}/restore`, { from: 'trash' });
    expect(status(id)).toBe('approved');
  });

  it('refuses a transition from a state the comment has left (two moderators at once)', async () => {
    const id = buildComment(site.deps, seedSlug, { status: 'pending' });
    const first = await signedInModerator(site, 'first');
    const second = await signedInModerator(site, 'second');
    await first.post(`/moderation/comments/${id}/approve`, { from: 'pending' });
    const late = await second.post(`/moderation/comments/${id}/spam`, { from: 'pending' });
    expect(late.status).toBe(303);
    expect(status(id)).toBe('approved');
    expect(await second.page('/moderation')).toContain('someone else moved it to approved');
    expect(site.deps.moderationLog.count({ comment: id })).toBe(1);
  });

  it('says a comment that is gone may never have existed, and changes nothing', async () => {
    const moderator = await signedInModerator(site);
    const res = await moderator.post('/moderation/comments/99999/approve', { from: 'pending' });
    expect(res.status).toBe(303);
    expect(await moderator.page('/moderation')).toContain(
      'There is no comment #99999: it was deleted permanently, or never existed. Nothing was changed.',
    );
  });

  it('applies a bulk action to the selected rows', async () => {
    const ids = [1, 2, 3].map(() => buildComment(site.deps, seedSlug, { status: 'pending' }));
    const moderator = await signedInModerator(site);
    await moderator.post('/moderation/bulk', { action: 'approve', scope: 'selected', ids: ids.slice(0, 2).map(String) });
    expect(ids.map(status)).toEqual(['approved', 'approved', 'pending']);
    expect(site.deps.moderationLog.list({}, 10, 0).every((e) => e.bulk)).toBe(true);
  });

  it('applies an action to everything matching a filter after a confirmation that states the count', async () => {
    for (let i = 0; i < 25; i++) buildComment(site.deps, seedSlug, { status: 'pending', body: `cheap offer ${i}` });
    const keep = buildComment(site.deps, seedSlug, { status: 'pending', body: 'A real thought' });
    const moderator = await signedInModerator(site);
    const confirm = await moderator.post('/moderation/bulk', { action: 'trash', scope: 'filter', status: 'pending', q: 'cheap offer' });
    const html = await confirm.text();
    expect(html).toContain('Trash 25 comments?');
    expect(site.deps.queue.countsByStatus().trash).toBe(0);
    // Sent back as the browser would: the confirm form carries the filter and what was counted.
    const form = [...html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].filter(([, name]) => name !== '_csrf');
    await moderator.post('/moderation/bulk/confirm', Object.fromEntries(form.map(([, name, value]) => [name ?? '', value ?? ''])));
    expect(site.deps.queue.countsByStatus()).toMatchObject({ trash: 25, pending: 1 });
    expect(status(keep)).toBe('pending');
  });

  it('undoes the moderator’s last action', async () => {
    const id = buildComment(site.deps, seedSlug, { status: 'pending' });
    const moderator = await signedInModerator(site);
    await moderator.post(`/moderation/comments/${id}/spam`, { from: 'pending' });
    await moderator.post('/moderation/undo', {});
    expect(status(id)).toBe('pending');
    expect(site.deps.moderationLog.list({ comment: id }, 10, 0).map((e) => e.action)).toEqual(['undo', 'spam']);
  });

  it('takes back what the spam filter learned from the undone decision', async () => {
    const body = 'Has anyone tried the quillmoss tonic for this?';
    const id = buildComment(site.deps, seedSlug, { status: 'pending', body });
    const probe = site.deps.comments.findById(id);
    if (!probe) throw new Error('the comment was not stored');
    const scoreNow = () => site.deps.spamFilter.score(probe, firstTimeSignals(site.deps.spam)).score;
    const undecided = scoreNow();
    const moderator = await signedInModerator(site);
    await moderator.post(`/moderation/comments/${id}/spam`, { from: 'pending' });
    expect(scoreNow()).toBeGreaterThan(undecided);
    await moderator.post('/moderation/undo', {});
    expect(scoreNow()).toBeCloseTo(undecided, 10);
    expect(site.deps.spam.trainedLabel(id)).toBeNull();
  });

  it('shows every action in the audit log, filterable by moderator and comment', async () => {
    const a = buildComment(site.deps, seedSlug, { status: 'pending' });
    const b = buildComment(site.deps, seedSlug, { status: 'pending' });
    const alice = await signedInModerator(site, 'alice');
    const bob = await signedInModerator(site, 'bob');
    await alice.post(`/moderation/comments/${a}/approve`, { from: 'pending' });
    await bob.post(`/moderation/comments/${b}/spam`, { from: 'pending' });
    const all = await alice.page('/moderation/log');
    expect(all).toContain(`#${a}`);
    expect(all).toContain(`#${b}`);
    const bobs = await alice.page('/moderation/log?moderator=bob');
    expect(bobs).toContain(`#${b}`);
    expect(bobs).not.toContain(`>#${a}<`);
    expect(await alice.page(`/moderation/log?comment=${a}`)).toContain('pending → approved');
  });

  it('counts pending comments that arrived since the moderator last looked', async () => {
    const moderator = await signedInModerator(site);
    site.clock.advance(60);
    buildComment(site.deps, seedSlug, { status: 'pending', createdAt: site.clock.now().toISOString() });
    const html = await moderator.page('/moderation/log');
    expect(html).toContain('<title>(1) Audit log');
    expect(html).toContain('1 new');
  });
});

describe('retention', () => {
  it('deletes spam after 15 days and trash after 30, says how long is left, and logs it', async () => {
    const spam = buildComment(site.deps, seedSlug, { status: 'pending' });
    const trash = buildComment(site.deps, seedSlug, { status: 'pending' });
    const moderator = await signedInModerator(site);
    await moderator.post(`/moderation/comments/${spam}/spam`, { from: 'pending' });
    await moderator.post(`/moderation/comments/${trash}/trash`, { from: 'pending' });
    site.clock.advance(12 * 86_400);
    await moderator.signIn('mod');
    expect(await moderator.page('/moderation?status=spam')).toContain('deleted in 3 days');
    const retention = site.deps.config.moderation;
    expect(purgeExpired(site.deps, site.clock.now(), retention)).toBe(0);
    site.clock.advance(4 * 86_400);
    expect(purgeExpired(site.deps, site.clock.now(), retention)).toBe(1);
    expect(status(spam)).toBeUndefined();
    expect(status(trash)).toBe('trash');
    site.clock.advance(15 * 86_400);
    expect(purgeExpired(site.deps, site.clock.now(), retention)).toBe(1);
    expect(site.deps.moderationLog.list({ moderator: 'retention' }, 10, 0).map((e) => e.reason)).toEqual([
      'trash kept 30 days',
      'spam kept 15 days',
    ]);
  });
});

describe('classifier feedback', () => {
  it('raises the score of the next comment containing a word only moderators marked as spam', async () => {
    const { spamFilter, spam } = site.deps;
    const probe = { body: 'Anyone tried glorpex for this?', authorName: 'Q', authorEmail: 'q@example.com', authorUrl: '', ip: '' };
    const before = spamFilter.score(probe, firstTimeSignals(spam)).score;
    const id = buildComment(site.deps, seedSlug, { status: 'pending', body: 'glorpex glorpex best prices' });
    const moderator = await signedInModerator(site);
    await moderator.post(`/moderation/comments/${id}/spam`, { from: 'pending' });
    expect(spamFilter.score(probe, firstTimeSignals(spam)).score).toBeGreaterThan(before);
  });
});

describe('changing a password', () => {
  it('ends the sessions signed in with the old one', async () => {
    const client = await signedInModerator(site);
    await changePassword(site.deps, 'mod', 'a brand new long password');
    expect((await client.get('/moderation')).status).toBe(303);
  });
});

describe('deleting a comment that has replies', () => {
  it('moves its replies up so none disappears and the page count stays right', async () => {
    const root = buildComment(site.deps, seedSlug, { body: 'Root remark' });
    const middle = buildComment(site.deps, seedSlug, { parentId: root, body: 'Middle remark' });
    const leaf = buildComment(site.deps, seedSlug, { parentId: middle, body: 'Leaf remark' });
    const moderator = await signedInModerator(site);
    await moderator.post(`/moderation/comments/${middle}/trash`, { from: 'approved' });
    await moderator.post(`/moderation/comments/${middle}/delete`, { from: 'trash' });
    expect(site.deps.comments.findById(leaf)?.parentId).toBe(root);
    let html = await (await fetch(`${site.url}/articles/${seedSlug}`)).text();
    expect(html).toContain('Leaf remark');
    expect(site.deps.comments.threadCounts(site.deps.articles.findPublishedBySlug(seedSlug)?.id ?? 0, []).topLevel).toBe(1);

    await moderator.post(`/moderation/comments/${root}/spam`, { from: 'approved' });
    await moderator.post(`/moderation/comments/${root}/delete`, { from: 'spam' });
    expect(site.deps.comments.findById(leaf)).toMatchObject({ parentId: null, rootId: leaf });
    html = await (await fetch(`${site.url}/articles/${seedSlug}`)).text();
    expect(html).toContain('Leaf remark');
    expect(html).toContain('1 comment on');
  });
});
