import { createServer, type Server } from 'node:http';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import { assetUrlFor } from './http/assets.js';
import { commentPostFastPath } from './http/comment-post-fast-path.js';
import type { AppDeps } from './http/deps.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { expressMessageClasses } from './http/express-messages.js';
import { articleFastPath } from './http/fast-path.js';
import { moderationErrorHandler } from './http/moderation/errors.js';
import { loginRouter } from './http/moderation/login-routes.js';
import { moderationBody, moderationRouter } from './http/moderation/queue-routes.js';
import { requireModerator } from './http/moderation/session.js';
import { beginRequest } from './http/request-log.js';
import { articleRouter } from './http/routes/articles.js';
import { type CommentPosting, commentPosting } from './http/routes/comment-post.js';
import { siteRouter } from './http/routes/site.js';
import { securityHeaders } from './http/security-headers.js';
import { publicDir, viewsDir } from './paths.js';

/**
 * The HTTP server, not yet listening: cached article pages and comment posts first (their fast
 * paths), then the app, on requests and responses built with Express's methods in place.
 */
export function createSiteServer(deps: AppDeps): Server {
  const commentPost = commentPosting(deps);
  const app = createApp(deps, commentPost);
  const articlePage = articleFastPath(deps);
  const postComment = commentPostFastPath(deps, app, commentPost);
  return createServer(expressMessageClasses(app), (req, res) => {
    if (!articlePage(req, res) && !postComment(req, res)) app(req, res);
  });
}

/**
 * Builds the web app from its dependencies. It never listens: server.ts and tests do that.
 * `commentPost` is passed in when the server's fast path shares it (one rate limit).
 */
export function createApp(deps: AppDeps, commentPost: CommentPosting = commentPosting(deps)): Express {
  const app = express();
  app.set('views', viewsDir);
  app.set('view engine', 'ejs');
  // Without this Express recompiles every template on every request (about 8x slower).
  app.set('view cache', deps.config.env !== 'development');
  app.set('trust proxy', deps.config.trustProxy);
  app.set('x-powered-by', false);
  app.set('etag', 'strong');

  app.locals.site = { name: deps.config.siteName, url: deps.config.siteUrl };
  app.locals.asset = assetUrlFor();

  // The request id and one JSON log line per request; cookies, form bodies and passwords are never logged.
  app.use((req, res, next) => {
    res.locals.requestId = beginRequest(deps.logger, req, res);
    next();
  });
  app.use(securityHeaders(deps.config));
  app.use('/static', express.static(publicDir, { immutable: true, maxAge: '365d', index: false, fallthrough: true }));
  app.use(cookieParser(deps.cookieSecret));

  app.use(siteRouter(deps));
  app.use(articleRouter(deps));
  app.use(commentPost.router);
  // Sign-in is the only moderation page open to everyone; everything after this mount needs a session.
  app.use('/moderation', loginRouter(deps));
  app.use('/moderation', moderationBody, requireModerator(deps), moderationRouter(deps), moderationErrorHandler(deps));

  app.use(notFoundHandler);
  app.use(errorHandler(deps));
  return app;
}
