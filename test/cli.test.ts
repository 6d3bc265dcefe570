import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import { buildComment } from './helpers/builders.js';
import { seedSlug, startTestSite, type TestSite } from './helpers/site.js';

const run = promisify(execFile);
let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(() => site.close());

function cli(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', join(projectRoot, 'src', 'cli.ts'), ...args], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_PATH: site.deps.config.databasePath, CONTENT_DIR: site.deps.config.contentDir, LOG_LEVEL: 'silent' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe('npm run cli', () => {
  it('comments export prints every comment as one JSON line, completely, and nothing else', async () => {
    const parent = buildComment(site.deps, seedSlug, { body: 'Parent' });
    buildComment(site.deps, seedSlug, { parentId: parent, body: 'Child', status: 'pending' });
    for (let i = 0; i < 3000; i++) buildComment(site.deps, seedSlug, { body: `Bulk ${i} ${'padding '.repeat(20)}` });
    const { stdout } = await cli('comments', 'export');
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3002);
    expect(lines[1]).toMatchObject({
      id: parent + 1,
      article: seedSlug,
      parent_id: parent,
      body: 'Child',
      status: 'pending',
      score: null,
      reasons: [],
    });
    expect(Object.keys(lines[0] as object)).toEqual([
      'id',
      'article',
      'parent_id',
      'author',
      'email',
      'url',
      'ip',
      'user_agent',
      'body',
      'status',
      'score',
      'reasons',
      'created_at',
      'updated_at',
    ]);

    const pending = await cli('comments', 'export', '--status', 'pending', '--article', seedSlug);
    expect(pending.stdout.trimEnd().split('\n')).toHaveLength(1);
  });

  it('refuses a bad status with a usage message', async () => {
    await expect(cli('comments', 'export', '--status', 'bogus')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--status must be'),
    });
  });

  it('spam eval prints a readable report and one JSON line last, without learning', async () => {
    const file = join(site.dir, 'eval.jsonl');
    writeFileSync(
      file,
      [
        { body: 'I think the Meizu deal is mostly about distribution in smaller Chinese cities.', label: 'ham' },
        { author: 'Cheap Pills', body: 'Buy cheap viagra online no prescription http://pills.top http://meds.top', label: 'spam' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const before = site.deps.spamFilter.model.get('viagra')?.weight;
    const { stdout } = await cli('spam', 'eval', file);
    const lines = stdout.trimEnd().split('\n');
    expect(stdout).toContain('precision');
    expect(stdout).toMatch(/ham\s+1\s+0\s+0/);
    expect(JSON.parse(lines.at(-1) as string)).toEqual({ n: 2, precision: 1, recall: 1, f1: 1, accuracy: 1, fpr: 0, held: 0 });
    const { spamStore } = await import('../src/db/spam.js');
    expect(spamStore(site.deps.db).loadModel().get('viagra')?.weight).toBe(before);
  });

  it('spam eval --learn picks up a kind of spam it had never seen, without touching the stored model', async () => {
    const file = join(site.dir, 'learn.jsonl');
    const rows = Array.from({ length: 10 }, (_, i) => [
      { body: `Kestrel Lane allotment number ${i + 1} has ripe marrows this week, ask Doreen at the gate`, label: 'spam' },
      { body: `The council meeting on item ${i + 1} ran late, but the vote on the library budget finally passed.`, label: 'ham' },
    ]).flat();
    writeFileSync(file, rows.map((l) => JSON.stringify(l)).join('\n'));
    const { spamStore } = await import('../src/db/spam.js');
    const storedBefore = spamStore(site.deps.db).loadModel().get('marrows');

    const unlearned = await cli('spam', 'eval', file);
    expect(JSON.parse(unlearned.stdout.trimEnd().split('\n').at(-1) as string).recall).toBe(0);

    const learned = await cli('spam', 'eval', file, '--learn');
    expect(learned.stdout).toContain("each label learned after scoring, as a moderator's decision, in memory only");
    expect(learned.stdout).toMatch(/second half \(10 comments, after learning the first\): precision 100\.0% {3}recall 100\.0%/);
    expect(JSON.parse(learned.stdout.trimEnd().split('\n').at(-1) as string).fpr).toBe(0);
    expect(spamStore(site.deps.db).loadModel().get('marrows')).toEqual(storedBefore);
  });

  it('spam eval --train scores each comment as one of its venue: YouTube with the YouTube weights, the rest as this site', async () => {
    // The same words are spam under the videos and honest under the articles.
    const disputed = (i: number) => `subscribe to my channel, the full kestrel interview is up, part ${i}`;
    const train = join(site.dir, 'venues-train.jsonl');
    const lines = Array.from({ length: 20 }, (_, i) => [
      { body: disputed(i), label: 'spam', source: 'youtube-comments' },
      { body: disputed(i), label: 'ham', source: 'news-comments' },
      { body: `cheap casino bonus, free spins code ${i}`, label: 'spam', source: i % 2 ? 'youtube-comments' : 'news-comments' },
      { body: `the council vote on budget line ${i} was close`, label: 'ham', source: i % 2 ? 'youtube-comments' : 'news-comments' },
    ]).flat();
    writeFileSync(train, lines.map((l) => JSON.stringify(l)).join('\n'));
    const test = join(site.dir, 'venues-test.jsonl');
    writeFileSync(
      test,
      [
        { body: disputed(99), label: 'spam', source: 'youtube-comments' },
        { body: disputed(99), label: 'ham' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const { stdout } = await cli('spam', 'eval', test, '--train', train);
    expect(stdout).toContain('scored as YouTube comments and comments on this site');
    expect(JSON.parse(stdout.trimEnd().split('\n').at(-1) as string)).toMatchObject({ n: 2, accuracy: 1, fpr: 0 });

    // Without --train, the YouTube comment is scored by the YouTube weights of the shipped files.
    expect((await cli('spam', 'eval', test)).stdout).toContain('nothing learned; scored as YouTube comments and comments on this site)');
    const siteOnly = join(site.dir, 'venues-site.jsonl');
    writeFileSync(siteOnly, JSON.stringify({ body: disputed(99), label: 'ham' }));
    expect((await cli('spam', 'eval', siteOnly)).stdout).toContain('nothing learned; scored as comments on this site)');
  });

  it('spam eval refuses an option it does not know', async () => {
    await expect(cli('spam', 'eval', join(site.dir, 'learn.jsonl'), '--lean')).rejects.toMatchObject({
      stderr: expect.stringContaining('unknown option --lean'),
    });
  });

  it('spam explain scores one comment from stdin and says why', async () => {
    const child = execFile(process.execPath, ['--import', 'tsx', join(projectRoot, 'src', 'cli.ts'), 'spam', 'explain'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_PATH: site.deps.config.databasePath, LOG_LEVEL: 'silent' },
    });
    child.stdin?.end(
      JSON.stringify({ author: 'Slots', body: 'Free casino bonus, subscribe to my channel and check out http://slots.top' }),
    );
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await new Promise((resolve) => child.once('exit', resolve));
    expect(out).toMatch(/^score 0\.\d{3} → spam/);
    expect(out).toContain('classifier:');
  });

  it('content sync reports what changed and names a broken file', async () => {
    const { stderr } = await cli('content', 'sync');
    expect(stderr).toContain('0 added, 0 updated, 3 unchanged, 0 unpublished');
    const file = join(site.deps.config.contentDir, `${seedSlug}.md`);
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace(/^title: .*$/m, ''));
    await expect(cli('content', 'sync')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/alibaba.*\.md: field "title": is missing/),
    });
    writeFileSync(file, good);
  });
});
