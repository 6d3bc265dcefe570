import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CachedPage } from './page-cache.js';

type Encoding = 'br' | 'gzip' | null;

/**
 * The codings the reader takes, best first. A coding is taken when listed, or covered by "*", with a
 * weight above zero (RFC 9110 §12.5.3). Read by splitting, not by one pattern: a pattern with optional
 * spaces either side backtracks over a header padded with thousands of them.
 */
function acceptedEncodings(acceptEncoding: string | undefined): Encoding[] {
  const weights = new Map<string, number>();
  for (const item of (acceptEncoding ?? '').split(',')) {
    const [coding = '', ...parameters] = item.split(';').map((part) => part.trim().toLowerCase());
    const weight = parameters.find((parameter) => parameter.startsWith('q='));
    weights.set(coding, weight === undefined ? 1 : Number(weight.slice(2)));
  }
  const takes = (coding: string) => (weights.get(coding) ?? weights.get('*') ?? 0) > 0;
  const accepted: Encoding[] = [];
  if (takes('br')) accepted.push('br');
  if (takes('gzip')) accepted.push('gzip');
  accepted.push(null);
  return accepted;
}

// Each encoding is its own representation with its own bytes, so a strong validator must differ
// between them (RFC 9110 §8.8.3): a cache holding the gzip copy must not take it for the brotli one.
const etagOf = (page: CachedPage, encoding: Encoding) => (encoding ? `${page.etag.slice(0, -1)}-${encoding}"` : page.etag);

/**
 * The representation the reader's copy matches, if any: a cache that holds the gzip copy and asks
 * with its tag gets a 304 naming that copy, which it may serve since the reader accepts gzip.
 */
function matchingEncoding(ifNoneMatch: string, page: CachedPage, accepted: Encoding[]): Encoding | undefined {
  const tags = ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (tags.includes('*')) return accepted[0];
  return accepted.find((encoding) => tags.includes(etagOf(page, encoding)));
}

/**
 * Sends a cached page: its fixed headers, then 304 when the reader's copy is current, else the
 * body in the best encoding the reader accepts. Used by the fast path and by the Express route.
 */
export function sendCachedPage(req: IncomingMessage, res: ServerResponse, page: CachedPage, extra: [string, string][]): void {
  for (const [name, value] of page.headers) res.setHeader(name, value);
  for (const [name, value] of extra) res.setHeader(name, value);
  res.setHeader('Last-Modified', page.lastModified);
  const accepted = acceptedEncodings(req.headers['accept-encoding']);
  const ifNoneMatch = req.headers['if-none-match'];
  const ifModifiedSince = req.headers['if-modified-since'];
  const current =
    ifNoneMatch !== undefined
      ? matchingEncoding(ifNoneMatch, page, accepted)
      : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= Date.parse(page.lastModified)
        ? accepted[0]
        : undefined;
  if (current !== undefined) {
    res.setHeader('ETag', etagOf(page, current));
    res.statusCode = 304;
    res.end();
    return;
  }
  const encoding = accepted[0] ?? null;
  res.setHeader('ETag', etagOf(page, encoding));
  const body = encoding === 'br' ? page.br : encoding === 'gzip' ? page.gzip : page.body;
  if (encoding) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', body.length);
  res.statusCode = 200;
  res.end(req.method === 'HEAD' ? undefined : body);
}
