import { hostOf } from './links.js';

/**
 * Words that name what a link-building site sells. Spam websites run them together
 * ("cheapflightstobali", "roofrepairhouston-tx"), so they are found inside a host, not only
 * between its hyphens. Four letters or more (plus a few unambiguous shorter ones) so that a
 * person's own site is not read as commerce: "sex" hides in "essex", "law" in "lawrence",
 * "hot" in "photo".
 */
const commercialWords = [
  // gambling
  'casino',
  'slots',
  'slot',
  'poker',
  'betting',
  'sportsbet',
  'jackpot',
  'spins',
  'bonus',
  'gacor',
  'togel',
  'judi',
  'lottery',
  'bocai',
  // money
  'loan',
  'payday',
  'cash',
  'credit',
  'debt',
  'mortgage',
  'insurance',
  'quotes',
  'forex',
  'crypto',
  'bitcoin',
  'trading',
  'signals',
  'invest',
  'bullion',
  // health and looks
  'pill',
  'pharma',
  'viagra',
  'cialis',
  'tadalafil',
  'sildenafil',
  'keto',
  'diet',
  'weightloss',
  'slim',
  'cbd',
  'vape',
  'kratom',
  'supplement',
  'botox',
  'aesthetic',
  'clinic',
  'dental',
  'dentist',
  'implant',
  'hairgrowth',
  'rehab',
  // homework for hire
  'essay',
  'homework',
  'assignment',
  'thesis',
  'dissertation',
  // selling reach
  'seo',
  'backlink',
  'marketing',
  'agency',
  'traffic',
  'followers',
  'likes',
  'views',
  'subscribers',
  'ranking',
  // shops and affiliate sites
  'replica',
  'cheap',
  'discount',
  'deals',
  'coupon',
  'promo',
  'buy',
  'shop',
  'store',
  'outlet',
  'wholesale',
  'sale',
  'best',
  'review',
  'official',
  'vpn',
  'software',
  'keys',
  // dating
  'dating',
  'singles',
  'brides',
  'escort',
  'hookup',
  'webcam',
  'porn',
  'adult',
  // local services sold by lead generators
  'plumb',
  'roof',
  'repair',
  'removal',
  'cleaning',
  'pest',
  'hvac',
  'locksmith',
  'remodel',
  'contractor',
  'movers',
  'towing',
  'electrician',
  'driveway',
  'paving',
  'scaffold',
  'gutter',
  'landscaping',
  'injury',
  'claims',
  'lawyer',
  'attorney',
  'solicitor',
  'flights',
  'tours',
  'hotel',
  'nearme',
];

// Reserved TLDs (RFC 2606) appear only in made-up examples; learning them would learn the data set, not spam.
export const reservedTlds = ['example', 'test', 'invalid', 'localhost'];

// Ordinary words that contain a commercial one (the Scunthorpe problem): taken out before matching,
// so a bishop's, a workshop's or a Muslim newspaper's site is not read as a shop or a diet pill.
const innocentWords =
  /bishop|workshop|muslim|budapest|pillow|caterpillar|salem|rosales|sloane|investigat|dietrich|cashmere|promotion|buyer|views?point|overview|interview|review(?:ed|er)/g;

/**
 * The commercial words inside a host or path, each once. Only within a run of letters: a word
 * that straddles a dot or a hyphen is an accident ("olivia-grant.com" sells no viagra). The
 * owner's name is masked first, for the same reason ("oliviagrant.com").
 */
export function commercialWordsIn(text: string, ownerNames: string[] = []): string[] {
  const runs = text
    .toLowerCase()
    .split(/[^a-z]+/)
    .map((run) => ownerNames.reduce((rest, name) => rest.replaceAll(name, ' '), run.replace(innocentWords, ' ')));
  return commercialWords.filter((word) => runs.some((run) => run.includes(word)));
}

// Words no one is named after but keyword author names are made of: "Casino Online Terpercaya",
// "Emergency Plumber Near Me", "Discount Pharmacy Tips".
const keywordNameWords = ['online', 'free', 'near', 'services', 'service', 'tips', 'pharmacy', 'stream'];
// Commercial words that are also people's names: George Best, Johnny Cash, Alicia Keys, Slim.
const surnames = ['best', 'cash', 'keys', 'sale', 'slim', 'bonus'];

/**
 * Whether an author's name is a sales phrase ("Best Cheap Car Insurance UK", "cheap tramadol
 * online", "Roofers Bristol") rather than a person's name. Word by word, a commercial word
 * with at most a plural or trade ending ("loans", "roofers", "plumbing"), never inside a
 * longer word, so "Bestwick", "Cashmore" and "Storey" are names.
 */
export function nameSells(name: string): boolean {
  const nameWords = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .split(/[^a-z]+/);
  return nameWords.some(
    (word) =>
      keywordNameWords.includes(word) ||
      (!surnames.includes(word) && commercialWords.some((c) => word.startsWith(c) && /^(?:|s|es|er|ers|ing)$/.test(word.slice(c.length)))),
  );
}

/**
 * The tokens the website field gives the classifier: that one was given, its host and the words
 * of the host, its TLD, the commercial words in it, whether it carries the author's own name
 * (a personal site), and whether it points at a sales page or carries a tracking query rather than
 * a home page or a profile.
 */
export function websiteTokens(url: string, authorName: string, bodyWords: number): string[] {
  const tokens = ['site:given'];
  // A website with a line of praise and nothing else is the classic blog-comment link drop.
  if (bodyWords < 15) tokens.push('site:given-short');
  const host = hostOf(url);
  if (!host) return tokens;
  tokens.push(`site:${host}`);
  const labels = host.split('.');
  const tld = labels.at(-1) ?? '';
  if (!reservedTlds.includes(tld)) tokens.push(`sitetld:${tld}`);
  for (const part of labels.slice(0, -1)) for (const w of part.split('-')) if (w.length > 2) tokens.push(`siteword:${w}`);
  const path = url.replace(/^(?:https?:\/\/)?[^/?#]*/i, '');
  const hostLetters = host.replace(/[^a-z]/g, '');
  // A keyword name ("Kitchen Remodeling Denver") matches its keyword domain too; only a person's name counts.
  const nameParts = nameSells(authorName)
    ? []
    : authorName
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[^a-z\s]/g, '')
        .split(/\s+/)
        .filter((w) => w.length >= 3);
  const pathSells = commercialWordsIn(path, nameParts);
  const sells = new Set([...commercialWordsIn(host, nameParts), ...pathSells]);
  for (const word of sells) tokens.push(`sitesells:${word}`);
  if (sells.size > 0) tokens.push('site:sells');
  if (nameParts.some((w) => hostLetters.includes(w) || path.toLowerCase().includes(w))) tokens.push('site:own-name');
  if (/[?]./.test(path)) tokens.push('site:query');
  // A profile or a blog post has a path too; a path that names what is sold is a sales page.
  if (pathSells.length > 0) tokens.push('site:landing-page');
  return tokens;
}
