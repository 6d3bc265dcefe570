import { XMLParser } from 'fast-xml-parser';
import type { CommentStatus } from './comment-status.js';

/**
 * Reads the comments out of a WordPress export (WXR, Tools → Export in wp-admin): the format every
 * WordPress site can produce, so a site moving to Broadsheet keeps its discussion. Only what a
 * comment needs is read; posts' own content stays in WordPress (articles come from content/).
 */
export type WordPressComment = {
  wpId: number;
  wpParentId: number | null;
  author: string;
  email: string;
  url: string;
  ip: string;
  userAgent: string;
  createdAt: string;
  body: string;
  status: CommentStatus;
};

export type WordPressPost = { slug: string; title: string; comments: WordPressComment[] };

export class WordPressExportError extends Error {}

// WordPress's comment_approved column: '1', '0', 'spam', 'trash' (and 'post-trashed' when its post was binned).
const statusOf: Record<string, CommentStatus> = { '1': 'approved', '0': 'pending', spam: 'spam', trash: 'trash', 'post-trashed': 'trash' };

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false, // ids stay strings until we say otherwise; a comment body of "1e3" stays text
  trimValues: false,
  processEntities: true,
  isArray: (name) => name === 'item' || name === 'wp:comment',
});

type RawComment = Record<string, unknown>;

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return '';
}

/** WXR dates are "YYYY-MM-DD HH:MM:SS" in UTC (the _gmt field); older exports leave it zero and only give local time. */
function isoDate(gmt: string, local: string): string | null {
  for (const candidate of [gmt.trim(), local.trim()]) {
    const m = candidate.match(/^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/);
    if (!m || m[1] === '0000') continue;
    const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z`);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  return null;
}

function toComment(raw: RawComment, where: string): WordPressComment | null {
  const type = text(raw['wp:comment_type']).trim();
  // Pingbacks and trackbacks are notices from other blogs, not reader comments.
  if (type === 'pingback' || type === 'trackback') return null;
  const wpId = Number(text(raw['wp:comment_id']).trim());
  if (!Number.isInteger(wpId) || wpId <= 0) throw new WordPressExportError(`${where}: a comment has no comment_id`);
  const parent = Number(text(raw['wp:comment_parent']).trim() || '0');
  const approved = text(raw['wp:comment_approved']).trim();
  const status = statusOf[approved];
  if (!status) throw new WordPressExportError(`${where}: comment ${wpId} has an unknown comment_approved value "${approved}"`);
  const createdAt = isoDate(text(raw['wp:comment_date_gmt']), text(raw['wp:comment_date']));
  if (!createdAt) throw new WordPressExportError(`${where}: comment ${wpId} has no readable date`);
  return {
    wpId,
    wpParentId: Number.isInteger(parent) && parent > 0 ? parent : null,
    author: text(raw['wp:comment_author']).trim(),
    email: text(raw['wp:comment_author_email']).trim().toLowerCase(),
    url: text(raw['wp:comment_author_url']).trim(),
    ip: text(raw['wp:comment_author_IP']).trim(),
    userAgent: text(raw['wp:comment_agent']).trim(),
    createdAt,
    body: text(raw['wp:comment_content']).replace(/\r\n/g, '\n'),
    status,
  };
}

export function parseWordPressExport(xml: string, fileName: string): WordPressPost[] {
  let document: unknown;
  try {
    document = parser.parse(xml, true);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new WordPressExportError(`${fileName} is not well-formed XML: ${detail}`);
  }
  const channel = (document as { rss?: { channel?: { item?: unknown[] } } }).rss?.channel;
  if (!channel) throw new WordPressExportError(`${fileName} is not a WordPress export (no <rss><channel>)`);
  const posts: WordPressPost[] = [];
  for (const item of (channel.item ?? []) as RawComment[]) {
    const slug = text(item['wp:post_name']).trim();
    const title = text(item.title).trim();
    const where = `${fileName}, post "${slug || title}"`;
    const comments = ((item['wp:comment'] ?? []) as RawComment[])
      .map((raw) => toComment(raw, where))
      .filter((c): c is WordPressComment => c !== null);
    if (comments.length > 0) posts.push({ slug, title, comments });
  }
  return posts;
}
