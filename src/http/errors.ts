import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isStorageUnavailable } from '../db/connection.js';
import { CommentsClosedError, DuplicateCommentError, FloodError, InvalidParentError, NotFoundError } from '../domain/errors.js';
import type { AppDeps } from './deps.js';

/** An error that already knows its HTTP status and the sentence to show the person. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly title = 'Something went wrong',
  ) {
    super(message);
  }
}

/** The one mapping from named domain failures to HTTP statuses. */
export function statusFor(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof CommentsClosedError) return 403;
  if (error instanceof FloodError) return 429;
  if (error instanceof DuplicateCommentError) return 409;
  if (error instanceof InvalidParentError) return 422;
  if (isStorageUnavailable(error)) return 503;
  return 500;
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new HttpError(404, 'There is no page at this address. It may have moved, or the link may be mistyped.', 'Page not found'));
};

type BodyParserError = Error & { type?: string; status?: number; expose?: boolean };

/**
 * What a person is told about a refused request: its status, a title and a sentence. `sentAForm`:
 * the request was a POST, so a refusal the body parser gave no type (a body that claims to be
 * gzip and is not) is about the form, not about a missing page.
 */
export function describeError(error: unknown, sentAForm = false): { status: number; title: string; message: string } {
  const bodyError = error as BodyParserError;
  if (bodyError?.type === 'entity.too.large') {
    return {
      status: 413,
      title: 'Too much text',
      message:
        'What you sent is larger than this site accepts: a comment may be up to 65,525 characters of English, about a third of that in Chinese or Hindi. Please go back, shorten your comment and try again.',
    };
  }
  if (bodyError?.type === 'parameters.too.many') {
    return {
      status: 400,
      title: 'Could not read the form',
      message: 'The form sent more fields than any page of this site sends, so nothing was changed. Go back to the page and try again.',
    };
  }
  // Refused by the body parser, Express or the router before any route ran (a route's own refusals are HttpErrors).
  const refusedEarly =
    !(error instanceof HttpError) && typeof bodyError?.status === 'number' && bodyError.status >= 400 && bodyError.status < 500;
  if (refusedEarly && (bodyError.type || sentAForm)) {
    return {
      status: 400,
      title: 'Could not read the form',
      message: 'The data sent could not be read. Please use the form on the page and try again.',
    };
  }
  // Anything else refused that early is an address nobody can read (e.g. a malformed %-escape in a path).
  if (refusedEarly) {
    return {
      status: 404,
      title: 'Page not found',
      message: 'There is no page at this address. It may have moved, or the link may be mistyped.',
    };
  }
  const status = statusFor(error);
  if (status === 503) {
    return {
      status,
      title: 'Temporarily unavailable',
      message: 'The site cannot save changes right now. Nothing you did was lost on our side; please try again in a few minutes.',
    };
  }
  if (status === 404)
    return {
      status,
      title: 'Page not found',
      message: (error as Error).message === 'Article not found' ? 'There is no article at this address.' : (error as Error).message,
    };
  if (error instanceof HttpError) return { status, title: error.title, message: error.message };
  if (status < 500) return { status, title: 'Could not do that', message: (error as Error).message };
  return { status: 500, title: 'Something went wrong', message: 'Sorry, something went wrong on our side. Please try again in a moment.' };
}

export function errorHandler(deps: AppDeps): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const { status, title, message } = describeError(error, req.method === 'POST');
    if (status === 503) deps.logger.error({ err: error, requestId: res.locals.requestId, url: req.originalUrl }, 'storage unavailable');
    else if (status >= 500) deps.logger.error({ err: error, requestId: res.locals.requestId, url: req.originalUrl }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof FloodError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    if (status === 503) res.setHeader('Retry-After', '120');
    res.status(status).setHeader('Cache-Control', 'no-store');
    res.render('pages/error', { title, message, status, requestId: res.locals.requestId, meta: { title, robots: 'noindex' } });
  };
}
