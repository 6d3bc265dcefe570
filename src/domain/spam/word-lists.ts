/**
 * Moderator word lists, matched on word boundaries: "press" does not match "WordPress",
 * "cialis" does not match "specialist". Entries may be phrases ("casino bonus") or
 * fragments of addresses ("spam-domain.example", "203.0.113.").
 */
export type WordLists = { hold: readonly string[]; block: readonly string[] };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function findListedWords(words: readonly string[], fields: readonly string[]): string[] {
  const found: string[] = [];
  for (const word of words) {
    const trimmed = word.trim();
    if (!trimmed) continue;
    // A boundary is needed only where the entry itself starts or ends with a letter or digit.
    const before = /^[\p{L}\p{N}_]/u.test(trimmed) ? '(?<![\\p{L}\\p{N}_])' : '';
    const after = /[\p{L}\p{N}_]$/u.test(trimmed) ? '(?![\\p{L}\\p{N}_])' : '';
    const pattern = new RegExp(`${before}${escapeRegExp(trimmed)}${after}`, 'iu');
    if (fields.some((field) => pattern.test(field))) found.push(trimmed);
  }
  return found;
}
