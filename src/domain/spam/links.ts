/**
 * Finds the links in a comment the way a reader (and a spammer) sees them: full URLs,
 * bare "www." addresses, bare domains with a common spam-friendly TLD, HTML anchors and
 * BBCode [url] tags.
 */
const urlPattern = /\bhttps?:\/\/[^\s<>"'\])]+|\bwww\.[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s<>"'\])]*/gi;
// Bare "name.tld" without www or a scheme: counted for TLDs that are rarely words, and for any
// "name.tld/path", which prose never writes (bit.ly/x, t.me/name, wa.me/number). A second-level
// domain comes first, or "bbfc.co.uk" would be read as "bbfc.co", a spammy TLD.
const bareDomainPattern =
  /\b[a-z0-9][a-z0-9-]{1,62}\.(?:(?:co|com|org|net|ac|gov)\.[a-z]{2}(?![a-z0-9-])|com|net|org|info|biz|top|xyz|site|online|shop|store|club|live|ru|cn|io|co|us|uk|de|in|me|tk|ml|ga|cf|gq|link|click|vip|pro|ly|gl|gg|cc|ws|bet|casino|win|fun|space|website|app|example)(?:\/[^\s<>"')\]]*)?\b|\b[a-z0-9][a-z0-9-]{0,62}\.[a-z]{2,6}\/[a-z0-9_@?=&%./-]*[a-z0-9_]/gi;
// "Booking.com showed me…", "Chess.com has eaten my evenings": a capitalised name.tld with no path
// is a company's name in a sentence, not a link. Spam capitalises inside the name (BestLoans.com).
const brandName = /^[A-Z][a-z0-9]+\.(?:com|net|org|co\.uk|io)$/;
// "[^\][]": a run of "[url=" without a closing bracket is read once, not once per tag.
const bbcodePattern = /\[url(?:=[^\][]*)?\]/gi;
// Bounded: "[^>]*" read "<a title=x " fifty thousand times over in seventeen seconds.
const anchorPattern = /<a\s[^<>]{0,400}?href\s*=/gi;

export type LinkCount = { urls: number; bare: number; bbcode: number; anchors: number; total: number; domains: string[] };

export function hostOf(url: string): string | null {
  const withScheme = /^https?:\/\//i.test(url) ? url : `http://${url}`;
  try {
    return new URL(withScheme).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

// A dot bracketed or written in Chinese to dodge link filters: "site[.]com", "site(dot)com", "www点site点com".
// Only between letters or digits, so prose keeps its brackets and full stops.
const bracketedDot = /(?<=[a-z0-9])\s{0,3}(?:\[\s*(?:\.|dot)\s*\]|\(\s*(?:\.|dot)\s*\)|\{\s*(?:\.|dot)\s*\}|点)\s{0,3}(?=[a-z0-9])/gi;
// "www dot site dot com", and "www . site . com".
const spelledWww = /\bwww\s{0,3}(?:\.|dot)\s{0,3}([a-z0-9][a-z0-9-]{0,62})\s{0,3}(?:\.|dot)\s{0,3}([a-z]{2,6})\b/gi;
// "cheap-pills dot com": " dot " is a dot only in a name that is plainly an address (a hyphen or a
// digit in it), before a TLD that is not an English word, and with no word after it. "A small dot in
// the centre", "invested in dot com stocks" and "the late-90s dot com bubble" stay prose.
const spelledDot =
  /\b([a-z0-9][a-z0-9-]{0,62})\s{1,3}dot\s{1,3}(com|net|org|info|biz|xyz|top|site|online|shop|store|ru|cn|io|cc|vip|bet|tk)\b(?![ \t]*[a-z])/gi;

// "dupefashionhub . shop": a full stop with a space on each side, before a TLD and with no word after it.
// Prose puts a space after a full stop, not before it, and does not end a sentence on "com" or "shop".
const spacedDot =
  /\b([a-z0-9][a-z0-9-]{2,62})[ \t]{1,3}\.[ \t]{1,3}(com|net|org|info|biz|xyz|top|site|online|shop|store|ru|cn|io|cc|vip|bet|tk)\b(?![ \t]*[a-z])/gi;

/** The text with spelled-out and bracketed dots closed up, so "site dot com" is counted as the link it is. */
export function closeSpelledDots(text: string): string {
  return text
    .replace(bracketedDot, '.')
    .replace(spacedDot, '$1.$2')
    .replace(spelledWww, 'www.$1.$2')
    .replace(spelledDot, (match, name: string, tld: string) => (/[-0-9]/.test(name) ? `${name}.${tld}` : match));
}

// YouTube turns a time code a commenter types ("2:19 best part") into a link to that moment of the
// same video, and its exports keep the anchor. The commenter wrote a time, not a link. The bounded
// anchor keeps the pattern linear on text with many unclosed "<a".
const anchorAroundTimeCode = /<a\s([^<>]{0,400})>\s{0,3}(\d{1,2}(?::\d{2}){1,2})\s{0,3}<\/a>/gi;
const videoMomentHref = /href\s*=\s*["']?(?:https?:\/\/)?(?:www\.|m\.)?(?:youtube\.com\/watch\?|youtu\.be\/)[^"'\s>]*[?&](?:amp;)?t=\d/i;

/** The text with YouTube's time-code links put back as the times the commenter typed. */
export function withTimeCodesUnlinked(text: string): string {
  return text.replace(anchorAroundTimeCode, (anchor, attributes: string, time: string) =>
    videoMomentHref.test(attributes) ? time : anchor,
  );
}

export function countLinks(written: string): LinkCount {
  const text = closeSpelledDots(withTimeCodesUnlinked(written));
  const urls = text.match(urlPattern) ?? [];
  const withoutUrls = text.replace(urlPattern, ' ');
  const bare = (withoutUrls.match(bareDomainPattern) ?? []).filter((match) => !brandName.test(match));
  const bbcode = (text.match(bbcodePattern) ?? []).length;
  const anchors = (text.match(anchorPattern) ?? []).length;
  const domains = [...urls, ...bare].map(hostOf).filter((d): d is string => d !== null);
  // An anchor or BBCode tag usually wraps a URL that was already counted; count whichever is larger.
  const total = Math.max(urls.length + bare.length, bbcode + anchors);
  return { urls: urls.length + bare.length, bare: bare.length, bbcode, anchors, total, domains: [...new Set(domains)] };
}
