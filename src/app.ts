import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { assetUrlFor } from './http/assets.js';
import type { AppDeps } from './http/deps.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { articleFastPath } from './http/fast-path.js';
import { loginRouter } from './http/moderation/login-routes.js';
import { moderationBody, moderationRouter } from './http/moderation/queue-routes.js';
import { requireModerator } from './http/moderation/session.js';
import { articleRouter } from './http/routes/articles.js';
import { siteRouter } from './http/routes/site.js';
import { publicDir, viewsDir } from './paths.js';

/** The server's request handler: cached article pages first, then the app. */
export function createRequestHandler(deps: AppDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const app = createApp(deps);
  const fastPath = articleFastPath(deps);
  return (req, res) => {
    if (!fastPath(req, res)) app(req, res);
  };
}

/** Builds the web app from its dependencies. It never listens: server.ts and tests do that. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  const https = deps.config.siteUrl.startsWith('https:');
  app.set('views', viewsDir);
  app.set('view engine', 'ejs');
  // Without this Express recompiles every template on every request (about 8x slower).
  app.set('view cache', deps.config.env !== 'development');
  app.set('trust proxy', deps.config.trustProxy);
  app.set('x-powered-by', false);
  app.set('etag', 'strong');

  app.locals.site = { name: deps.config.siteName, url: deps.config.siteUrl };
  app.locals.asset = assetUrlFor();

  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    res.locals.requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', res.locals.requestId);
    next();
  });
  // One JSON line per request with its id; cookies, form bodies and passwords are never logged.
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (_req, res) => (res as unknown as { locals: { requestId: string } }).locals.requestId,
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          upgradeInsecureRequests: https ? [] : null,
        },
      },
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    }),
  );
  app.use('/static', express.static(publicDir, { immutable: true, maxAge: '365d', index: false, fallthrough: true }));
  app.use(cookieParser(deps.cookieSecret));

  app.use(siteRouter(deps));
  app.use(articleRouter(deps));
  // Sign-in is the only moderation page open to everyone; everything after this mount needs a session.
  app.use('/moderation', loginRouter(deps));
  app.use('/moderation', moderationBody, requireModerator(deps), moderationRouter(deps));

  app.use(notFoundHandler);
  app.use(errorHandler(deps));
  return app;
}
