import { z } from 'zod';

/**
 * The only reader of process.env. Every option has its env name, default and meaning here;
 * README.md lists the same table for operators.
 */
const boolean = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
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
  // Five levels is WordPress's default: deeper threads become unreadable on a phone.
  COMMENT_MAX_DEPTH: z.coerce.number().int().min(1).max(10).default(5),
  // Fifty top-level comments per page keeps the page under ~150 KB with typical comment lengths.
  COMMENTS_PER_PAGE: z.coerce.number().int().min(5).max(500).default(50),
  // Signs the commenter's "my pending comments" cookie. Generated and stored in the database
  // on first start when unset, so there is never a default secret.
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  SECURE_COOKIES: boolean.optional(),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
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
  };
};

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
  const siteUrl = (e.SITE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
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
    },
  };
}
