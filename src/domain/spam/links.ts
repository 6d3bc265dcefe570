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

// A dot spelled out or bracketed to dodge link filters: "site dot com", "site[.]com", "site(dot)com",
// and the Chinese 点 ("www点site点com"). Only between letters or digits, so prose keeps its full stops.
const bracketedDot = /(?<=[a-z0-9])\s*(?:\[\s*(?:\.|dot)\s*\]|\(\s*(?:\.|dot)\s*\)|\{\s*(?:\.|dot)\s*\}|点)\s*(?=[a-z0-9])/gi;
// " dot " as a word, except after the words that make "the dot com bubble" prose.
const spelledDot =
  /(?<=\b(?!(?:the|a|an|of|this|that|its|first|new|old|big|whole|one|every|my|your|his|her|their|our)\b)[a-z0-9-]+)\s+dot\s+(?=[a-z0-9])/gi;
// "www . site . com": spaces around the dots of an address that starts with www.
const spacedWww = /\bwww\s*\.\s*([a-z0-9-]+)\s*\.\s*([a-z]{2,6})\b/gi;

/** The text with spelled-out and bracketed dots closed up, so "site dot com" is counted as the link it is. */
export function closeSpelledDots(text: string): string {
  return text.replace(bracketedDot, '.').replace(spelledDot, '.').replace(spacedWww, 'www.$1.$2');
}

export function countLinks(written: string): LinkCount {
  const text = closeSpelledDots(written);
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
