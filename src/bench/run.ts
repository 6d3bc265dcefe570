import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pino from 'pino';
import { createApp } from '../app.js';
import { openSite } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { inTransaction } from '../db/connection.js';
import { articlePageModel, emptyForm } from '../http/article-view.js';
import { projectRoot } from '../paths.js';
import { firstTimeSignals, openSpamFilter, trainFromFiles } from '../services/spam-filter.js';
import { shippedTrainingFiles } from '../services/training-data.js';
import { bigSlug, seedComments, seedSlug, smallSlug, writeBenchContent } from './seed.js';

// Rounds alternate between the contenders so drift on a shared machine hits both alike.
const rounds = 3;
const getSeconds = 5;
const postSeconds = 5;
const getConnections = 10;
const postConnections = 16;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

// The same heap limits as `npm start`.
const serverFlags = ['--max-old-space-size=128', '--max-semi-space-size=2'];

function start(script: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; url: string }> {
  const flags = script === 'server.js' ? serverFlags : [];
  const child = spawn(process.execPath, [...flags, join(projectRoot, 'dist', script), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(ready);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${out}`)));
  });
}

function peakRssMb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(status.match(/VmHWM:\s+(\d+) kB/)?.[1] ?? 0) / 1024;
  } catch {
    return Number.NaN;
  }
}

type Load = { rps: number; p99: number; ok: number; errors: number; non2xx: number };

async function load(options: autocannon.Options, okStatus: number): Promise<Load> {
  const result = await autocannon({ ...options });
  const stats = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const ok = Number(stats[String(okStatus)]?.count ?? 0);
  return { rps: ok / result.duration, p99: result.latency.p99, ok, errors: result.errors + result.timeouts, non2xx: result.non2xx };
}

async function main(): Promise<void> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-'));
  const contentDir = join(dir, 'content');
  writeBenchContent(projectRoot, contentDir);
  const env = {
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: join(dir, 'bench.db'),
    CONTENT_DIR: contentDir,
    TRAINING_DIR: join(projectRoot, 'training', 'spam'),
    LOG_LEVEL: 'warn',
    // Lifted for the run: every request comes from 127.0.0.1, so the per-IP flood rule and rate limit would refuse nearly all posts.
    COMMENT_FLOOD_SECONDS: '0',
    COMMENT_RATE_LIMIT: '0',
  };

  // Seed: the seed article with 200 threaded comments, and articles with 10,000 and 100.
  const config = loadConfig(env);
  const deps = await openSite(config, pino({ level: 'silent' }));
  inTransaction(deps.db, () => {
    const base = Date.UTC(2025, 0, 1);
    for (const [slug, count] of [
      [seedSlug, 200],
      [bigSlug, 10_000],
      [smallSlug, 100],
    ] as const) {
      const article = deps.articles.findPublishedBySlug(slug);
      if (!article) throw new Error(`missing ${slug}`);
      seedComments(deps.comments, article.id, count, base);
    }
  });

  // Rendering page 1 without the cache, in this process: thread size should barely matter.
  const app = createApp(deps);
  const renderMs = (slug: string) => {
    const article = deps.articles.findPublishedBySlug(slug);
    if (!article) throw new Error(slug);
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t = process.hrtime.bigint();
      app.render('pages/article', articlePageModel(deps, article, 1, [], emptyForm(), 'bench-token'), () => {});
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return median(times.slice(5));
  };
  renderMs(smallSlug); // warm both first, so neither pays for the JIT
  renderMs(bigSlug);
  const render100 = renderMs(smallSlug);
  const render10k = renderMs(bigSlug);

  // Scoring on real comment bodies.
  const signals = firstTimeSignals(deps.spam);
  const bodies = readFileSync(join(projectRoot, 'training', 'spam', 'news-comments-test.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { author: string; body: string; website?: string });
  const scoreTimes: number[] = [];
  for (let r = 0; r < 5; r++) {
    for (const b of bodies) {
      const t = process.hrtime.bigint();
      deps.spamFilter.score({ body: b.body, authorName: b.author, authorEmail: '', authorUrl: b.website ?? '', ip: '' }, signals);
      scoreTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  // What a start costs the spam filter: opening it as a start does (checking the stored model's
  // version against the shipped files, loading it whole), every start; and training it, the first.
  const loadTimes: number[] = [];
  let features = 0;
  for (let r = 0; r < 5; r++) {
    const t = process.hrtime.bigint();
    features = (await openSpamFilter(deps.spam, config, new Date())).model.size;
    loadTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const trainStarted = process.hrtime.bigint();
  await trainFromFiles(await shippedTrainingFiles(env.TRAINING_DIR));
  const trainMs = Number(process.hrtime.bigint() - trainStarted) / 1e6;
  deps.db.close();

  const server = await start('server.js', [], env, /running at (http:\/\/[^/\s]+)\//);
  const naive = await start('server.js', [], { ...env, COMMENT_GROUP_COMMIT: 'false' }, /running at (http:\/\/[^/\s]+)\//);
  const articleUrl = `${server.url}/articles/${seedSlug}`;

  // The reference serves exactly what the real server sent to the load generator, which asks for no
  // compression: the uncompressed page, with that page's own ETag (each encoding has its own).
  const sample = await fetch(articleUrl, { headers: { 'accept-encoding': 'identity' } });
  const body = Buffer.from(await sample.arrayBuffer());
  const headers = [...sample.headers.entries()].filter(
    ([name]) => !['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name),
  );
  const snapshotFile = join(dir, 'snapshot.json');
  writeFileSync(snapshotFile, JSON.stringify({ status: sample.status, headers, body: body.toString('base64') }));
  const reference = await start('bench/reference-server.js', [snapshotFile], {}, /reference at (http:\/\/\S+)/);
  const etag = sample.headers.get('etag') ?? '';
  const token = body.toString().match(/name="token" value="([^"]+)"/)?.[1] ?? '';
  const expressPathUrl = `${articleUrl}?cpage=1&via=express`;

  const results = {
    article: [] as Load[],
    reference: [] as Load[],
    express: [] as Load[],
    notModified: [] as Load[],
    post: [] as Load[],
    naive: [] as Load[],
  };
  const get = (url: string, extra: Record<string, string> = {}, ok = 200) =>
    load({ url, connections: getConnections, duration: getSeconds, headers: extra }, ok);
  for (let round = 0; round < rounds; round++) {
    results.article.push(await get(articleUrl));
    results.reference.push(await get(reference.url));
    results.express.push(await get(expressPathUrl));
    results.notModified.push(await get(articleUrl, { 'if-none-match': etag }, 304));
  }
  // Comment posts: full spam scoring, 303 only after a durable commit. The form's token is more than 3 s old by now.
  const post = (url: string) =>
    load(
      {
        url: `${url}/articles/${seedSlug}/comments`,
        method: 'POST',
        connections: postConnections,
        duration: postSeconds,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `comment=Benchmark+comment+[<id>]+about+Meizu+and+Aliyun+OS.&author=Bench+Reader&email=bench-[<id>]%40example.com&token=${encodeURIComponent(token)}`,
        idReplacement: true,
      },
      303,
    );
  for (let round = 0; round < rounds; round++) {
    results.post.push(await post(server.url));
    results.naive.push(await post(naive.url));
  }
  const rss = peakRssMb(server.child.pid);
  for (const p of [server, naive]) p.child.kill('SIGTERM');

  // Two workers on the same file. On two cores the load generator competes with both.
  const two = await start('server.js', [], { ...env, WEB_CONCURRENCY: '2' }, /running at (http:\/\/[^/\s]+)\//);
  const twoResults = { article: [] as Load[], post: [] as Load[] };
  for (let round = 0; round < rounds; round++) {
    twoResults.article.push(await get(`${two.url}/articles/${seedSlug}`));
    twoResults.post.push(await post(two.url));
  }
  two.child.kill('SIGTERM');
  reference.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });

  const m = (xs: Load[], f: (l: Load) => number) => median(xs.map(f));
  const summary = {
    article_rps: Math.round(m(results.article, (l) => l.rps)),
    reference_rps: Math.round(m(results.reference, (l) => l.rps)),
    article_ratio: Number((m(results.article, (l) => l.rps) / m(results.reference, (l) => l.rps)).toFixed(3)),
    article_p99_ms: m(results.article, (l) => l.p99),
    express_cache_hit_rps: Math.round(m(results.express, (l) => l.rps)),
    not_modified_rps: Math.round(m(results.notModified, (l) => l.rps)),
    post_rps: Math.round(m(results.post, (l) => l.rps)),
    post_naive_rps: Math.round(m(results.naive, (l) => l.rps)),
    article_2_workers_rps: Math.round(m(twoResults.article, (l) => l.rps)),
    post_2_workers_rps: Math.round(m(twoResults.post, (l) => l.rps)),
    render_100_ms: Number(render100.toFixed(3)),
    render_10k_ms: Number(render10k.toFixed(3)),
    render_10k_over_100: Number((render10k / render100).toFixed(3)),
    peak_rss_mb: Number(rss.toFixed(1)),
    score_median_ms: Number(median(scoreTimes).toFixed(4)),
    model_load_ms: Number(median(loadTimes).toFixed(1)),
    model_train_ms: Math.round(trainMs),
    model_features: features,
    errors: [...Object.values(results), ...Object.values(twoResults)].flat().reduce((n, l) => n + l.errors, 0),
    seconds: Math.round((Date.now() - started) / 1000),
  };

  const row = (name: string, xs: Load[], unit = 'req/s') =>
    `  ${name.padEnd(44)} ${xs.map((l) => String(Math.round(l.rps)).padStart(7)).join(' ')}   median ${String(Math.round(m(xs, (l) => l.rps))).padStart(6)} ${unit}   p99 ${m(xs, (l) => l.p99)} ms`;
  console.log(
    `Broadsheet benchmark (${rounds} alternating rounds each; NODE_ENV=production; COMMENT_FLOOD_SECONDS=0 and COMMENT_RATE_LIMIT=0 for the run)`,
  );
  console.log(
    `GET: ${getConnections} connections × ${getSeconds} s; POST: ${postConnections} connections × ${postSeconds} s; page ${body.length.toLocaleString('en')} bytes`,
  );
  console.log(row('article page (fast path, cache hit)', results.article));
  console.log(row('raw node:http reference, identical bytes', results.reference));
  console.log(row('article page through Express (cache hit)', results.express));
  console.log(row('conditional GET, If-None-Match → 304', results.notModified));
  console.log(row('comment POST, group commit, durable', results.post, 'posts/s'));
  console.log(row('comment POST, one transaction each (naive)', results.naive, 'posts/s'));
  console.log(row('article page, WEB_CONCURRENCY=2', twoResults.article));
  console.log(row('comment POST, WEB_CONCURRENCY=2', twoResults.post, 'posts/s'));
  console.log(`  article / reference ratio: ${summary.article_ratio}`);
  console.log(
    `  render page 1 uncached: 100 comments ${summary.render_100_ms} ms, 10,000 comments ${summary.render_10k_ms} ms (×${summary.render_10k_over_100})`,
  );
  console.log(
    `  scoreComment median ${summary.score_median_ms} ms over ${scoreTimes.length} scorings; server peak RSS ${summary.peak_rss_mb} MB; socket errors ${summary.errors}`,
  );
  console.log(
    `  spam model: ${features.toLocaleString('en')} features, loaded at start in ${summary.model_load_ms} ms (median of 5), trained from the shipped data in ${summary.model_train_ms} ms (first start only)`,
  );
  console.log(JSON.stringify(summary));
}

await main();
