import type { Request, Response } from 'express';
import type { AppDeps } from './deps.js';
import { buildCachedPage } from './page-cache.js';
import { sendCachedPage } from './send-page.js';

const feedHeaders: [string, string][] = [
  ['Content-Type', 'application/atom+xml; charset=utf-8'],
  ['Cache-Control', 'public, max-age=300'],
  ['Vary', 'Accept-Encoding'],
];

/**
 * Sends a feed from the page cache, built and compressed once per change like an article page.
 * Feed readers poll every few minutes, and a comments feed carries fifty whole comments: rebuilt
 * on every poll it cost more than the article itself, and readers polling with the tag they hold
 * now get a 304.
 */
export function sendFeed(
  deps: AppDeps,
  req: Request,
  res: Response,
  key: string,
  owner: { id: number; slug: string },
  build: () => string,
): void {
  const generation = deps.changes.generation();
  const now = deps.now().getTime();
  let feed = deps.pageCache.get(key, generation, now);
  if (!feed) {
    feed = buildCachedPage(owner, key, generation, build(), feedHeaders, now);
    deps.pageCache.set(feed);
  }
  sendCachedPage(req, res, feed, []);
}
