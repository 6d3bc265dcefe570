import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

// A request id from the proxy is kept when it is plainly an id, so log lines can be followed across both.
const forwardedId = /^[\w.-]{1,64}$/;

/**
 * Gives a request its id (the X-Request-Id response header) and, when the response is finished or
 * abandoned, one JSON log line: `req` {id, method, url without the query}, `res` {statusCode},
 * `responseTime` in ms, at info, or at error from status 500. Cookies, bodies and passwords are never
 * logged. The same line pino-http wrote, without a child logger per request.
 */
export function beginRequest(logger: Logger, req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && forwardedId.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  const started = Date.now();
  const method = req.method;
  const url = (req.url ?? '').split('?')[0];
  const done = () => {
    res.off('finish', done);
    res.off('close', done);
    const line = { req: { id, method, url }, res: { statusCode: res.headersSent ? res.statusCode : null } };
    if (res.statusCode >= 500) {
      const err = new Error(`failed with status code ${res.statusCode}`);
      logger.error({ ...line, err, responseTime: Date.now() - started }, 'request errored');
    } else if (logger.isLevelEnabled('info')) {
      const completed = !req.readableAborted && res.writableEnded;
      logger.info({ ...line, responseTime: Date.now() - started }, completed ? 'request completed' : 'request aborted');
    }
  };
  res.once('finish', done);
  res.once('close', done);
  return id;
}
