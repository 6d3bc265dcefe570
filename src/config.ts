import { z } from 'zod';

/**
 * The only reader of process.env. Every option has its env name, default and meaning here;
 * README.md lists the same table for operators.
 */
const boolean = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  // Worker processes (node:cluster) sharing the port and the SQLite file; one per core is the usual choice.
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('data/broadsheet.db'),
  CONTENT_DIR: z.string().min(1).default('content'),
  SITE_URL: z.url({ protocol: /^https?$/ }).optional(),
  SITE_NAME: z.string().min(1).default('Broadsheet'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z.string().default('false'),
  // WordPress's default: a second comment from the same IP or email within 15 s is a flood.
  COMMENT_FLOOD_SECONDS: z.coerce.number().int().min(0).max(3600).default(15),
  // How far back a repeated body from the same author counts as a duplicate. WordPress checks
  // forever; a week keeps the lookup cheap and still catches double submits and copy-paste spam.
  COMMENT_DUPLICATE_DAYS: z.coerce.number().int().min(0).max(3650).default(7),
  // Posts per IP per ten minutes, on top of the 15-second flood rule: generous for a heated
  // discussion behind one office NAT, tight for a script. 0 turns it off (the benchmark does).
  COMMENT_RATE_LIMIT: z.coerce.number().int().min(0).max(100_000).default(30),
  // Five levels is WordPress's default: deeper threads become unreadable on a phone.
  COMMENT_MAX_DEPTH: z.coerce.number().int().min(1).max(10).default(5),
  // Fifty top-level comments per page keeps the page under ~150 KB with typical comment lengths.
  COMMENTS_PER_PAGE: z.coerce.number().int().min(5).max(500).default(50),
  // Signs the commenter's "my pending comments" cookie. Generated and stored in the database
  // on first start when unset, so there is never a default secret.
  // Group commit: comments arriving together share one transaction and one disk sync. Off means
  // one transaction per comment (the benchmark's "naive" comparison).
  COMMENT_GROUP_COMMIT: boolean.default(true),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  SECURE_COOKIES: boolean.optional(),
  // Spam filter. See docs/SPAM.md for how the thresholds were chosen.
  MODERATION: z.enum(['first-time', 'open', 'all']).default('first-time'),
  TRAINING_DIR: z.string().min(1).default('training/spam'),
  // Scores between the two thresholds are held for a person; 0.35 keeps honest comments out
  // of the queue while catching most unsure spam. Spam needs 0.7: on the held-out data that
  // keeps honest comments called spam under 1%.
  SPAM_HOLD_THRESHOLD: z.coerce.number().min(0).max(1).default(0.35),
  SPAM_THRESHOLD: z.coerce.number().min(0).max(1).default(0.7),
  // WordPress holds a comment with two or more links.
  SPAM_HOLD_AT_LINKS: z.coerce.number().int().min(1).max(100).default(2),
  // Nobody reads an article and writes a comment in under three seconds; scripts do.
  FORM_MIN_FILL_SECONDS: z.coerce.number().min(0).max(3600).default(3),
  // A day: long enough for a reader who leaves a tab open overnight-ish, short enough to stop harvested tokens.
  FORM_TOKEN_MAX_AGE_SECONDS: z.coerce.number().int().min(60).default(86_400),
  SPAM_HOLD_WORDS: z.string().default(''),
  SPAM_BLOCK_WORDS: z.string().default(''),
  SPAM_CHECKS_DISABLED: z.string().default(''),
  // Moderation. WordPress keeps spam 15 days and trash 30 before deleting them for good.
  SPAM_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(15),
  TRASH_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  // Two hours idle: a moderator's lunch break, not a forgotten laptop's weekend.
  // Whole IP addresses help fight spam for a while; after two months they are cut to /24 or /48.
  IP_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(60),
  MODERATOR_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(43_200).default(120),
  // Ten tries in fifteen minutes is plenty for a person and slows a guesser to ~1,000 guesses a day.
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
});

const spamChecks = ['honeypot', 'formToken', 'links', 'wordLists', 'history', 'duplicates', 'classifier'] as const;
type SpamCheck = (typeof spamChecks)[number];

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  webConcurrency: number;
  databasePath: string;
  contentDir: string;
  siteUrl: string;
  siteName: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  trustProxy: boolean | number | string;
  secureCookies: boolean;
  sessionSecret: string | undefined;
  comments: {
    floodSeconds: number;
    duplicateDays: number;
    maxDepth: number;
    perPage: number;
    groupCommit: boolean;
    rateLimitPer10Minutes: number;
  };
  spam: {
    moderation: 'first-time' | 'open' | 'all';
    trainingDir: string;
    holdThreshold: number;
    spamThreshold: number;
    holdAtLinks: number;
    minFillSeconds: number;
    tokenMaxAgeSeconds: number;
    holdWords: string[];
    blockWords: string[];
    checks: Record<SpamCheck, boolean>;
  };
  moderation: {
    spamDays: number;
    trashDays: number;
    ipDays: number;
    sessionIdleMinutes: number;
    loginMaxFailures: number;
    loginWindowMinutes: number;
  };
};

const list = (text: string) =>
  text
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);

export class ConfigError extends Error {}

function parseTrustProxy(raw: string): boolean | number | string {
  if (raw === 'true') return true;
  if (raw === 'false' || raw === '') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw; // a list of addresses or subnets, as Express understands it
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(
      `Broadsheet cannot start: bad configuration.\n${lines.join('\n')}\n` +
        'Fix or unset these environment variables (README.md, "Configuration", lists each one).',
    );
  }
  const e = parsed.data;
  const disabled = list(e.SPAM_CHECKS_DISABLED);
  const unknown = disabled.filter((c) => !(spamChecks as readonly string[]).includes(c));
  if (unknown.length) {
    throw new ConfigError(
      `Broadsheet cannot start: SPAM_CHECKS_DISABLED names unknown checks ${unknown.join(', ')}; use any of ${spamChecks.join(', ')}.`,
    );
  }
  if (e.SPAM_HOLD_THRESHOLD > e.SPAM_THRESHOLD) {
    throw new ConfigError('Broadsheet cannot start: SPAM_HOLD_THRESHOLD must not be above SPAM_THRESHOLD.');
  }
  const siteUrl = (e.SITE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    webConcurrency: e.WEB_CONCURRENCY,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    contentDir: e.CONTENT_DIR,
    siteUrl,
    siteName: e.SITE_NAME,
    logLevel: e.LOG_LEVEL,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    secureCookies: e.SECURE_COOKIES ?? siteUrl.startsWith('https:'),
    sessionSecret: e.SESSION_SECRET,
    comments: {
      floodSeconds: e.COMMENT_FLOOD_SECONDS,
      duplicateDays: e.COMMENT_DUPLICATE_DAYS,
      maxDepth: e.COMMENT_MAX_DEPTH,
      perPage: e.COMMENTS_PER_PAGE,
      groupCommit: e.COMMENT_GROUP_COMMIT,
      rateLimitPer10Minutes: e.COMMENT_RATE_LIMIT,
    },
    spam: {
      moderation: e.MODERATION,
      trainingDir: e.TRAINING_DIR,
      holdThreshold: e.SPAM_HOLD_THRESHOLD,
      spamThreshold: e.SPAM_THRESHOLD,
      holdAtLinks: e.SPAM_HOLD_AT_LINKS,
      minFillSeconds: e.FORM_MIN_FILL_SECONDS,
      tokenMaxAgeSeconds: e.FORM_TOKEN_MAX_AGE_SECONDS,
      holdWords: list(e.SPAM_HOLD_WORDS),
      blockWords: list(e.SPAM_BLOCK_WORDS),
      checks: Object.fromEntries(spamChecks.map((c) => [c, !disabled.includes(c)])) as Record<SpamCheck, boolean>,
    },
    moderation: {
      spamDays: e.SPAM_RETENTION_DAYS,
      trashDays: e.TRASH_RETENTION_DAYS,
      ipDays: e.IP_RETENTION_DAYS,
      sessionIdleMinutes: e.MODERATOR_SESSION_IDLE_MINUTES,
      loginMaxFailures: e.LOGIN_MAX_FAILURES,
      loginWindowMinutes: e.LOGIN_WINDOW_MINUTES,
    },
  };
}
