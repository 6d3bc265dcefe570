import type { AppDeps } from '../http/deps.js';
import { purgeExpired } from './moderate-comment.js';

// Hourly is often enough: retention is counted in days, and each run is a few indexed queries.
export const housekeepingIntervalMs = 60 * 60 * 1000;

/** The timer's work: delete expired spam and trash, end idle sessions, forget old sign-in attempts. */
export function runHousekeeping(deps: AppDeps, now: Date): { deleted: number; sessionsEnded: number } {
  const { moderation } = deps.config;
  const deleted = purgeExpired(deps, now, moderation);
  const sessionsEnded = deps.moderators.endIdleSessions(new Date(now.getTime() - moderation.sessionIdleMinutes * 60_000).toISOString());
  deps.moderators.pruneAttempts(new Date(now.getTime() - 86_400_000).toISOString());
  return { deleted, sessionsEnded };
}
