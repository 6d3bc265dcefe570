import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { ArticleStore } from '../db/articles.js';
import type { CommentStore } from '../db/comments.js';
import type { Db } from '../db/connection.js';
import type { ModerationLogStore } from '../db/moderation-log.js';
import type { ModerationQueueStore } from '../db/moderation-queue.js';
import type { ModeratorStore } from '../db/moderators.js';
import type { SpamStore } from '../db/spam.js';
import type { ChangeTracker } from '../services/change-tracker.js';
import type { GroupCommitter } from '../services/group-commit.js';
import type { SpamFilter } from '../services/spam-filter.js';
import type { PageCache } from './page-cache.js';

/** Everything the web app needs, built by server.ts (or a test) and passed in. */
export type AppDeps = {
  config: Config;
  db: Db;
  articles: ArticleStore;
  comments: CommentStore;
  spam: SpamStore;
  moderators: ModeratorStore;
  moderationLog: ModerationLogStore;
  queue: ModerationQueueStore;
  spamFilter: SpamFilter;
  formTokenKey: string;
  pageCache: PageCache;
  changes: ChangeTracker;
  commits: GroupCommitter;
  cookieSecret: string;
  logger: Logger;
  now: () => Date;
};
