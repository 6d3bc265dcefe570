// What the queue and the audit log share when they read a filter from an address: a value that
// cannot be used is left out and said so, in the same words on both pages.

/** A value that could not be used: what was given, why not, and what is shown in its place. */
export type Unusable = { given: string; problem: string; instead?: string };

/** For a page that shows its list without the value. */
export function ignoredSentence(u: Unusable): string {
  return `Ignored ${u.given}: ${u.problem}${u.instead ? `, so this shows ${u.instead}` : ''}.`;
}

/** For a refusal, where nothing was shown or done in its place. */
export function unreadSentence(u: Unusable): string {
  return `${u.given}: ${u.problem}.`;
}

/** A value as the moderator typed it, short enough to quote in a sentence. */
export function quote(value: string): string {
  // By code points, so an emoji at the cut is not split into a "�".
  const characters = Array.from(value);
  return characters.length > 40 ? `${characters.slice(0, 40).join('')}…` : value;
}

// A positive whole number; 15 digits keeps it exact as a JavaScript number and as an SQLite integer.
export const wholeNumber = /^[1-9]\d{0,14}$/;

/**
 * Reads one value of a filter. A blank value is the filter form's "any", not a mistake; a key given
 * twice arrives as an array, and which one was meant cannot be known.
 */
export function valueReader<K extends string>(source: Record<string, unknown>, unusable: Unusable[]) {
  return (key: K, instead?: string): string | undefined => {
    const raw = source[key];
    if (raw === undefined || raw === '') return undefined;
    if (typeof raw === 'string') return raw;
    unusable.push({ given: key, problem: 'given more than once', instead });
    return undefined;
  };
}

/** How many pages a list of `total` rows has at `pageSize` a page; an empty list still has its first page. */
export function pageCountOf(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** The page asked for; any size is accepted, since a page past the end is sent to the last page, not refused. */
export function readPage(given: string | undefined, unusable: Unusable[]): number {
  if (given === undefined) return 1;
  if (wholeNumber.test(given)) return Number(given);
  unusable.push({ given: `page=${quote(given)}`, problem: 'not a page number', instead: 'page 1' });
  return 1;
}

/** Query-string keys a page does not know: most likely a typo ("stauts=spam") the moderator should hear about. */
export function strayKeys(query: Record<string, unknown>, known: ReadonlySet<string>, page: string): Unusable[] {
  return Object.keys(query)
    .filter((key) => !known.has(key))
    .map((key) => ({ given: quote(key), problem: `not a filter of ${page}` }));
}

/**
 * Where a page past the end sends the moderator: the last page, with the rest of the address kept
 * (ignored values too, so the page still names them). Redirected rather than told: past the end is
 * where acting on the last rows of the last page leaves a moderator, and they want the rows still
 * there, not a dead end and one more click.
 */
export function lastPageAddress(originalUrl: string, path: string, pages: number): string {
  const params = new URLSearchParams(originalUrl.split('?')[1] ?? '');
  if (pages > 1) params.set('page', String(pages));
  else params.delete('page');
  const rest = params.toString();
  return `${path}${rest ? `?${rest}` : ''}`;
}
