import { afterAll, describe, expect, it } from 'vitest';
import { commentStore } from '../../src/db/comments.js';
import { openDatabase } from '../../src/db/connection.js';
import { postForm, validComment } from '../helpers/http.js';
import { siteFolder, spawnServer } from '../helpers/process.js';
import { seedSlug } from '../helpers/site.js';

const folder = siteFolder();
afterAll(() => folder.remove());

describe('WEB_CONCURRENCY=2', () => {
  it('serves from two workers whose caches notice a change made elsewhere at once', async () => {
    const env = {
      ...folder.env,
      WEB_CONCURRENCY: '2',
      COMMENT_FLOOD_SECONDS: '0',
      COMMENT_RATE_LIMIT: '0',
    };
    const server = await spawnServer(env);
    try {
      const url = `${server.url}/articles/${seedSlug}`;
      const posted = await postForm(`${url}/comments`, validComment({ comment: 'Visible in every worker, eventually at once.' }));
      const id = Number(posted.headers.get('location')?.split('-').at(-1));
      const sightings = async () => {
        const pages = await Promise.all(Array.from({ length: 8 }, () => fetch(url).then((r) => r.text())));
        return pages.filter((html) => html.includes('Visible in every worker')).length;
      };
      expect(await sightings()).toBe(0); // both workers have now cached the page without it

      // Approve it from outside both workers, as the CLI or another worker would.
      const db = openDatabase(env.DATABASE_PATH);
      expect(
        commentStore(db).changeStatus(id, commentStore(db).findById(id)?.status ?? 'pending', 'approved', new Date().toISOString()),
      ).toBe(true);
      db.close();
      expect(await sightings()).toBe(8);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
