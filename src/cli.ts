import { createLogger } from './bootstrap.js';
import { dataCommand } from './cli/data-commands.js';
import { option, UsageError, writeOut } from './cli/io.js';
import { moderatorCommand } from './cli/moderator-commands.js';
import { spamCommand } from './cli/spam-commands.js';
import { ConfigError, loadConfig } from './config.js';
import { articleStore } from './db/articles.js';
import { commentStore } from './db/comments.js';
import { openDatabase } from './db/connection.js';
import { migrate } from './db/migrations.js';
import { isCommentStatus } from './domain/comment-status.js';
import { ContentError } from './domain/content.js';
import { WordPressExportError } from './domain/wordpress-export.js';
import { RestoreRefusedError, restoreDatabase } from './services/backup.js';
import { toExportLine } from './services/export-comments.js';
import { ImportError } from './services/import-comments.js';
import { JsonLinesError } from './services/json-lines.js';
import { syncContent } from './services/sync-content.js';

const usage = `Usage: npm run --silent cli -- <command>

Commands:
  content sync                                   import content/*.md into the database
  comments export [--status S] [--article SLUG]  print comments as JSON Lines on stdout
  spam eval FILE.jsonl [--train FILE]... [--learn]
                                                 score labelled comments (never learns from them);
                                                 with --train, against a fresh model trained on those files only;
                                                 with --learn, learns each label after scoring it, as moderators
                                                 teach the site, in memory only (the stored model is untouched)
  spam train FILE.jsonl                          add labelled examples to the stored model
  spam explain                                   score one comment read from stdin (JSON or plain text)
  moderator add USERNAME                         create a moderator (password on stdin, or prompted)
  moderator passwd USERNAME                      set a new password
  moderator remove USERNAME                      remove a moderator and end their sessions
  moderator list                                 list moderators
  backup FILE                                    online, consistent copy of the database (checked)
  restore FILE [--force]                         put a backup in place (refused while the site runs)
  comments import FILE.jsonl                     load what comments export wrote (ids and threads kept)
  comments import FILE.xml                       load the comments of a WordPress export (WXR), by post slug
  privacy export EMAIL                           everything stored about one commenter, as JSON
  privacy erase EMAIL [--delete]                 anonymise that commenter's comments (or delete them)
`;

async function run(argv: string[]): Promise<number> {
  const [group, command, ...args] = argv;
  const config = loadConfig();
  // Restore replaces the database file, so it must not open it first.
  if (group === 'restore') {
    if (!command) throw new UsageError('restore needs a FILE');
    const { comments } = await restoreDatabase(config.databasePath, command, args.includes('--force'));
    console.error(`Restored ${config.databasePath} from ${command}: ${comments.toLocaleString('en')} comments. Start the site again.`);
    return 0;
  }
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
    if (group === 'backup' || group === 'privacy' || (group === 'comments' && command === 'import')) {
      return await dataCommand(config, db, group, command, args);
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
  } else if (
    error instanceof JsonLinesError ||
    error instanceof RestoreRefusedError ||
    error instanceof ImportError ||
    error instanceof WordPressExportError ||
    (error as NodeJS.ErrnoException).code === 'ENOENT'
  ) {
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
