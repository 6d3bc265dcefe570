import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstTimeSignals } from '../../src/services/spam-filter.js';
import { buildComment } from '../helpers/builders.js';
import { type ModeratorClient, signedInModerator } from '../helpers/moderator.js';
import { seedSlug, startTestSite, type TestSite } from '../helpers/site.js';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(() => site.close());

const status = (id: number) => site.deps.comments.findById(id)?.status;
const pending = (n: number, body = 'cheap offer') =>
  Array.from({ length: n }, (_, i) => buildComment(site.deps, seedSlug, { status: 'pending', body: `${body} ${i}` }));
const flashOn = async (moderator: ModeratorClient, path: string) =>
  /class="flash" role="status">([^<]*)</.exec(await moderator.page(path))?.[1];

/** The confirm page's form, as the moderator's browser would send it back. */
function confirmForm(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)) {
    if (name && name !== '_csrf') fields[name] = value ?? '';
  }
  return fields;
}

async function askToConfirm(moderator: ModeratorClient, fields: Record<string, string>) {
  const html = await (await moderator.post('/moderation/bulk', { scope: 'filter', ...fields })).text();
  return { html, form: confirmForm(html) };
}

describe('applying an action to everything matching a filter', () => {
  it('acts only on the comments counted on the confirm page and says how many arrived since', async () => {
    const counted = pending(3);
    const moderator = await signedInModerator(site);
    const { html, form } = await askToConfirm(moderator, { action: 'approve', status: 'pending', q: 'cheap offer' });
    expect(html).toContain('Approve 3 comments?');

    const [arrived] = pending(1);
    await moderator.post('/moderation/bulk/confirm', form);

    expect(counted.map(status)).toEqual(['approved', 'approved', 'approved']);
    expect(status(arrived ?? 0)).toBe('pending');
    expect(await flashOn(moderator, '/moderation')).toBe(
      'Approve: 3 comments matching the filter done; 1 skipped because it arrived or moved since the count.',
    );
  });

  it('leaves a comment that moved into the filter after the count, and counts one that moved out', async () => {
    const [stays, leaves] = pending(2);
    const unapproved = buildComment(site.deps, seedSlug, { status: 'approved', body: 'cheap offer, once approved' });
    const moderator = await signedInModerator(site);
    const colleague = await signedInModerator(site, 'colleague');
    const { form } = await askToConfirm(moderator, { action: 'trash', status: 'pending', q: 'cheap offer' });
    expect(form.count).toBe('2');

    site.clock.advance(60);
    await colleague.post(`/moderation/comments/${unapproved}/unapprove`, { from: 'approved' });
    await colleague.post(`/moderation/comments/${leaves}/approve`, { from: 'pending' });
    await moderator.post('/moderation/bulk/confirm', form);

    expect([stays, leaves, unapproved].map((id) => status(id ?? 0))).toEqual(['trash', 'approved', 'pending']);
    expect(await flashOn(moderator, '/moderation')).toBe(
      'Trash: 1 comment matching the filter done; 2 skipped because they arrived or moved since the count.',
    );
  });
});

describe('applying an action to selected comments', () => {
  it('refuses a comment that is no longer in the status the moderator saw, and teaches the filter nothing from it', async () => {
    const id = buildComment(site.deps, seedSlug, { status: 'pending', body: 'Has anyone tried the zorblatt method?' });
    const moderator = await signedInModerator(site);
    const colleague = await signedInModerator(site, 'colleague');
    await colleague.post(`/moderation/comments/${id}/approve`, { from: 'pending' });
    const { spamFilter, spam } = site.deps;
    const probe = { body: 'zorblatt zorblatt', authorName: 'Q', authorEmail: 'q@example.com', authorUrl: '', ip: '' };
    const before = spamFilter.score(probe, firstTimeSignals(spam)).score;

    await moderator.post('/moderation/bulk', { action: 'spam', scope: 'selected', status: 'pending', ids: [String(id)] });

    expect(status(id)).toBe('approved');
    expect(site.deps.moderationLog.list({ comment: id }, 10, 0).map((e) => e.action)).toEqual(['approve']);
    expect(spamFilter.score(probe, firstTimeSignals(spam)).score).toBe(before);
    expect(await flashOn(moderator, '/moderation')).toBe(`Spam: 0 comments done, 1 skipped: someone else moved it (#${id}).`);
  });

  it('acts on the rest of the selection', async () => {
    const [moved, a, b] = pending(3).map(String);
    const moderator = await signedInModerator(site);
    await (await signedInModerator(site, 'colleague')).post(`/moderation/comments/${moved}/trash`, { from: 'pending' });

    await moderator.post('/moderation/bulk', { action: 'approve', scope: 'selected', status: 'pending', ids: [moved, a, b] as string[] });

    expect([moved, a, b].map((id) => status(Number(id)))).toEqual(['trash', 'approved', 'approved']);
    expect(await flashOn(moderator, '/moderation')).toBe(`Approve: 2 comments done, 1 skipped: someone else moved it (#${moved}).`);
  });

  it('names ids that are not there apart from rows someone else moved', async () => {
    const [moved, kept] = pending(2).map(String);
    const moderator = await signedInModerator(site);
    await (await signedInModerator(site, 'colleague')).post(`/moderation/comments/${moved}/trash`, { from: 'pending' });

    await moderator.post('/moderation/bulk', {
      action: 'approve',
      scope: 'selected',
      status: 'pending',
      ids: [moved, kept, '99999'] as string[],
    });

    expect(status(Number(kept))).toBe('approved');
    expect(await flashOn(moderator, '/moderation')).toBe(
      `Approve: 1 comment done, 1 skipped: someone else moved it (#${moved}), 1 not found: deleted permanently, or never existed (#99999).`,
    );
  });

  it('answers a form with more fields than any page sends with a moderation page, changing nothing', async () => {
    const ids = pending(3);
    const moderator = await signedInModerator(site);
    const many = [...ids, ...Array.from({ length: 1_200 }, (_, i) => 1_000_000 + i)].map(String);

    const res = await moderator.post('/moderation/bulk', { action: 'approve', scope: 'selected', status: 'pending', ids: many });
    const html = await res.text();

    expect(res.status).toBe(400);
    expect(html).toContain('The form sent more fields than any page of this site sends, so nothing was changed.');
    expect(html).toContain('Sign out mod');
    expect(html).toContain('href="/moderation"');
    expect(ids.map(status)).toEqual(['pending', 'pending', 'pending']);
  });
});

describe('undoing a bulk action', () => {
  const bulk = (moderator: ModeratorClient, action: string, from: string, ids: number[]) =>
    moderator.post('/moderation/bulk', { action, scope: 'selected', status: from, ids: ids.map(String) });

  it('undoes every comment of it in one step, logs each, and then has nothing more to undo', async () => {
    const ids = [1, 2, 3].map(() => buildComment(site.deps, seedSlug, { status: 'approved' }));
    const moderator = await signedInModerator(site);
    await bulk(moderator, 'unapprove', 'approved', ids);
    expect(ids.map(status)).toEqual(['pending', 'pending', 'pending']);

    await moderator.post('/moderation/undo', {});
    expect(ids.map(status)).toEqual(['approved', 'approved', 'approved']);
    expect(await flashOn(moderator, '/moderation')).toBe(
      `Undone: your bulk “Unapprove” — 3 comments (#${ids[0]}, #${ids[1]} and #${ids[2]}) back to approved.`,
    );
    const undos = site.deps.moderationLog.list({}, 10, 0).filter((e) => e.action === 'undo');
    expect(undos.map((e) => [e.commentId, e.fromStatus, e.toStatus, e.bulk])).toEqual(
      [...ids].reverse().map((id) => [id, 'pending', 'approved', true]),
    );

    await moderator.post('/moderation/undo', {});
    expect(await flashOn(moderator, '/moderation')).toBe('You have already undone your last action; there is nothing more to undo.');
    expect(ids.map(status)).toEqual(['approved', 'approved', 'approved']);
    expect(site.deps.moderationLog.count({})).toBe(6);
  });

  it('leaves a comment that has moved on since, and names it', async () => {
    const ids = [1, 2, 3].map(() => buildComment(site.deps, seedSlug, { status: 'approved' }));
    const moderator = await signedInModerator(site);
    await bulk(moderator, 'unapprove', 'approved', ids);
    await (await signedInModerator(site, 'colleague')).post(`/moderation/comments/${ids[1]}/spam`, { from: 'pending' });

    await moderator.post('/moderation/undo', {});
    expect(ids.map(status)).toEqual(['approved', 'spam', 'approved']);
    expect(await flashOn(moderator, '/moderation')).toBe(
      `Undone: your bulk “Unapprove” — 2 comments (#${ids[0]} and #${ids[2]}) back to approved. #${ids[1]} has moved on since and was left as it is.`,
    );
  });

  it('undoes only the last of two bulk actions, and only a single action made after a bulk one', async () => {
    const [a, b, c, d] = pending(4);
    const moderator = await signedInModerator(site);
    await bulk(moderator, 'approve', 'pending', [a ?? 0, b ?? 0]);
    site.clock.advance(1);
    await bulk(moderator, 'approve', 'pending', [c ?? 0]);
    site.clock.advance(1);
    await moderator.post(`/moderation/comments/${d}/approve`, { from: 'pending' });

    await moderator.post('/moderation/undo', {});
    expect([a, b, c, d].map((id) => status(id ?? 0))).toEqual(['approved', 'approved', 'approved', 'pending']);
    expect(await flashOn(moderator, '/moderation')).toBe(`Undone: comment #${d} is back to pending.`);
  });
});
