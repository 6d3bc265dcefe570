import type { IncomingMessage, ServerResponse } from 'node:http';
import { formTokenIssuer } from './cookies.js';
import type { AppDeps } from './deps.js';
import { sendCachedPage } from './send-page.js';

const articleUrl = /^\/articles\/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\?cpage=([1-9]\d{0,5}))?$/;
// Readers with these cookies may see a personal page (their held comment, a pre-filled form).
const personalCookie = /(?:^|;\s*)(?:bs_own|bs_author)=/;

let requestCounter = 0;

/**
 * Serves a cached public article page before Express runs: a URL match, a cookie check, a map
 * lookup and a write. Everything else (misses, personal pages, other URLs) falls through to
 * the app, which renders and fills the cache.
 */
export function articleFastPath(deps: AppDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const secure = deps.config.secureCookies;
  const pid = process.pid.toString(36);
  const formToken = formTokenIssuer(deps.formTokenKey, secure);
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const match = (req.url ?? '').match(articleUrl);
    if (!match) return false;
    const cookie = req.headers.cookie;
    if (cookie && personalCookie.test(cookie)) return false;
    const now = deps.now();
    const page = deps.pageCache.get(`${match[1]}:${match[2] ?? '1'}`, deps.changes.generation(), now.getTime());
    if (!page) return false;
    sendCachedPage(req, res, page, [
      ['X-Request-Id', `${pid}-${(++requestCounter).toString(36)}`],
      ['Set-Cookie', formToken({ id: page.articleId, slug: page.slug }, now).setCookie],
    ]);
    return true;
  };
}
