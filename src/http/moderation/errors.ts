import type { ErrorRequestHandler } from 'express';
import type { AppDeps } from '../deps.js';
import { describeError } from '../errors.js';
import { backLink, type ModeratorLocals, pageOfForm, renderModerationMessage } from './session.js';

/**
 * A refusal inside the moderation area ("out of date", "choose an action") as a page of that area,
 * with the moderator's header and a way back to where they were, not the reader's error page that
 * leads to the front page. Failures on our side (5xx) go on to the site's handler, which logs them.
 */
export function moderationErrorHandler(deps: AppDeps): ErrorRequestHandler {
  return (error, req, res, next) => {
    const { status, title, message } = describeError(error, req.method === 'POST');
    const moderator = res.locals.moderator as ModeratorLocals | undefined;
    if (status >= 500 || res.headersSent || !moderator) return next(error);
    res.status(status).setHeader('Cache-Control', 'no-store');
    renderModerationMessage(deps, res, moderator.session, { title, message, links: [backLink(pageOfForm(req))] });
  };
}
