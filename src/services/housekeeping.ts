import { inTransaction } from '../db/connection.js';
import { truncateIp } from '../domain/ip.js';
import type { AppDeps } from '../http/deps.js';
import { purgeExpired } from './moderate-comment.js';

// Hourly is often enough: retention is counted in days, and each run is a few indexed queries.
export const housekeepingIntervalMs = 60 * 60 * 1000;

/** The timer's work: delete expired spam and trash, end idle sessions, forget old sign-in attempts. */
export function runHousekeeping(deps: AppDeps, now: Date): { deleted: number; sessionsEnded: number; ipsTruncated: number } {
  const { moderation } = deps.config;
  const deleted = purgeExpired(deps, now, moderation);
  const ipsTruncated = truncateOldIps(deps, now);
  const sessionsEnded = deps.moderators.endIdleSessions(new Date(now.getTime() - moderation.sessionIdleMinutes * 60_000).toISOString());
  deps.moderators.pruneAttempts(new Date(now.getTime() - 86_400_000).toISOString());
  return { deleted, sessionsEnded, ipsTruncated };
}

/** IP addresses are kept whole for IP_RETENTION_DAYS (spam fighting needs them), then cut to their network. */
export function truncateOldIps(deps: Pick<AppDeps, 'db' | 'comments' | 'config'>, now: Date): number {
  const before = new Date(now.getTime() - deps.config.moderation.ipDays * 86_400_000).toISOString();
  let total = 0;
  for (;;) {
    const rows = deps.comments.untruncatedIps(before);
    if (rows.length === 0) return total;
    inTransaction(deps.db, () => {
      for (const row of rows) deps.comments.setIp(row.id, truncateIp(row.ip) || '');
    });
    total += rows.length;
  }
}
