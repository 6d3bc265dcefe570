import { emailAddress, givesAContact, hasPhoneNumber } from './contact.js';
import { countLinks, withTimeCodesUnlinked } from './links.js';
import { promotionTokens } from './patterns.js';
import { commercialWordsIn, nameSells, reservedTlds, websiteTokens } from './websites.js';

/**
 * Names what tokenize() makes of a comment and which tokens learn as words (isWordToken). Raise it
 * with any change to either: a stored model whose version differs is retrained on the next start
 * (services/spam-filter.ts), and a test fails until it is raised after a change to the tokens
 * (test/domain/spam/feature-version.test.ts). 6: the words "links", "lender", "promo" learn as words.
 * 7: "come subscribe", "my first subscriber" and Spanish, Portuguese, German and French "subscribe"
 * are calls to action. 8: addresses with spelled-out or bracketed dots ("site dot com",
 * "site[.]com", "www . site . com") are links. 9: fewer of them (prose like "a dot in the centre"
 * is not), Spanish "subscribirse" and "suscríbete" are calls to action, German "abonniert" is not.
 * 10: an author name that is a sales phrase, telling readers to search for a product, boasting of
 * gains; commercial words only within a run of letters and not in the owner's name
 * ("olivia-grant.com"); a capitalised "Booking.com" is a company's name, not a link.
 * 11: "watch my" and "listen to our" are calls to action only before a video, channel, song and
 * the like ("watch my daughter's plane land" is not).
 * 12: a full stop spaced out before a TLD ("dupefashionhub . shop", "gmail . com") closes up into an address.
 * 13: asking for likes in other words ("drop a like", "like this if", "without liking this"); "like"
 * mid-sentence ("I'd like for the council to…") is not a request, nor is "Subscribe?" a call to subscribe.
 * 14: a YouTube time-code link ("<a href=…watch?v=…&t=2m19s>2:19</a>") is the time the commenter typed, not a link.
 * 15: a bare address under a second-level domain is read whole ("bbfc.co.uk", not "bbfc.co" with TLD "co").
 * 16: a comment of 40 words or more that gives no way to reach anyone is `shape:unreachable` (contact.ts).
 * 17: a phone number typed in groups ("07700 900881") is `shape:phone`, not only one written as one word.
 */
export const featureVersion = 17;

/** What the classifier reads of a comment. */
export type ClassifierInput = { body: string; authorName: string; authorUrl: string };

const entityMap: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n) % 0x110000))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16) % 0x110000))
    .replace(/&([a-z]+);/gi, (m, name: string) => entityMap[name.toLowerCase()] ?? m);
}

const wordPattern = /[\p{L}\p{N}][\p{L}\p{N}'’$£€%.-]*[\p{L}\p{N}$%]|[\p{L}\p{N}]/gu;

function words(text: string): string[] {
  return (text.toLowerCase().match(wordPattern) ?? []).map((w) => w.replace(/’/g, "'"));
}

// Six or more single characters in a row, spaced out ("v i s i t  m y  s i t e").
const spacedRun = /(?<!\S)(?:\S[ \t]+){5,}\S(?!\S)/gu;

/**
 * Closes up letters spaced out to dodge filters, so the words and the address they spell are read
 * as words and an address: one space joins letters, a wider gap separates words.
 */
export function collapseSpacedLetters(text: string): string {
  return text.replace(spacedRun, (run) =>
    run
      .replace(/[ \t]{2,}/g, '\u0000')
      .replace(/[ \t]/g, '')
      .replace(/\u0000/g, ' '),
  );
}

// Tokens that already say the comment points somewhere or promotes something.
const payloadTokens: readonly string[] = [
  'promo:own-stuff',
  'promo:call-to-action',
  'promo:like-bait',
  'promo:free-stuff',
  'promo:look-it-up',
  'shape:spelled-out-address',
  'shape:email',
  'shape:phone',
];

// The commonest English words: a comment of some length with almost none of them is not in English.
const englishFunctionWords = new Set(
  'the a an and or but of to in on at for with is are was were be been it its this that i you he she we they my your our not no have has had do does did what so if as by from just all can will would me us them there about'.split(
    ' ',
  ),
);

/**
 * Turns a comment into the set of tokens the classifier counts: words (3 to 20 letters),
 * adjacent word pairs, the domains of links, words of the author's name and website, and a
 * few shape tokens (how many links, how long, how shouty). A set, not a bag: one comment
 * repeating "casino" ten times is still one vote, which keeps long comments from swamping
 * the score.
 */
export function tokenize(input: ClassifierInput): Set<string> {
  const tokens = new Set<string>();
  const written = withTimeCodesUnlinked(decodeEntities(input.body.replace(/<br\s*\/?>/gi, '\n')));
  const body = collapseSpacedLetters(written);
  const links = countLinks(body);
  for (const domain of links.domains) {
    tokens.add(`url:${domain}`);
    const parts = domain.split('.');
    const tld = parts.at(-1) ?? '';
    if (!reservedTlds.includes(tld)) tokens.add(`tld:${tld}`);
    for (const part of parts.slice(0, -1)) for (const w of part.split('-')) if (w.length > 2) tokens.add(`urlword:${w}`);
    for (const word of commercialWordsIn(domain)) tokens.add(`urlsells:${word}`);
  }
  tokens.add(`links:${Math.min(links.total, 3)}`);
  // Cumulative as well, so "three links" also carries everything learned about "two or more".
  if (links.total >= 2) tokens.add('links:2+');
  if (links.total >= 3) tokens.add('links:3+');
  if (links.bare > 0) tokens.add('shape:bare-domain');
  if (links.bbcode > 0) tokens.add('bbcode:url');
  if (links.anchors > 0) tokens.add('html:anchor');

  const text = body.replace(/\bhttps?:\/\/\S+/gi, ' ');
  const list = words(text);
  let previous: string | null = null;
  for (const word of list) {
    if (word.length >= 3 && word.length <= 20) tokens.add(word);
    // A word's first five letters catch inflections and misspellings: subscribe, subscribers, subscribirse.
    if (word.length >= 6 && /^\p{L}+$/u.test(word)) tokens.add(`stem:${word.slice(0, 5)}`);
    else if (word.length > 20) tokens.add(`long:${word.slice(0, 3)}`);
    if (/\d/.test(word) && /[\p{L}]/u.test(word)) tokens.add('shape:mixed-alnum');
    if (/^\+?\d[\d-]{7,}$/.test(word)) tokens.add('shape:phone');
    if (/[$£€]\d|\d[$£€]/.test(word)) tokens.add('shape:money');
    if (previous) tokens.add(`${previous} ${word}`);
    previous = word;
  }
  const length = list.length;
  // A link with next to nothing around it is a drop, whatever the domain; an honest link comes with a sentence.
  if (links.total > 0 && length <= 3) tokens.add('shape:link-only');
  else if (links.total > 0 && length < 12) tokens.add('shape:link-short');
  for (const token of promotionTokens(written.toLowerCase())) tokens.add(token);
  if (body !== written) for (const token of promotionTokens(body.toLowerCase())) tokens.add(token);
  tokens.add(`len:${length < 5 ? 'tiny' : length < 15 ? 'short' : length < 60 ? 'medium' : 'long'}`);
  const letters = text.replace(/[^\p{L}]/gu, '');
  const upper = letters.replace(/[^\p{Lu}]/gu, '');
  if (letters.length >= 20 && upper.length / letters.length > 0.5) tokens.add('shape:shouting');
  // A comment mostly in another script, on an English-language site.
  const latin = letters.replace(/[^\p{Script=Latin}]/gu, '');
  if (letters.length >= 8 && latin.length / letters.length < 0.5) tokens.add('shape:other-script');
  else if (length >= 8 && list.filter((w) => englishFunctionWords.has(w)).length / length < 0.1) tokens.add('shape:no-function-words');
  // As people type them, in groups: "07700 900881", "+44 7700 900418", "(555) 014-7000".
  if (hasPhoneNumber(text)) tokens.add('shape:phone');
  if (/(.)\1{4,}/u.test(text)) tokens.add('shape:repeat-char');
  if (emailAddress.test(text)) tokens.add('shape:email');
  // Where scams move the conversation; spam in other languages names the same apps in its own script.
  if (/\b(?:whats\s?app|watsapp|telegram|wa\.me|t\.me|wechat|weixin|viber)\b|微信|телеграм|вотсап|ватсап|вайбер/i.test(body)) {
    tokens.add('shape:messenger');
  }

  // A long comment that hands over nothing: no link, address, number, name to look up, and no
  // promotion, whose payload is the poster's profile. Testimonials need one; readers' stories don't.
  const handsSomethingOver = payloadTokens.some((t) => tokens.has(t)) || givesAContact(body, links.total, input.authorUrl);
  if (length >= 40 && !handsSomethingOver) tokens.add('shape:unreachable');

  for (const word of words(input.authorName)) tokens.add(`name:${word}`);
  const nameWords = words(input.authorName).length;
  tokens.add(`namelen:${Math.min(nameWords, 4)}`);
  if (countLinks(input.authorName).total > 0) tokens.add('name:has-url');
  if (nameSells(input.authorName)) tokens.add('name:sells');

  if (input.authorUrl) for (const token of websiteTokens(input.authorUrl, input.authorName, length)) tokens.add(token);
  return tokens;
}

// What each shape token with a fixed name means, in the words a moderator reads in the reasons.
// A Map, not an object: a comment's word "constructor" is not a shape.
const shapeDescriptions = new Map(
  Object.entries({
    'name:has-url': 'name contains a link',
    'name:sells': "name is a sales phrase, not a person's",
    'site:given': 'a website was given',
    'shape:bare-domain': 'a web address typed without http',
    'shape:email': 'an email address in the text',
    'shape:link-only': 'a link with next to nothing around it',
    'shape:link-short': 'a link with only a few words',
    'shape:messenger': 'a WhatsApp, Telegram or similar contact',
    'shape:mixed-alnum': 'words mixing letters and digits',
    'shape:money': 'a money amount',
    'shape:other-script': 'written mostly in a non-Latin script',
    'shape:no-function-words': "hardly any of English's little words: a keyword list or another language",
    'shape:phone': 'a phone number',
    'shape:repeat-char': 'a character repeated five times or more',
    'shape:shouting': 'mostly capital letters',
    'shape:unreachable': 'a long comment with no link, address, number or handle to contact',
    'site:given-short': 'a website given with a one-line comment',
    'site:landing-page': 'a website that points at a sales page, not a home page',
    'site:own-name': "a website carrying the author's own name",
    'site:query': 'a website with a tracking or referral query',
    'site:sells': 'a website whose address names something for sale',
  }),
);

export function describeShapeToken(token: string): string | undefined {
  return shapeDescriptions.get(token);
}

// Families of shape tokens: the counts, lengths and patterns (`links:2+`, `len:short`, `promo:…`).
// The colon matters: the words "links", "lender" and "promo" are words.
const shapeFamily = /^(?:promo|shape|links|len|namelen|tld|html|bbcode):/;

/**
 * Whether a token is a word of the comment (a word, pair, stem, domain or name) rather than a
 * shape (how many links, how long, a promotion pattern). The model learns words more slowly:
 * spammers reword every run, so a word's weight says less about the next run than a shape's.
 */
export function isWordToken(token: string): boolean {
  return !shapeFamily.test(token) && !shapeDescriptions.has(token);
}
