import type { IncomingMessage, ServerResponse } from 'node:http';
import cookieParser from 'cookie-parser';
import type { Express, Request, Response } from 'express';
import type { AppDeps } from './deps.js';
import { errorHandler } from './errors.js';
import { beginRequest } from './request-log.js';
import type { CommentPosting } from './routes/comment-post.js';
import { securityHeaderList } from './security-headers.js';

// The comment form's target, with a slug as content/ spells them; anything else goes through the app.
const commentPostUrl = /^\/articles\/([a-z0-9]+(?:-[a-z0-9]+)*)\/comments(?:\?|$)/;

/**
 * Answers POST /articles/SLUG/comments without the app's middleware chain and router: those cost
 * about as much as the post's own work (helmet's eleven middlewares, the walk over every route;
 * docs/PERFORMANCE.md). The route's own three steps run here unchanged (rate limit, body, answer:
 * routes/comment-post.ts), after doing directly what the chain does for this route: the request
 * id and log line (one function for both ways), helmet's headers (taken from helmet once), the
 * cookie parser, and errors to the one error handler. So both ways give the same response.
 */
export function commentPostFastPath(
  deps: AppDeps,
  app: Express,
  posting: CommentPosting,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const headers = securityHeaderList(deps.config);
  const parseCookies = cookieParser(deps.cookieSecret);
  const handleError = errorHandler(deps);
  const ignore = () => {};
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const match = (req.url ?? '').match(commentPostUrl);
    if (!match) return false;
    const request = req as Request;
    const response = res as Response;
    let failed = false;
    const fail = (error: unknown) => {
      if (!failed) {
        failed = true;
        return handleError(error, request, response, ignore);
      }
      // The error page itself failed: a bare 500, as Express's final handler would answer.
      deps.logger.error({ err: error, requestId: response.locals.requestId }, 'error page failed');
      if (response.headersSent) response.destroy();
      else response.status(500).end();
    };
    // What app.handle and the router do before a route runs: Express's request and response
    // methods (already in place on the site server's requests, see express-messages.ts, so
    // setting them changes nothing), res.locals, the route's parameter, and `next` (res.render
    // reports errors to it).
    request.res = response;
    response.req = request;
    Object.setPrototypeOf(request, app.request);
    Object.setPrototypeOf(response, app.response);
    response.locals = Object.create(null);
    request.originalUrl = request.url;
    request.baseUrl = '';
    request.params = { slug: match[1] as string };
    request.next = fail;
    // What the app-wide middleware does (app.ts), in the same order.
    response.locals.requestId = beginRequest(deps.logger, request, response);
    for (const [name, value] of headers) response.setHeader(name, value);
    parseCookies(request, response, ignore);
    // The route: posting.router would run these same three.
    posting.limit(request, response, (limitError?: unknown) => {
      if (limitError) return fail(limitError);
      posting.readBody(request, response, (bodyError?: unknown) => {
        if (bodyError) return fail(bodyError);
        posting.answer(request, response).catch(fail);
      });
    });
    return true;
  };
}
