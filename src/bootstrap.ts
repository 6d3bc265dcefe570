import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { articleStore } from './db/articles.js';
import { commentStore } from './db/comments.js';
import { openDatabase } from './db/connection.js';
import { migrate } from './db/migrations.js';
import { settingsStore } from './db/settings.js';
import { firstTimeModeration } from './domain/comment-policy.js';
import type { AppDeps } from './http/deps.js';
import { syncContent } from './services/sync-content.js';

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, base: { pid: process.pid }, redact: ['req.headers.cookie', 'password', 'email'] });
}

/** Opens and migrates the database, imports the content, and wires the stores: what the app runs on. */
export async function openSite(config: Config, logger: Logger, now: () => Date = () => new Date()): Promise<AppDeps> {
  const db = openDatabase(config.databasePath);
  migrate(db);
  const articles = articleStore(db);
  const counts = await syncContent(config.contentDir, articles, now());
  logger.info({ ...counts }, 'content synced');
  return {
    config,
    db,
    articles,
    comments: commentStore(db),
    decideStatus: firstTimeModeration,
    cookieSecret: config.sessionSecret ?? settingsStore(db).secret('cookie_secret'),
    logger,
    now,
  };
}
