import type { ErrorRequestHandler } from 'express';
import { currentSession } from '../../services/moderator-auth.js';
import type { AppDeps } from '../deps.js';
import { describeError } from '../errors.js';
import { backLink, type ModeratorLocals, pageOfForm, renderModerationMessage, sessionCookie } from './session.js';

/**
 * A refusal inside the moderation area ("out of date", "choose an action") as a page of that area,
 * with the moderator's header and a way back to where they were, not the reader's error page that
 * leads to the front page. Failures on our side (5xx) go on to the site's handler, which logs them.
 */
export function moderationErrorHandler(deps: AppDeps): ErrorRequestHandler {
  return (error, req, res, next) => {
    const { status, title, message } = describeError(error, req.method === 'POST');
    if (status >= 500 || res.headersSent) return next(error);
    // The form is read before the session is checked (the check needs its CSRF token), so a form the
    // reader refused (too many fields, a broken body) arrives here before anyone is known to be signed in.
    const session =
      (res.locals.moderator as ModeratorLocals | undefined)?.session ?? currentSession(deps, req.cookies?.[sessionCookie], deps.now());
    if (!session) return next(error);
    res.status(status).setHeader('Cache-Control', 'no-store');
    renderModerationMessage(deps, res, session, { title, message, links: [backLink(pageOfForm(req))] });
  };
}
