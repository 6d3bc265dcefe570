import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CachedPage } from './page-cache.js';

function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

// A coding is accepted when listed without q=0 (RFC 9110 §12.5.3).
const accepting = (name: string) => new RegExp(`(?:^|,)\\s*${name}\\s*(?:;\\s*q=(?!0(?:\\.0*)?\\s*(?:,|$))[\\d.]+)?\\s*(?:,|$)`, 'i');
const acceptsBrotli = accepting('br');
const acceptsGzip = accepting('gzip');

function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  if (acceptsBrotli.test(acceptEncoding)) return 'br';
  if (acceptsGzip.test(acceptEncoding)) return 'gzip';
  return null;
}

/**
 * Sends a cached page: its fixed headers, then 304 when the reader's copy is current, else the
 * body in the best encoding the reader accepts. Used by the fast path and by the Express route.
 */
export function sendCachedPage(req: IncomingMessage, res: ServerResponse, page: CachedPage, extra: [string, string][]): void {
  for (const [name, value] of page.headers) res.setHeader(name, value);
  for (const [name, value] of extra) res.setHeader(name, value);
  res.setHeader('ETag', page.etag);
  res.setHeader('Last-Modified', page.lastModified);
  const ifNoneMatch = req.headers['if-none-match'];
  const ifModifiedSince = req.headers['if-modified-since'];
  const fresh =
    ifNoneMatch !== undefined
      ? etagMatches(ifNoneMatch, page.etag)
      : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= Date.parse(page.lastModified);
  if (fresh) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const encoding = pickEncoding(req.headers['accept-encoding']);
  const body = encoding === 'br' ? page.br : encoding === 'gzip' ? page.gzip : page.body;
  if (encoding) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', body.length);
  res.statusCode = 200;
  res.end(req.method === 'HEAD' ? undefined : body);
}
