import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { SessionRow } from '../../db/moderators.js';
import { currentSession } from '../../services/moderator-auth.js';
import type { AppDeps } from '../deps.js';
import { HttpError } from '../errors.js';

export const sessionCookie = 'bs_mod';

export type ModeratorLocals = { session: SessionRow; csrfToken: string };

export function moderatorOf(res: Response): ModeratorLocals {
  return res.locals.moderator as ModeratorLocals;
}

/** Same-site paths inside /moderation only: a return parameter can never send anyone elsewhere. */
export function safeReturn(value: unknown, fallback = '/moderation'): string {
  if (typeof value !== 'string') return fallback;
  return /^\/moderation(?:[/?#]|$)/.test(value) && !value.includes('\\') && !/[\r\n]/.test(value) ? value : fallback;
}

export function tokensMatch(a: unknown, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Applied once, where the moderation router is mounted: no session, no page. Every POST must
 * also carry the session's CSRF token, or nothing happens.
 */
export function requireModerator(deps: AppDeps): RequestHandler {
  return (req: Request, res: Response, next) => {
    res.setHeader('Cache-Control', 'no-store');
    const session = currentSession(deps, req.cookies?.[sessionCookie], deps.now());
    if (!session) {
      if (req.method === 'GET' || req.method === 'HEAD') {
        res.redirect(303, `/moderation/login?return=${encodeURIComponent(safeReturn(req.originalUrl))}`);
        return;
      }
      throw new HttpError(
        403,
        'You are not signed in, or your session has expired. Sign in and try again; nothing was changed.',
        'Not signed in',
      );
    }
    if (req.method === 'POST' && !tokensMatch((req.body as Record<string, unknown> | undefined)?._csrf, session.csrfToken)) {
      throw new HttpError(
        403,
        'This form has expired or did not come from this site. Reload the page and try again; nothing was changed.',
        'Form expired',
      );
    }
    res.locals.moderator = { session, csrfToken: session.csrfToken } satisfies ModeratorLocals;
    next();
  };
}
