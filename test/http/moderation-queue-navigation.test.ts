import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queuePageSize } from '../../src/http/moderation/queue-view.js';
import { buildComment } from '../helpers/builders.js';
import { type ModeratorClient, signedInModerator } from '../helpers/moderator.js';
import { seedSlug, startTestSite, type TestSite } from '../helpers/site.js';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(() => site.close());

/** Pending comments, newest last; the queue lists them newest first. */
const pending = (n: number) => Array.from({ length: n }, () => buildComment(site.deps, seedSlug, { status: 'pending' }));

/** The return path each of a row's action forms sends, by comment id. */
async function returnPaths(moderator: ModeratorClient, path: string): Promise<Map<number, string>> {
  const html = await moderator.page(path);
  const found = new Map<number, string>();
  for (const [, id, value] of html.matchAll(/action="\/moderation\/comments\/(\d+)\/approve">[\s\S]*?name="return" value="([^"]*)"/g)) {
    found.set(Number(id), (value ?? '').replaceAll('&amp;', '&'));
  }
  return found;
}

describe('after acting on a row, the queue lands on the row that took its place', () => {
  it('names the next row in each action’s return path, or the previous one for the last row', async () => {
    const [oldest, middle, newest] = pending(3) as [number, number, number];
    const moderator = await signedInModerator(site);
    const paths = await returnPaths(moderator, '/moderation');
    expect(paths.get(newest)).toBe(`/moderation?status=pending#row-${middle}`);
    expect(paths.get(middle)).toBe(`/moderation?status=pending#row-${oldest}`);
    expect(paths.get(oldest)).toBe(`/moderation?status=pending#row-${middle}`);

    const res = await moderator.post(`/moderation/comments/${middle}/approve`, { from: 'pending', return: paths.get(middle) ?? '' });
    expect(res.headers.get('location')).toBe(`/moderation?status=pending#row-${oldest}`);
    expect(await moderator.page('/moderation')).toContain(`id="row-${oldest}"`);
  });

  it('is walked by newer and older links', async () => {
    pending(queuePageSize + 1);
    const moderator = await signedInModerator(site);
    const first = await moderator.page('/moderation');
    expect(first).toMatch(/<a href="\/moderation\?status=pending&amp;page=2" rel="next">Older →<\/a>/);
    const second = await moderator.page('/moderation?page=2');
    expect(second).toMatch(/<a href="\/moderation\?status=pending" rel="prev">← Newer<\/a>/);
    expect(second).toContain('<li>Page 2 of 2</li>');
  });

  it('lands on the row that moves up from the next page, and on the previous page’s last row when a page empties', async () => {
    const ids = pending(queuePageSize + 1).reverse(); // queue order: newest first
    const moderator = await signedInModerator(site);
    const lastOnFirstPage = ids[queuePageSize - 1];
    const onlyOnSecondPage = ids[queuePageSize];
    expect((await returnPaths(moderator, '/moderation')).get(lastOnFirstPage ?? 0)).toBe(
      `/moderation?status=pending#row-${onlyOnSecondPage}`,
    );
    expect((await returnPaths(moderator, '/moderation?page=2')).get(onlyOnSecondPage ?? 0)).toBe(
      `/moderation?status=pending&page=2#row-${lastOnFirstPage}`,
    );
  });

  it('says nothing about a landing row when the acted-on row was the only one', async () => {
    const [only] = pending(1);
    const moderator = await signedInModerator(site);
    expect((await returnPaths(moderator, '/moderation')).get(only ?? 0)).toBe('/moderation?status=pending');
  });
});

describe('after a bulk action on selected rows, the queue lands where a single action would', () => {
  /** The bulk form's hidden fields, as the browser sends them with the ticked rows, and where the action sends the moderator. */
  async function bulkOn(moderator: ModeratorClient, path: string, action: string, ids: (number | undefined)[]) {
    const form = /<form[^>]*id="bulk-form"[\s\S]*?<\/form>/.exec(await moderator.page(path))?.[0] ?? '';
    const fields: Record<string, string> = {};
    for (const [, name, value] of form.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)) {
      if (name && name !== '_csrf') fields[name] = (value ?? '').replaceAll('&amp;', '&');
    }
    const res = await moderator.post('/moderation/bulk', { ...fields, action, scope: 'selected', ids: ids.map(String) });
    expect(res.status).toBe(303);
    return res.headers.get('location') ?? '';
  }

  it('lands on the first row after the last one acted on', async () => {
    const [a, b, c, d, e] = pending(5).reverse(); // queue order: newest first
    const moderator = await signedInModerator(site);
    const location = await bulkOn(moderator, '/moderation', 'approve', [b, d]);
    expect(location).toBe(`/moderation?status=pending#row-${e}`);
    const html = await moderator.page(location.split('#')[0] ?? '');
    expect([...html.matchAll(/id="row-(\d+)"/g)].map((m) => Number(m[1]))).toEqual([a, c, e]);
  });

  it('lands on the row before when the last rows were acted on', async () => {
    const [, b, c, d, e] = pending(5).reverse();
    const moderator = await signedInModerator(site);
    expect(await bulkOn(moderator, '/moderation', 'spam', [c, e, d])).toBe(`/moderation?status=pending#row-${b}`);
  });

  it('lands on the row that moves up from the next page, and on the previous page when a page empties', async () => {
    const ids = pending(queuePageSize + 3).reverse();
    const moderator = await signedInModerator(site);
    const lastTwo = ids.slice(queuePageSize - 2, queuePageSize);
    const location = await bulkOn(moderator, '/moderation', 'trash', lastTwo);
    expect(location).toBe(`/moderation?status=pending#row-${ids[queuePageSize]}`);
    expect(await moderator.page('/moderation')).toContain(`id="row-${ids[queuePageSize]}"`);

    const secondPage = ids.slice(queuePageSize + 2);
    expect(await bulkOn(moderator, '/moderation?page=2', 'trash', secondPage)).toBe(
      `/moderation?status=pending&page=2#row-${ids[queuePageSize + 1]}`,
    );
  });

  it('says nothing about a landing row when no row is left', async () => {
    const ids = pending(2);
    const moderator = await signedInModerator(site);
    expect(await bulkOn(moderator, '/moderation', 'approve', ids)).toBe('/moderation?status=pending');
  });
});

describe('after an undo, the queue lands on the comment that came back', () => {
  it('names it in the redirect, and leaves a bulk undo (many comments) at the top of the page', async () => {
    const [one, two] = pending(2) as [number, number];
    const moderator = await signedInModerator(site);
    await moderator.post(`/moderation/comments/${one}/trash`, { from: 'pending' });
    const undone = await moderator.post('/moderation/undo', { return: '/moderation?status=pending' });
    expect(undone.headers.get('location')).toBe(`/moderation?status=pending#row-${one}`);

    await moderator.post('/moderation/bulk', { action: 'spam', scope: 'selected', ids: [String(one), String(two)] });
    const bulk = await moderator.post('/moderation/undo', { return: '/moderation?status=pending' });
    expect(bulk.headers.get('location')).toBe('/moderation?status=pending');
  });
});

describe('a queue page past the end', () => {
  it('sends the moderator to the last page there is, keeping the rest of the address', async () => {
    pending(queuePageSize + 1);
    const moderator = await signedInModerator(site);
    const res = await moderator.get('/moderation?status=pending&q=Comment&page=99');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/moderation?status=pending&q=Comment&page=2');
  });

  it('sends the moderator to page 1 once the queue is empty', async () => {
    const moderator = await signedInModerator(site);
    const res = await moderator.get('/moderation?status=spam&page=3');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/moderation?status=spam');
    expect(await moderator.page('/moderation?status=spam')).toContain('Nothing here');
  });

  it('after acting on the only row of the last page, lands on the page before it', async () => {
    const ids = pending(queuePageSize + 1).reverse();
    const last = ids[queuePageSize] ?? 0;
    const moderator = await signedInModerator(site);
    const back = (await returnPaths(moderator, '/moderation?page=2')).get(last) ?? '';
    const acted = await moderator.post(`/moderation/comments/${last}/approve`, { from: 'pending', return: back });
    const next = await moderator.get(acted.headers.get('location')?.split('#')[0] ?? '');
    expect(next.status).toBe(303);
    // The browser keeps the #row- fragment across this redirect, so the keyboard lands on that row.
    expect(next.headers.get('location')).toBe('/moderation?status=pending');
  });
});

describe('filter values the queue cannot use', () => {
  const notices = (html: string) => [...html.matchAll(/<li>(Ignored [^<]*)<\/li>/g)].map((m) => m[1]);

  it('shows the list it could make and names each value it ignored', async () => {
    const id = buildComment(site.deps, seedSlug, { status: 'pending' });
    const moderator = await signedInModerator(site);
    const res = await moderator.get('/moderation?status=foo&article=abc&min=high&max=2&page=two&colour=red');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`id="row-${id}"`);
    expect(notices(html)).toEqual([
      'Ignored status=foo: not a known status (pending, approved, spam or trash), so this shows pending.',
      'Ignored article=abc: not an article number.',
      'Ignored min=high: not a spam score from 0 to 1.',
      'Ignored max=2: not a spam score from 0 to 1.',
      'Ignored page=two: not a page number, so this shows page 1.',
      'Ignored colour: not a filter of the queue.',
    ]);
  });

  it('quotes a long value cut at 40 characters, without splitting an emoji', async () => {
    const moderator = await signedInModerator(site);
    const html = await moderator.page(`/moderation?min=${encodeURIComponent(`${'a'.repeat(39)}👍👍`)}`);
    expect(notices(html)).toEqual([`Ignored min=${'a'.repeat(39)}👍…: not a spam score from 0 to 1.`]);
  });

  it('says nothing when every value is usable, or left blank by the filter form', async () => {
    const moderator = await signedInModerator(site);
    const html = await moderator.page('/moderation?status=spam&article=&q=&min=0.2&max=&page=1');
    expect(notices(html)).toEqual([]);
  });

  it('names a filter given twice and a search that is too long', async () => {
    const moderator = await signedInModerator(site);
    const html = await moderator.page(`/moderation?status=spam&status=trash&q=${'x'.repeat(201)}`);
    expect(html).toContain('aria-current="page">Pending');
    expect(notices(html)).toEqual([
      'Ignored status: given more than once, so this shows pending.',
      'Ignored q: longer than 200 characters.',
    ]);
  });

  it('names an article that does not exist, and a score range that runs backwards, and shows the list without them', async () => {
    const id = buildComment(site.deps, seedSlug, { status: 'pending' });
    const moderator = await signedInModerator(site);
    const res = await moderator.get('/moderation?status=pending&article=999&min=0.8&max=0.2');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`id="row-${id}"`);
    expect(notices(html)).toEqual([
      'Ignored article=999: there is no article 999.',
      'Ignored min=0.8 and max=0.2: the lowest score asked for is above the highest, so no comment could match.',
    ]);
    expect(notices(await moderator.page('/moderation?status=pending&min=0.5&max=0.5'))).toEqual([]);
  });

  it('refuses a bulk action on an article that does not exist or a backwards score range', async () => {
    const ids = pending(2);
    const moderator = await signedInModerator(site);
    const filters: [Record<string, string>, string][] = [
      [{ article: '999' }, '<li>article=999: there is no article 999.</li>'],
      [
        { min: '0.8', max: '0.2' },
        '<li>min=0.8 and max=0.2: the lowest score asked for is above the highest, so no comment could match.</li>',
      ],
    ];
    for (const [fields, refusal] of filters) {
      for (const path of ['/moderation/bulk', '/moderation/bulk/confirm']) {
        const res = await moderator.post(path, {
          scope: 'filter',
          action: 'trash',
          status: 'pending',
          count: '2',
          upto: '999',
          changed: '9',
          ...fields,
        });
        expect(res.status, path).toBe(400);
        expect(await res.text(), path).toContain(refusal);
      }
    }
    expect(ids.map((id) => site.deps.comments.findById(id)?.status)).toEqual(['pending', 'pending']);
  });

  it('refuses a bulk action on a filter it could not read, instead of acting on a wider one', async () => {
    const ids = pending(3);
    const moderator = await signedInModerator(site);
    for (const path of ['/moderation/bulk', '/moderation/bulk/confirm']) {
      const res = await moderator.post(path, {
        scope: 'filter',
        action: 'trash',
        status: 'pending',
        min: 'high',
        count: '3',
        upto: '999',
        changed: '9',
      });
      expect(res.status, path).toBe(400);
      const html = await res.text();
      expect(html, path).toContain('<li>min=high: not a spam score from 0 to 1.</li>');
      expect(html, path).toContain('href="/moderation?status=pending"');
    }
    expect(ids.map((id) => site.deps.comments.findById(id)?.status)).toEqual(['pending', 'pending', 'pending']);
  });
});
