import { once } from 'node:events';
import { createLogger } from './bootstrap.js';
import { readPassword } from './cli-password.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { articleStore } from './db/articles.js';
import { commentStore } from './db/comments.js';
import { type Db, openDatabase } from './db/connection.js';
import { migrate } from './db/migrations.js';
import { moderatorStore } from './db/moderators.js';
import { spamStore } from './db/spam.js';
import { isCommentStatus } from './domain/comment-status.js';
import { ContentError } from './domain/content.js';
import { WeakPasswordError } from './domain/passwords.js';
import { toExportLine } from './services/export-comments.js';
import { addModerator, changePassword, ModeratorExistsError, NoSuchModeratorError } from './services/moderator-auth.js';
import { evaluateFile, firstTimeSignals, formatReport } from './services/spam-cli.js';
import { openSpamFilter } from './services/spam-filter.js';
import { syncContent } from './services/sync-content.js';
import { readLabelledFile, TrainingDataError } from './services/training-data.js';

const usage = `Usage: npm run --silent cli -- <command>

Commands:
  content sync                                   import content/*.md into the database
  comments export [--status S] [--article SLUG]  print comments as JSON Lines on stdout
  spam eval FILE.jsonl [--train FILE]...         score labelled comments (never learns from them);
                                                 with --train, against a fresh model trained on those files only
  spam train FILE.jsonl                          add labelled examples to the stored model
  spam explain                                   score one comment read from stdin (JSON or plain text)
  moderator add USERNAME                         create a moderator (password on stdin, or prompted)
  moderator passwd USERNAME                      set a new password
  moderator remove USERNAME                      remove a moderator and end their sessions
  moderator list                                 list moderators
`;

class UsageError extends Error {}

function options(args: string[], name: string): string[] {
  const values: string[] = [];
  args.forEach((arg, i) => {
    if (arg !== name) return;
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
    values.push(value);
  });
  return values;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function spamCommand(config: Config, db: Db, command: string | undefined, args: string[]): Promise<number> {
  const store = spamStore(db);
  const file = args[0];
  if (command === 'eval') {
    if (!file || file.startsWith('--')) throw new UsageError('spam eval needs a FILE.jsonl');
    const report = await evaluateFile(store, config, file, options(args, '--train'));
    const { n, precision, recall, f1, accuracy, fpr, held } = report;
    await writeOut(`${formatReport(file, report)}\n${JSON.stringify({ n, precision, recall, f1, accuracy, fpr, held })}\n`);
    return 0;
  }
  if (command === 'train') {
    if (!file) throw new UsageError('spam train needs a FILE.jsonl');
    const examples = await readLabelledFile(file);
    const filter = await openSpamFilter(store, config, new Date());
    filter.learnExamples(examples);
    console.error(`Trained on ${examples.length} examples from ${file}; the stored model now has ${filter.model.size} features.`);
    return 0;
  }
  if (command === 'explain') {
    const input = (await readStdin()).trim();
    let comment = { author: '', website: '', body: input };
    try {
      const json = JSON.parse(input) as Record<string, unknown>;
      if (json && typeof json.body === 'string') {
        comment = { author: String(json.author ?? ''), website: String(json.website ?? json.url ?? ''), body: json.body };
      }
    } catch {
      // plain text: the whole input is the body
    }
    if (!comment.body) throw new UsageError('spam explain reads a comment on stdin: plain text, or JSON with "body"');
    const filter = await openSpamFilter(store, config, new Date());
    const result = filter.score(
      { body: comment.body, authorName: comment.author, authorEmail: '', authorUrl: comment.website, ip: '' },
      firstTimeSignals(store),
    );
    const lines = [
      `score ${result.score.toFixed(3)} → ${result.verdict}`,
      ...result.reasons.map((r) => `  ${r.contribution >= 0 ? '+' : ''}${r.contribution.toFixed(2)}  ${r.message}`),
    ];
    await writeOut(`${lines.join('\n')}\n`);
    return 0;
  }
  throw new UsageError(`Unknown command: spam ${command ?? ''}`);
}

async function moderatorCommand(config: Config, db: Db, command: string | undefined, args: string[]): Promise<number> {
  const moderators = moderatorStore(db);
  const deps = { moderators, config };
  const username = args[0];
  if (command === 'list') {
    for (const m of moderators.list()) await writeOut(`${m.username}\tcreated ${m.createdAt}\n`);
    return 0;
  }
  if (!username) throw new UsageError(`moderator ${command ?? ''} needs a USERNAME`);
  try {
    if (command === 'add') {
      await addModerator(deps, username, await readPassword(`Password for ${username} (at least 12 characters): `), new Date());
      console.error(`Moderator ${username} added. Sign in at /moderation/login.`);
      return 0;
    }
    if (command === 'passwd') {
      await changePassword(deps, username, await readPassword(`New password for ${username}: `));
      console.error(`Password for ${username} changed.`);
      return 0;
    }
    if (command === 'remove') {
      if (!moderators.remove(username)) throw new NoSuchModeratorError(`There is no moderator called ${username}.`);
      console.error(`Moderator ${username} removed; their sessions are ended. Their past actions stay in the log.`);
      return 0;
    }
  } catch (error) {
    if (error instanceof WeakPasswordError || error instanceof ModeratorExistsError || error instanceof NoSuchModeratorError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  throw new UsageError(`Unknown command: moderator ${command ?? ''}`);
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return value;
}

/** Writes to stdout and waits when the pipe is full, so nothing is lost when piped. */
async function writeOut(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

async function run(argv: string[]): Promise<number> {
  const [group, command, ...args] = argv;
  const config = loadConfig();
  const db = openDatabase(config.databasePath);
  try {
    migrate(db);
    if (group === 'content' && command === 'sync') {
      const counts = await syncContent(config.contentDir, articleStore(db), new Date());
      console.error(
        `Content synced from ${config.contentDir}: ${counts.added} added, ${counts.updated} updated, ` +
          `${counts.unchanged} unchanged, ${counts.unpublished} unpublished.`,
      );
      return 0;
    }
    if (group === 'comments' && command === 'export') {
      const status = option(args, '--status');
      if (status !== undefined && !isCommentStatus(status)) throw new UsageError('--status must be pending, approved, spam or trash');
      const slug = option(args, '--article');
      for (const row of commentStore(db).exportRows({ status, slug })) await writeOut(`${toExportLine(row)}\n`);
      return 0;
    }
    if (group === 'spam') return await spamCommand(config, db, command, args);
    if (group === 'moderator') return await moderatorCommand(config, db, command, args);
    throw new UsageError(group ? `Unknown command: ${[group, command].filter(Boolean).join(' ')}` : 'No command given');
  } finally {
    db.close();
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${usage}`);
    process.exitCode = 2;
  } else if (error instanceof TrainingDataError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
    console.error((error as Error).message);
    process.exitCode = 1;
  } else if (error instanceof ConfigError || error instanceof ContentError) {
    console.error(
      error instanceof ContentError ? `Content not synced; the site keeps its previous content.\n${error.message}` : error.message,
    );
    process.exitCode = 1;
  } else {
    createLogger(loadConfig()).error({ err: error }, 'command failed');
    process.exitCode = 1;
  }
}
