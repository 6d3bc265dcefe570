import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../src/db/connection.js';
import { projectRoot } from '../src/paths.js';
import { pidFileFor } from '../src/services/backup.js';
import { buildComment } from './helpers/builders.js';
import { seedSlug, startTestSite, type TestSite } from './helpers/site.js';

const run = promisify(execFile);
let site: TestSite;
let scratch: string;
beforeAll(async () => {
  site = await startTestSite();
  scratch = mkdtempSync(join(tmpdir(), 'broadsheet-ops-'));
  cpSync(join(projectRoot, 'content'), join(scratch, 'content'), { recursive: true });
});
afterAll(async () => {
  await site.close();
  rmSync(scratch, { recursive: true, force: true });
});

function cli(databasePath: string, ...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', join(projectRoot, 'src', 'cli.ts'), ...args], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_PATH: databasePath, CONTENT_DIR: join(scratch, 'content'), LOG_LEVEL: 'silent' },
    maxBuffer: 256 * 1024 * 1024,
  });
}

describe('backup and restore', () => {
  it('round-trips 10,000 comments: the export of the restored database equals the original', async () => {
    inTransaction(site.deps.db, () => {
      let parent: number | null = null;
      for (let i = 0; i < 10_000; i++) {
        const id = buildComment(site.deps, seedSlug, {
          body: `Comment ${i} — “quotes”, ünïcödé, emoji 🎉`,
          parentId: i % 4 === 3 ? parent : null,
        });
        if (i % 4 === 0) parent = id;
      }
    });
    const live = site.deps.config.databasePath;
    const before = (await cli(live, 'comments', 'export')).stdout;
    const backup = join(scratch, 'backup.db');
    const made = await cli(live, 'backup', backup);
    expect(made.stderr).toContain('10,000 comments; integrity check passed');
    await expect(cli(live, 'backup', backup)).rejects.toMatchObject({ stderr: expect.stringContaining('already exists') });

    const target = join(scratch, 'restored.db');
    await cli(target, 'restore', backup);
    const after = (await cli(target, 'comments', 'export')).stdout;
    expect(after).toBe(before);
    expect(after.trimEnd().split('\n')).toHaveLength(10_000);
  });

  it('refuses to restore over a running site without --force, and refuses a damaged file', async () => {
    const target = join(scratch, 'running.db');
    writeFileSync(pidFileFor(target), `${process.pid}\n`); // this test process plays the running server
    const backup = join(scratch, 'backup.db');
    await expect(cli(target, 'restore', backup)).rejects.toMatchObject({ stderr: expect.stringContaining('The site is running') });
    await cli(target, 'restore', backup, '--force');
    const damaged = join(scratch, 'damaged.db');
    writeFileSync(damaged, 'this is not a database at all'.repeat(200));
    await expect(cli(join(scratch, 'other.db'), 'restore', damaged)).rejects.toMatchObject({ code: 1 });
  });
});

describe('comments import', () => {
  it('loads what comments export wrote, keeping ids and threads, and can be run twice', async () => {
    const source = join(scratch, 'import-source.db');
    const { startTestSite: start } = await import('./helpers/site.js');
    const small = await start();
    const top = buildComment(small.deps, seedSlug, { body: 'Top' });
    const reply = buildComment(small.deps, seedSlug, { body: 'Reply', parentId: top });
    buildComment(small.deps, seedSlug, { body: 'Reply to reply', parentId: reply, status: 'pending' });
    const exported = (await cli(small.deps.config.databasePath, 'comments', 'export')).stdout;
    await small.close();
    const file = join(scratch, 'export.jsonl');
    writeFileSync(file, exported);
    const first = await cli(source, 'comments', 'import', file);
    expect(first.stderr).toContain('Imported 3 comments');
    expect((await cli(source, 'comments', 'import', file)).stderr).toContain('Imported 0 comments from');
    expect((await cli(source, 'comments', 'export')).stdout).toBe(exported);
  });
});

describe('comments import from WordPress', () => {
  it('brings a WordPress export into the article with the same slug: threads, statuses, safe links; re-running adds nothing', async () => {
    const { startTestSite: start } = await import('./helpers/site.js');
    const fresh = await start();
    try {
      const file = join(projectRoot, 'test', 'fixtures', 'wordpress-export.xml');
      const db = fresh.deps.config.databasePath;
      const first = await cli(db, 'comments', 'import', file);
      expect(first.stderr).toContain('Imported 6 comments from the WordPress export');
      expect(first.stderr).toContain('1 replies to comments missing from the export were kept as top-level comments');
      expect(first.stderr).toContain('Not imported: 1 comments on "A post that never moved" (a-post-that-never-moved)');
      const again = await cli(db, 'comments', 'import', file);
      expect(again.stderr).toContain('Imported 0 comments from the WordPress export');
      expect(again.stderr).toContain('6 were already there');

      const rows = (await cli(db, 'comments', 'export')).stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: number; parent_id: number | null; author: string; url: string; status: string });
      const byAuthor = (name: string) => rows.filter((r) => r.author === name);
      const [wei, weiReply] = byAuthor('Wei Zhang');
      const [ana] = byAuthor('Ana');
      expect(ana).toMatchObject({ parent_id: wei?.id, status: 'approved', url: '' }); // javascript: never becomes a link
      expect(weiReply).toMatchObject({ parent_id: ana?.id, status: 'pending' });
      expect(byAuthor('cheap pills online')[0]?.status).toBe('spam');
      expect(byAuthor('Binned')[0]?.status).toBe('trash');
      expect(byAuthor('Lee')[0]?.parent_id).toBeNull();

      // The running site shows the approved thread at once, and nothing held, spam or binned.
      const page = await (await fetch(`${fresh.url}/articles/${seedSlug}`)).text();
      expect(page).toContain('YunOS on a Meizu is the real story.');
      expect(page).toContain('Flyme users won');
      expect(page).not.toContain('Waiting for moderation, this one.');
      expect(page).not.toContain('buy pills');
      expect(page).not.toContain('Off-topic rant.');
    } finally {
      await fresh.close();
    }
  });

  it('refuses a file that is not a WordPress export, saying why, and imports nothing', async () => {
    const file = join(scratch, 'not-wxr.xml');
    writeFileSync(file, '<?xml version="1.0"?><feed><entry/></feed>');
    await expect(cli(join(scratch, 'wxr-bad.db'), 'comments', 'import', file)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('is not a WordPress export'),
    });
  });
});

describe('privacy', () => {
  it('exports everything about one commenter and then erases them', async () => {
    const db = join(scratch, 'privacy.db');
    const file = join(scratch, 'one.jsonl');
    const line = (id: number, email: string) =>
      JSON.stringify({
        id,
        article: seedSlug,
        parent_id: null,
        author: 'Pat',
        email,
        url: 'https://pat.example',
        ip: '203.0.113.5',
        user_agent: 'UA',
        body: `Text ${id}`,
        status: 'approved',
        score: 0.1,
        reasons: [],
        created_at: '2026-01-01T00:00:00.000Z',
      });
    writeFileSync(file, `${line(1, 'pat@example.com')}\n${line(2, 'PAT@example.com')}\n${line(3, 'other@example.com')}\n`);
    await cli(db, 'comments', 'import', file);
    const exported = JSON.parse((await cli(db, 'privacy', 'export', 'Pat@Example.com')).stdout) as {
      comments: { id: number; ip: string }[];
    };
    expect(exported.comments.map((c) => c.id)).toEqual([1, 2]);
    expect(exported.comments[0]?.ip).toBe('203.0.113.5');

    expect((await cli(db, 'privacy', 'erase', 'pat@example.com')).stderr).toContain('Anonymised 2 comments');
    const rows = (await cli(db, 'comments', 'export')).stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows[0]).toMatchObject({ author: 'Anonymous', email: '', url: '', ip: '', user_agent: '', body: 'Text 1' });
    expect(rows[2]).toMatchObject({ email: 'other@example.com', ip: '203.0.113.5' });
    expect((await cli(db, 'privacy', 'erase', 'other@example.com', '--delete')).stderr).toContain('Deleted 1 comments');
    expect((await cli(db, 'comments', 'export')).stdout.trimEnd().split('\n')).toHaveLength(2);
  });
});
