import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { ModeratorStore, SessionRow } from '../db/moderators.js';
import { checkPasswordStrength, decoyHash, hashPassword, verifyPassword } from '../domain/passwords.js';

export class SignInRefusedError extends Error {
  constructor() {
    // The same words whether the username or the password was wrong: no user enumeration.
    super('That username and password do not match. Please try again.');
  }
}

export class LockedOutError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-in attempts. Please wait ${Math.ceil(retryAfterSeconds / 60)} minutes and try again.`);
  }
}

export class ModeratorExistsError extends Error {}
export class NoSuchModeratorError extends Error {}

type AuthDeps = { moderators: ModeratorStore; config: Pick<Config, 'moderation'> };

export type SignedIn = { sessionId: string; csrfToken: string; username: string };

export async function signIn(deps: AuthDeps, username: string, password: string, ip: string, now: Date): Promise<SignedIn> {
  const { loginMaxFailures, loginWindowMinutes } = deps.config.moderation;
  const windowStart = new Date(now.getTime() - loginWindowMinutes * 60_000).toISOString();
  const failures = deps.moderators.recentFailures(username, ip, windowStart);
  if (failures.byUsername >= loginMaxFailures || failures.byIp >= loginMaxFailures) throw new LockedOutError(loginWindowMinutes * 60);

  const moderator = deps.moderators.findByUsername(username);
  const ok = await verifyPassword(password, moderator?.passwordHash ?? decoyHash);
  const at = now.toISOString();
  if (!moderator || !ok) {
    deps.moderators.recordAttempt(username, ip, false, at);
    throw new SignInRefusedError();
  }
  deps.moderators.recordAttempt(username, ip, true, at);
  // A fresh session id at every sign-in, so an id planted before sign-in is worthless.
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  deps.moderators.createSession(sessionId, moderator.id, csrfToken, at);
  return { sessionId, csrfToken, username: moderator.username };
}

/** The live session for this id, or null when there is none or it sat idle too long (it is then ended). */
/** The session a cookie names. `sessionId` is whatever the cookie held: a JSON cookie ("j:[]") is an object. */
export function currentSession(deps: AuthDeps, sessionId: unknown, now: Date): SessionRow | null {
  if (typeof sessionId !== 'string' || sessionId === '') return null;
  const session = deps.moderators.findSession(sessionId);
  if (!session) return null;
  const idleMs = deps.config.moderation.sessionIdleMinutes * 60_000;
  const lastSeen = Date.parse(session.lastSeenAt);
  if (now.getTime() - lastSeen > idleMs) {
    deps.moderators.endSession(sessionId);
    return null;
  }
  // Writing on every request would cost a disk sync each time; once a minute is precise enough for idle expiry.
  if (now.getTime() - lastSeen > 60_000) deps.moderators.touchSession(sessionId, now.toISOString());
  return session;
}

export async function addModerator(deps: AuthDeps, username: string, password: string, now: Date): Promise<void> {
  if (!/^[\w.@-]{1,64}$/.test(username))
    throw new ModeratorExistsError('A username is 1 to 64 letters, digits, dots, @, hyphens or underscores.');
  checkPasswordStrength(password);
  if (deps.moderators.findByUsername(username)) throw new ModeratorExistsError(`There is already a moderator called ${username}.`);
  deps.moderators.add(username, await hashPassword(password), now.toISOString());
}

export async function changePassword(deps: AuthDeps, username: string, password: string): Promise<void> {
  checkPasswordStrength(password);
  if (!deps.moderators.setPassword(username, await hashPassword(password)))
    throw new NoSuchModeratorError(`There is no moderator called ${username}.`);
}
