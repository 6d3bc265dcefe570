import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { SessionRow } from '../../db/moderators.js';
import { currentSession } from '../../services/moderator-auth.js';
import type { AppDeps } from '../deps.js';

export const sessionCookie = 'bs_mod';

export type ModeratorLocals = { session: SessionRow; csrfToken: string };

export function moderatorOf(res: Response): ModeratorLocals {
  return res.locals.moderator as ModeratorLocals;
}

/** Same-site paths inside /moderation only: a return parameter can never send anyone elsewhere. */
export function safeReturn(value: unknown, fallback = '/moderation'): string {
  if (typeof value !== 'string' || value.length > 2000 || !/^\/moderation(?:[/?#]|$)/.test(value) || /[\\\s]/.test(value)) return fallback;
  // Resolved as the browser will resolve it, so "/moderation/../" or "%2e%2e" cannot climb out of the area.
  const resolved = new URL(value, 'http://moderation.invalid');
  return resolved.host === 'moderation.invalid' && /^\/moderation(?:\/|$)/.test(resolved.pathname) ? value : fallback;
}

// The moderation pages a person can be on when they send a form; the rest answer POSTs only.
const pagesWithForms = new Set(['/moderation', '/moderation/log']);

/**
 * Where the refused form was: the return path it carried, else the page the browser says it came
 * from (same site, a page with forms), else the queue.
 */
export function pageOfForm(req: Request): string {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const page = safeReturn(body.return, '') || refererPage(req);
  // A row's action returns to the row that will take its place; as it did not happen, back to the row itself.
  const row = req.originalUrl.match(/^\/moderation\/comments\/(\d{1,16})\//)?.[1];
  return row ? `${page.split('#')[0]}#row-${row}` : page;
}

function refererPage(req: Request): string {
  try {
    const url = new URL(req.get('referer') ?? '');
    if (url.host !== req.get('host') || !pagesWithForms.has(url.pathname)) return '/moderation';
    return safeReturn(`${url.pathname}${url.search}`);
  } catch {
    return '/moderation';
  }
}

export function backLink(href: string) {
  return { href, label: href === '/moderation' ? 'Back to the queue' : 'Back to the page you were on' };
}

/** What every moderation page's header shows for a session: who is signed in, its CSRF token, how many new comments wait. */
export function moderatorHeader(deps: AppDeps, session: SessionRow) {
  return {
    moderator: session.username,
    csrfToken: session.csrfToken,
    newPendingCount: deps.queue.pendingSince(session.lastSeenPendingAt ?? '1970-01-01T00:00:00.000Z'),
  };
}

type MessagePage = { title: string; message: string; details?: string[]; links: { href: string; label: string }[] };

/** A page of the moderation area saying why something did not happen, and where to go on; with the header when signed in. */
export function renderModerationMessage(deps: AppDeps, res: Response, session: SessionRow | null, page: MessagePage): void {
  res.render('moderation/message', {
    ...page,
    ...(session ? moderatorHeader(deps, session) : {}),
    meta: { title: `${page.title} — Moderation`, robots: 'noindex' },
  });
}

export function tokensMatch(a: unknown, b: string): boolean {
  // An empty token matches nothing: "" = "" would let a form without one through.
  if (typeof a !== 'string' || a === '' || b === '') return false;
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
    // Refusals are pages of the moderation area with a way on, not the reader's error page: the
    // moderator wants to sign in again or get back to their place in the queue.
    if (!session) {
      if (req.method === 'GET' || req.method === 'HEAD') {
        res.redirect(303, `/moderation/login?return=${encodeURIComponent(safeReturn(req.originalUrl))}`);
        return;
      }
      res.status(403);
      renderModerationMessage(deps, res, null, {
        title: 'Not signed in',
        message: 'You are not signed in, or your session has expired, so nothing was changed. Sign in and try again.',
        links: [{ href: `/moderation/login?return=${encodeURIComponent(pageOfForm(req))}`, label: 'Sign in and go back' }],
      });
      return;
    }
    if (req.method === 'POST' && !tokensMatch((req.body as Record<string, unknown> | undefined)?._csrf, session.csrfToken)) {
      res.status(403);
      renderModerationMessage(deps, res, session, {
        title: 'Form expired',
        message:
          'This form has expired or did not come from this site, so nothing was changed. Go back to the page, which will have a fresh form, and try again.',
        links: [backLink(pageOfForm(req))],
      });
      return;
    }
    res.locals.moderator = { session, csrfToken: session.csrfToken } satisfies ModeratorLocals;
    next();
  };
}
