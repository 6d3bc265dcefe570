import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHttpUrl } from '../../src/domain/comment-input.js';
import { moderateMany } from '../../src/services/moderate-comment.js';
import { type Browser, hasBrowser, launchBrowser, watchConsole } from '../helpers/browser.js';
import { postForm } from '../helpers/http.js';
import { formToken, seedSlug, startTestSite, type TestSite } from '../helpers/site.js';

const hostile = JSON.parse(readFileSync(new URL('../fixtures/hostile-strings.json', import.meta.url), 'utf8')) as string[];

describe.skipIf(!hasBrowser)('hostile input through the real form', () => {
  let site: TestSite;
  let browser: Browser;
  const refusals: number[] = [];
  beforeAll(async () => {
    site = await startTestSite({ COMMENT_FLOOD_SECONDS: '0', COMMENT_RATE_LIMIT: '0', COMMENT_DUPLICATE_DAYS: '0' });
    browser = await launchBrowser();
    const url = `${site.url}/articles/${seedSlug}/comments`;
    for (const [i, text] of hostile.entries()) {
      const website = isHttpUrl(`https://example.com/${text}`) && text.length < 150 ? `https://example.com/${text}` : '';
      const fields = {
        comment: text,
        author: text.slice(0, 245),
        email: `hostile${i}@example.com`,
        url: text.slice(0, 200),
        token: formToken(site, seedSlug),
      };
      let res = await postForm(url, fields);
      if (res.status !== 303) {
        // Refused (a name with line breaks, a website that is not http(s)): a 4xx with a message, never a 5xx.
        refusals.push(res.status);
        expect(res.status, JSON.stringify(text).slice(0, 80)).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        res = await postForm(url, {
          ...fields,
          author: `Hostile ${i} ${text.replace(/[\r\n\u2028\u2029\u0000-\u001f]/g, ' ').slice(0, 200)}`,
          url: website,
        });
      }
      expect(res.status, JSON.stringify(text).slice(0, 80)).toBe(303);
    }
    const ids = [...site.deps.comments.exportRows({})].map((c) => ({ id: c.id, status: c.status }));
    const actor = { id: null, username: 'test' };
    moderateMany(
      site.deps,
      ids.filter((c) => c.status === 'pending').map((c) => c.id),
      { action: 'approve', actor, now: site.clock.now() },
    );
    moderateMany(
      site.deps,
      ids.filter((c) => c.status === 'spam').map((c) => c.id),
      { action: 'not-spam', actor, now: site.clock.now() },
    );
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it(`runs none of ${hostile.length} hostile strings and keeps every page whole`, async () => {
    expect(hostile.length).toBeGreaterThanOrEqual(150);
    expect([...site.deps.comments.exportRows({ status: 'approved' })]).toHaveLength(hostile.length);
    const page = await (await browser.newContext()).newPage();
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      w.__dialogs = 0;
      for (const name of ['alert', 'confirm', 'prompt']) {
        w[name] = () => {
          w.__dialogs = (w.__dialogs as number) + 1;
        };
      }
    });
    const errors = watchConsole(page);
    page.on('dialog', (dialog) => {
      errors.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    const pages = Math.ceil(hostile.length / 50);
    let seen = 0;
    for (let n = 1; n <= pages; n++) {
      await page.goto(`${site.url}/articles/${seedSlug}?cpage=${n}`);
      await page.mouse.move(300, 300);
      await page.keyboard.press('Tab');
      const report = await page.evaluate(() => {
        const area = document.querySelector('#comments') as HTMLElement;
        const all = [...area.querySelectorAll('.comment-list *')];
        return {
          dialogs: (window as unknown as { __dialogs: number }).__dialogs,
          comments: area.querySelectorAll('.comment-list > li.comment').length,
          badHrefs: [...area.querySelectorAll('a[href]')]
            .map((a) => a.getAttribute('href') ?? '')
            .filter((h) => /^\s*(javascript|data|vbscript):/i.test(h)),
          handlers: all.flatMap((el) => [...el.attributes].map((a) => a.name)).filter((name) => name.startsWith('on')),
          forbiddenTags: all
            .map((el) => el.tagName.toLowerCase())
            .filter((t) =>
              [
                'script',
                'iframe',
                'object',
                'embed',
                'svg',
                'math',
                'img',
                'style',
                'form',
                'input',
                'textarea',
                'link',
                'meta',
                'base',
              ].includes(t),
            ),
          authorRels: [...area.querySelectorAll('.comment-author a')].map((a) => a.getAttribute('rel') ?? ''),
          formAfterThread: !!document.querySelector('#comments > #respond form') || !!document.querySelector('#respond form'),
          footerIntact: !!document.querySelector('body > footer.site-footer'),
        };
      });
      expect(report.dialogs).toBe(0);
      expect(report.badHrefs).toEqual([]);
      expect(report.handlers).toEqual([]);
      expect(report.forbiddenTags).toEqual([]);
      for (const rel of report.authorRels) expect(rel.split(' ')).toEqual(expect.arrayContaining(['nofollow', 'ugc']));
      expect(report.formAfterThread).toBe(true);
      expect(report.footerIntact).toBe(true);
      seen += report.comments;
    }
    expect(seen).toBe(hostile.length);
    expect(errors.filter((e) => /Content Security Policy|dialog/.test(e))).toEqual([]);
    console.log(`hostile strings: ${hostile.length}; refused with 4xx at first: ${refusals.length}; pages checked: ${pages}`);
  });
});
