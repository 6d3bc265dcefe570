import { afterAll, describe, expect, it } from 'vitest';
import { commentStore } from '../../src/db/comments.js';
import { openDatabase } from '../../src/db/connection.js';
import { postForm, validComment } from '../helpers/http.js';
import { siteFolder, spawnServer } from '../helpers/process.js';
import { seedSlug } from '../helpers/site.js';

const folder = siteFolder();
afterAll(() => folder.remove());

describe('a comment that got its 303', () => {
  it('survives kill -9 of the server', async () => {
    const env = {
      ...folder.env,
      COMMENT_FLOOD_SECONDS: '0',
      COMMENT_RATE_LIMIT: '0',
    };
    const server = await spawnServer(env);
    const acknowledged: number[] = [];
    let stop = false;
    // Thirty-two writers post until the server dies under them.
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await postForm(
            `${server.url}/articles/${seedSlug}/comments`,
            validComment({ comment: `Writer ${w}, comment ${i}`, email: `w${w}@example.com` }),
          );
          if (res.status === 303) acknowledged.push(Number(res.headers.get('location')?.split('-').at(-1)));
        } catch {
          return; // connection refused or reset: the server is gone
        }
      }
    };
    const writers = Array.from({ length: 32 }, (_, w) => writer(w));
    while (acknowledged.length < 100) await new Promise((r) => setImmediate(r));
    server.child.kill('SIGKILL');
    await server.exited;
    stop = true;
    await Promise.all(writers);

    // Restarting runs migrations and recovery on the same file, as an operator would.
    const restarted = await spawnServer(env);
    restarted.child.kill('SIGTERM');
    await restarted.exited;

    const db = openDatabase(env.DATABASE_PATH);
    const comments = commentStore(db);
    const missing = acknowledged.filter((id) => comments.findById(id) === undefined);
    const stored = [...comments.exportRows({})];
    db.close();
    expect(acknowledged.length).toBeGreaterThanOrEqual(100);
    expect(missing).toEqual([]);
    for (const row of stored) expect(row.body).toMatch(/^Writer \d+, comment \d+$/);
    console.log(`kill -9 at concurrency 32: ${acknowledged.length} acknowledged, ${missing.length} missing, ${stored.length} stored`);
  });
});
