import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** One rendered public page, in every encoding, with the headers it is always sent with. */
export type CachedPage = {
  key: string;
  articleId: number;
  slug: string;
  generation: string;
  body: Buffer;
  gzip: Buffer;
  br: Buffer;
  etag: string;
  lastModified: string;
  headers: [string, string][];
  expiresAt: number;
};

// The cached form carries a form token minted at render time (the fallback for readers whose
// browser refuses the per-response cookie); ten minutes keeps it far from its one-day expiry.
export const pageLifetimeMs = 10 * 60 * 1000;
// About 200 article pages with their compressed copies: keeps a worker well under its memory budget.
const maxBytes = 32 * 1024 * 1024;

export function buildCachedPage(
  article: { id: number; slug: string },
  key: string,
  generation: string,
  html: string,
  headers: [string, string][],
  now: number,
): CachedPage {
  const body = Buffer.from(html);
  return {
    key,
    articleId: article.id,
    slug: article.slug,
    generation,
    body,
    // Compressed once per change, so the best ratios are affordable: every reader gets the small copy for free.
    gzip: gzipSync(body, { level: 9 }),
    br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`,
    lastModified: new Date(Math.floor(now / 1000) * 1000).toUTCString(),
    headers,
    expiresAt: now + pageLifetimeMs,
  };
}

const size = (page: CachedPage) => page.body.length + page.gzip.length + page.br.length + 512;

/** A least-recently-used map of rendered pages, bounded in bytes. */
export class PageCache {
  private readonly pages = new Map<string, CachedPage>();
  private bytes = 0;

  get(key: string, generation: string, now: number): CachedPage | undefined {
    const page = this.pages.get(key);
    if (!page) return undefined;
    if (page.generation !== generation || page.expiresAt <= now) {
      this.delete(key);
      return undefined;
    }
    // Move to the end: Map keeps insertion order, so the first entry is the least recently used.
    this.pages.delete(key);
    this.pages.set(key, page);
    return page;
  }

  set(page: CachedPage): void {
    this.delete(page.key);
    this.pages.set(page.key, page);
    this.bytes += size(page);
    while (this.bytes > maxBytes) {
      const oldest = this.pages.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
  }

  private delete(key: string): void {
    const page = this.pages.get(key);
    if (!page) return;
    this.bytes -= size(page);
    this.pages.delete(key);
  }
}
