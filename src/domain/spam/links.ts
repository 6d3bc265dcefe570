/**
 * Finds the links in a comment the way a reader (and a spammer) sees them: full URLs,
 * bare "www." addresses, bare domains with a common spam-friendly TLD, HTML anchors and
 * BBCode [url] tags.
 */
const urlPattern = /\bhttps?:\/\/[^\s<>"'\])]+|\bwww\.[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s<>"'\])]*/gi;
// Bare "name.tld" without www or a scheme: counted for TLDs that are rarely words, and for any
// "name.tld/path", which prose never writes (bit.ly/x, t.me/name, wa.me/number).
const bareDomainPattern =
  /\b[a-z0-9][a-z0-9-]{1,62}\.(?:com|net|org|info|biz|top|xyz|site|online|shop|store|club|live|ru|cn|io|co|us|uk|de|in|me|tk|ml|ga|cf|gq|link|click|vip|pro|ly|gl|gg|cc|ws|bet|casino|win|fun|space|website|app|example)(?:\/[^\s<>"')\]]*)?\b|\b[a-z0-9][a-z0-9-]{0,62}\.[a-z]{2,6}\/[a-z0-9_@?=&%./-]*[a-z0-9_]/gi;
const bbcodePattern = /\[url(?:=[^\]]*)?\]/gi;
const anchorPattern = /<a\s[^>]*href\s*=/gi;

export type LinkCount = { urls: number; bare: number; bbcode: number; anchors: number; total: number; domains: string[] };

export function hostOf(url: string): string | null {
  const withScheme = /^https?:\/\//i.test(url) ? url : `http://${url}`;
  try {
    return new URL(withScheme).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

export function countLinks(text: string): LinkCount {
  const urls = text.match(urlPattern) ?? [];
  const withoutUrls = text.replace(urlPattern, ' ');
  const bare = withoutUrls.match(bareDomainPattern) ?? [];
  const bbcode = (text.match(bbcodePattern) ?? []).length;
  const anchors = (text.match(anchorPattern) ?? []).length;
  const domains = [...urls, ...bare].map(hostOf).filter((d): d is string => d !== null);
  // An anchor or BBCode tag usually wraps a URL that was already counted; count whichever is larger.
  const total = Math.max(urls.length + bare.length, bbcode + anchors);
  return { urls: urls.length + bare.length, bare: bare.length, bbcode, anchors, total, domains: [...new Set(domains)] };
}
