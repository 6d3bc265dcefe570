import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildComment } from '../helpers/builders.js';
import { type ModeratorClient, signedInModerator } from '../helpers/moderator.js';
import { seedSlug, startTestSite, type TestSite } from '../helpers/site.js';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(() => site.close());

/** Approves `n` new comments one by one through the queue, so the log has `n` entries by this moderator. */
async function approveSome(moderator: ModeratorClient, n: number): Promise<number[]> {
  const ids = Array.from({ length: n }, () => buildComment(site.deps, seedSlug, { status: 'pending' }));
  for (const id of ids) await moderator.post(`/moderation/comments/${id}/approve`, { from: 'pending' });
  return ids;
}

/** Entries written straight to the log: enough to fill more than one page without a request each. */
function logEntries(n: number, moderatorName = 'mod') {
  for (let i = 0; i < n; i++) {
    site.deps.moderationLog.append({
      moderatorId: null,
      moderatorName,
      commentId: 1,
      action: 'approve',
      fromStatus: 'pending',
      toStatus: 'approved',
      bulk: false,
      reason: '',
      createdAt: site.clock.now().toISOString(),
    });
  }
}

const notices = (html: string) => [...html.matchAll(/<li>(Ignored [^<]*)<\/li>/g)].map((m) => m[1]);
const emptyState = (html: string) => /<p class="empty">([^<]*)<\/p>/.exec(html)?.[1];

describe('a long audit log', () => {
  it('is walked by newer and older links, a hundred entries a page', async () => {
    logEntries(101);
    const moderator = await signedInModerator(site);
    const first = await moderator.page('/moderation/log?moderator=mod');
    expect(first).toContain('<a href="/moderation/log?moderator=mod&amp;page=2" rel="next">Older entries →</a>');
    expect(first).not.toContain('rel="prev"');
    const second = await moderator.page('/moderation/log?moderator=mod&page=2');
    expect(second).toContain('<a href="/moderation/log?moderator=mod" rel="prev">← Newer entries</a>');
    expect(second).toContain('<li>Page 2 of 2</li>');
    expect(second).not.toContain('rel="next"');
  });
});

describe('an audit log page past the end', () => {
  it('sends the moderator to the last page there is, keeping the rest of the address', async () => {
    logEntries(101);
    const moderator = await signedInModerator(site);
    const res = await moderator.get('/moderation/log?moderator=mod&page=999');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/moderation/log?moderator=mod&page=2');
  });

  it('sends the moderator to the first page when everything fits on it, and keeps values it ignored', async () => {
    const moderator = await signedInModerator(site);
    await approveSome(moderator, 3);
    const res = await moderator.get('/moderation/log?comment=abc&page=999');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/moderation/log?comment=abc');
    const html = await moderator.page('/moderation/log?comment=abc');
    expect(notices(html)).toEqual(['Ignored comment=abc: not a comment number, so this shows every comment.']);
  });
});

describe('filter values the audit log cannot use', () => {
  it('shows every entry and names each value it ignored', async () => {
    const moderator = await signedInModerator(site);
    const [id] = await approveSome(moderator, 1);
    const cases: [string, string[]][] = [
      ['comment=abc', ['Ignored comment=abc: not a comment number, so this shows every comment.']],
      ['comment=-3', ['Ignored comment=-3: not a comment number, so this shows every comment.']],
      ['page=abc', ['Ignored page=abc: not a page number, so this shows page 1.']],
      ['page=0', ['Ignored page=0: not a page number, so this shows page 1.']],
      ['comment=1&comment=2', ['Ignored comment: given more than once, so this shows every comment.']],
      ['moderator=mod&moderator=bob', ['Ignored moderator: given more than once, so this shows every moderator.']],
      [`moderator=${'m'.repeat(65)}`, ['Ignored moderator: longer than 64 characters, so this shows every moderator.']],
      ['colour=red', ['Ignored colour: not a filter of the audit log.']],
    ];
    for (const [query, expected] of cases) {
      const res = await moderator.get(`/moderation/log?${query}`);
      expect(res.status, query).toBe(200);
      const html = await res.text();
      expect(notices(html), query).toEqual(expected);
      expect(html, query).toContain(`>#${id}</a>`);
    }
  });

  it('says nothing when every value is usable, or left blank by the filter form', async () => {
    const moderator = await signedInModerator(site);
    const [id] = await approveSome(moderator, 1);
    for (const query of ['moderator=&comment=', `moderator=mod&comment=${id}&page=1`]) {
      const html = await moderator.page(`/moderation/log?${query}`);
      expect(notices(html), query).toEqual([]);
      expect(html, query).toContain(`>#${id}</a>`);
    }
  });
});

describe('an audit log filter that matches nothing', () => {
  it('says plainly that there are no entries for it, without calling it a mistake', async () => {
    const moderator = await signedInModerator(site);
    await approveSome(moderator, 1);
    const cases: [string, string][] = [
      ['moderator=bob', 'No entries by moderator “bob”.'],
      ['comment=424242', 'No entries for comment #424242.'],
      ['moderator=bob&comment=424242', 'No entries by moderator “bob” for comment #424242.'],
    ];
    for (const [query, expected] of cases) {
      const res = await moderator.get(`/moderation/log?${query}`);
      expect(res.status, query).toBe(200);
      const html = await res.text();
      expect(emptyState(html), query).toBe(expected);
      expect(notices(html), query).toEqual([]);
    }
    // The form shows the filter that made the list empty, not "Everyone".
    expect(await moderator.page('/moderation/log?moderator=bob')).toContain('<option selected>bob</option>');
  });

  it('says the log is empty when nobody has acted yet', async () => {
    const moderator = await signedInModerator(site);
    expect(emptyState(await moderator.page('/moderation/log'))).toBe('No entries yet: no moderator has acted on a comment.');
  });
});
