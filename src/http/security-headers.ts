import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { Config } from '../config.js';

/** helmet with this site's policy: the security headers every response carries. */
export function securityHeaders(config: Pick<Config, 'siteUrl'>): RequestHandler {
  const https = config.siteUrl.startsWith('https:');
  return helmet({
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
  });
}

/**
 * The same headers, in the order helmet sets them, for a fast path that answers without running
 * middleware. Taken once from helmet itself: with this policy (no nonces) they depend only on the
 * configuration, never on the request.
 */
export function securityHeaderList(config: Pick<Config, 'siteUrl'>): [string, string][] {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.push([name, String(value)]);
    },
    removeHeader() {},
  };
  securityHeaders(config)({} as never, recorder as unknown as Response, () => {});
  return headers;
}
