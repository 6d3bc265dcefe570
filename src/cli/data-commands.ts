import type { Config } from '../config.js';
import { articleStore } from '../db/articles.js';
import { commentStore } from '../db/comments.js';
import type { Db } from '../db/connection.js';
import { moderationLogStore } from '../db/moderation-log.js';
import { backupDatabase } from '../services/backup.js';
import { importComments } from '../services/import-comments.js';
import { importWordPressComments } from '../services/import-wordpress.js';
import { erasePersonalData, exportPersonalData } from '../services/privacy.js';
import { syncContent } from '../services/sync-content.js';
import { UsageError, writeOut } from './io.js';

/** backup, comments import, privacy export/erase: the commands that work on a whole database's data. */
export async function dataCommand(config: Config, db: Db, group: string, command: string | undefined, args: string[]): Promise<number> {
  const deps = { db, articles: articleStore(db), comments: commentStore(db), moderationLog: moderationLogStore(db) };
  if (group === 'backup') {
    const file = command;
    if (!file) throw new UsageError('backup needs a FILE to write');
    const { comments } = await backupDatabase(db, file);
    console.error(`Backed up to ${file}: ${comments.toLocaleString('en')} comments; integrity check passed.`);
    return 0;
  }
  if (group === 'comments' && command === 'import') {
    const file = args[0];
    if (!file) throw new UsageError('comments import needs a FILE.jsonl (from comments export) or FILE.xml (a WordPress export)');
    // Comments belong to articles: bring the articles up to date first, as a start of the site would.
    await syncContent(config.contentDir, deps.articles, new Date());
    if (file.toLowerCase().endsWith('.xml')) {
      const r = await importWordPressComments(deps, file, config.comments.maxDepth);
      console.error(`Imported ${r.imported} comments from the WordPress export ${file}; ${r.alreadyThere} were already there.`);
      if (r.orphansMadeTopLevel > 0)
        console.error(`${r.orphansMadeTopLevel} replies to comments missing from the export were kept as top-level comments.`);
      for (const post of r.postsWithoutArticle)
        console.error(`Not imported: ${post.comments} comments on "${post.title}" (${post.slug}): no article with that slug in content/.`);
      return 0;
    }
    const { imported, skipped } = await importComments(deps, file);
    console.error(`Imported ${imported} comments from ${file}; ${skipped} were already there.`);
    return 0;
  }
  if (group === 'privacy' && (command === 'export' || command === 'erase')) {
    const email = args[0];
    if (!email?.includes('@')) throw new UsageError(`privacy ${command} needs an EMAIL address`);
    if (command === 'export') {
      await writeOut(`${JSON.stringify(exportPersonalData(deps, email, new Date()), null, 2)}\n`);
      return 0;
    }
    const remove = args.includes('--delete');
    const count = erasePersonalData(deps, email, remove, new Date());
    console.error(`${remove ? 'Deleted' : 'Anonymised'} ${count} comments by ${email}.`);
    return 0;
  }
  throw new UsageError(`Unknown command: ${group} ${command ?? ''}`);
}
