import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { articleStore } from './db/articles.js';
import { commentStore } from './db/comments.js';
import { openDatabase } from './db/connection.js';
import { migrate } from './db/migrations.js';
import { moderationLogStore } from './db/moderation-log.js';
import { moderationQueueStore } from './db/moderation-queue.js';
import { moderatorStore } from './db/moderators.js';
import { settingsStore } from './db/settings.js';
import { spamStore } from './db/spam.js';
import type { Model } from './domain/spam/model.js';
import type { AppDeps } from './http/deps.js';
import { PageCache } from './http/page-cache.js';
import { changeTracker } from './services/change-tracker.js';
import { groupCommitter } from './services/group-commit.js';
import { openSpamFilter } from './services/spam-filter.js';
import { syncContent } from './services/sync-content.js';

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, base: { pid: process.pid }, redact: ['req.headers.cookie', 'password', 'email'] });
}

/** Opens and migrates the database, imports the content, and wires the stores: what the app runs on. */
export type OpenSiteOptions = { now?: () => Date; initialSpamModel?: Model };

export async function openSite(config: Config, logger: Logger, options: OpenSiteOptions = {}): Promise<AppDeps> {
  const now = options.now ?? (() => new Date());
  const db = openDatabase(config.databasePath);
  migrate(db);
  const articles = articleStore(db);
  const counts = await syncContent(config.contentDir, articles, now());
  logger.info({ ...counts }, 'content synced');
  const spam = spamStore(db);
  const started = Date.now();
  const spamFilter = await openSpamFilter(spam, config, now(), {
    initialModel: options.initialSpamModel,
    onSuperseded: (storedVersion) =>
      logger.warn(
        { storedVersion },
        'spam model retrained by another release: this process scores with the model it has until it is restarted',
      ),
  });
  const { origin } = spamFilter;
  logger.info(
    { features: spamFilter.model.size, ms: Date.now() - started, ...origin },
    origin.kind === 'loaded' ? 'spam model loaded' : `spam model trained (${origin.reason})`,
  );
  const settings = settingsStore(db);
  return {
    config,
    db,
    articles,
    comments: commentStore(db),
    spam,
    spamFilter,
    moderators: moderatorStore(db),
    moderationLog: moderationLogStore(db),
    queue: moderationQueueStore(db),
    cookieSecret: config.sessionSecret ?? settings.secret('cookie_secret'),
    formTokenKey: settings.secret('form_token_secret'),
    pageCache: new PageCache(),
    changes: changeTracker(db),
    commits: groupCommitter(db, config.comments.groupCommit),
    logger,
    now,
  };
}
