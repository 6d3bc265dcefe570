import { once } from 'node:events';
import { createLogger } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { articleStore } from './db/articles.js';
import { commentStore } from './db/comments.js';
import { openDatabase } from './db/connection.js';
import { migrate } from './db/migrations.js';
import { isCommentStatus } from './domain/comment-status.js';
import { ContentError } from './domain/content.js';
import { toExportLine } from './services/export-comments.js';
import { syncContent } from './services/sync-content.js';

const usage = `Usage: npm run --silent cli -- <command>

Commands:
  content sync                                   import content/*.md into the database
  comments export [--status S] [--article SLUG]  print comments as JSON Lines on stdout
`;

class UsageError extends Error {}

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
