/**
 * Shapes of promotion that spammers reword endlessly but cannot avoid: talking up "my channel",
 * asking the reader to visit or subscribe, a web address typed without a link, income claims,
 * praise of "this website" instead of the article. Each is one classifier token, so the model
 * learns its weight from the training data; the words alone vary too much from one spam run to
 * the next for the model to generalise from them (measured in docs/SPAM.md: these raised
 * leave-one-source-out F1 by two to four points).
 */
export type PromotionPattern = { token: string; description: string; pattern: RegExp };

export const promotionPatterns: readonly PromotionPattern[] = [
  {
    token: 'promo:own-stuff',
    description: "talks up the poster's own channel, site or product",
    pattern:
      /\b(?:my|our|mah)\s+(?:new(?:est)?\s+|own\s+|first\s+|latest\s+)?(?:channel|chanel|videos?|vids?|songs?|track|music|page|site|web ?site|blog|shop|store|profile|account|covers?|mixtape|album|app|game|project|business|company|products?|playlist|band|book|podcast|stream)\b/,
  },
  {
    token: 'promo:call-to-action',
    description: 'asks readers to visit, subscribe, follow or get in touch',
    pattern:
      /\b(?:check\s+(?:out|it|me|my|this|us)|visit\s+(?:my|our|us|me|here|now|the\s+(?:site|link|website|page)|www|https?:)|(?:please|pls|plz|and|&|pls\s+do)\s+subscribe|subscribe\s+(?:to\s+(?:my|me|our|us|him|her|this\s+channel)|me|my|us|now|please|pls|plz|if|for|and|!)|^\s*subscribe(?!\s*\?)|come\s+(?:and\s+)?subscribe|be(?:come)?\s+my\s+first\s+subscribers?|\b(?:su[bs]?scr[ií]b(?:ir|a|e|an|en)se|su[bs]?scr[ií]bete|inscreva-se|inscrevam-se|abonniere|abonnez-vous)|sub\s+(?:to|me|my|4)|sub4sub|follow\s+(?:me|us|my|4)|like\s+4\s+like|click\s+(?:here|the\s+link|this\s+link|on\s+my|my|below)|go\s+to\s+(?:my|our|www|https?:)|(?:watch|listen\s+to)\s+(?:my|our)\s+(?:new(?:est)?\s+|first\s+|latest\s+|own\s+)?(?:videos?|vids?|channel|streams?|livestream|songs?|tracks?|music|mixtape|album|covers?|podcast|show|beats?|content)|search\s+(?:for|")|please\s+(?:support|take|look|watch|listen|check|visit|give)|look\s+(?:at|up)\s+my|contact\s+(?:me|us|him|her)|dm\s+me|message\s+me|text\s+me|call\s+(?:me|us|now))\b/,
  },
  {
    token: 'promo:subscribers',
    description: 'about subscribers or subscribing',
    pattern: /\bsu\w{0,3}s?cri(?!ption)\w*|\bsubs?\b|\bsub4sub\b/,
  },
  {
    token: 'promo:like-bait',
    description: 'asks for likes or thumbs up',
    // "Like" only where it starts a request (after a sentence break, an emoji, "pls", "guys"…), not
    // in "I'd like for the council to…" or "it looks like this for renters". The gaps are bounded:
    // an unbounded "\s*" after every line break read 64 KB of blank lines in two and a half seconds.
    pattern:
      /\bthumbs? up\s+(?:this\s+(?:comment|post)\s*)?(?:if|for)\b|\blike this comment\b|\bthumbs? up\b.{0,40}\bif\b|(?:^|[.!?,:;\n(]\s{0,12}|[^\w\s'’]\s{0,12}|\b(?:pls|please|plz|just|and|now|then|guys|everyone|everybody|people)\s+)like\s+(?:(?:this\s+(?:comment\s+|post\s+|reply\s+)?|it\s+)?(?:if|for|4)\b|this\s+so\b)|\b(?:drop|leave|give|smash|hit|tap)\s+(?:(?:it|this|that|me)\s+)?(?:a|the|that|some)\s+(?:like|thumbs? up)\b|\bwithout\s+(?:liking|a\s+like)\b|\blike\s+(?:it|this)\s+now\b/,
  },
  {
    token: 'promo:site-praise',
    description: "praises 'this website' or 'your blog' rather than the article",
    pattern: /\b(?:this|your|ur)\s+(?:web\s?site|blog|weblog|site|template|theme|write-?up|posts?|web\s?page)\b/,
  },
  {
    token: 'promo:free-stuff',
    description: 'offers free money, gift cards or followers',
    pattern:
      /\bfree\s+(?:money|gifts?|gift\s+cards?|cards?|iphones?|followers|subscribers|views|likes|robux|vbucks|psn|xbox|itunes|amazon|paypal|pay\s*pal)\b/,
  },
  {
    token: 'promo:look-it-up',
    description: 'tells readers to search for a named product or person rather than giving a link',
    pattern:
      /\bgoogle\s+(?:it|them|her|him|for)\b|\b(?:just|simply|go|then|and)\s+google\s+\w|\bsearch\s+(?:it|them|her|him|[a-z0-9]+(?:\s+[a-z0-9]+){0,3}\s+(?:on|in)\s+google)|\btype\s+.{1,40}\s+into\s+google|\blook\s+(?:it|them|her|him)\s+up|\b(?:cari(?:\s+saja)?|szukaj(?:cie)?|busca(?:r)?|pesquise)\s+(?:di|w|en|no)\s+google|\bgoogle\s+pe\s+search/,
  },
  {
    token: 'shape:gains-claim',
    description: 'boasts of what an investment or app paid out',
    pattern:
      /\b(?:i'?m|i am|we'?re)\s+(?:now\s+)?up\s+\d[\d,.]*\s?%|\bturned\s+(?:my\s+)?[$£€]?\s?\d[\d,.]*k?\s+(?:\w+\s+)?into\s+[$£€]?\s?\d|\b(?:withdrew|cashed\s+out)\s+(?:over\s+|about\s+|nearly\s+|another\s+)?[$£€]?\s?\d|\bi\s+(?:made|earned|got\s+paid|was\s+paid)\s+(?:over\s+|about\s+|nearly\s+|another\s+)?[$£€]\s?\d|\bmy\s+balance\s+(?:is|was|went|hit)|(?<![\d,.])\d[\d.]*\s?%\s+(?:daily|weekly|monthly|(?:a|per|every)\s+(?:day|week|month))\b/,
  },
  {
    token: 'shape:income-claim',
    description: 'claims earnings per hour, day or month',
    pattern:
      /[$£€]\s?\d[\d,.]*k?\s*(?:\/|an?|per|each|every)\s*(?:hour|hr|day|week|month)\b|(?<![\d,.])\d[\d,.]*\s*(?:dollars|usd)\s*(?:an?|per)\s*(?:hour|day|week|month)\b/,
  },
  {
    token: 'shape:large-sum',
    description: 'names a large sum of money',
    pattern: /[$£€]\s?\d{1,3}(?:,\d{3})+|[$£€]\s?\d{4,}/,
  },
  {
    // A name is at most 63 characters (a DNS label); unbounded, "a-a-a-…" was read once per hyphen.
    token: 'shape:spelled-out-address',
    description: 'a web address written to dodge link filters',
    pattern:
      /\b[a-z0-9-]{2,63}\s+(?:dot|\.)\s+(?:com|net|org|top|ru)\b|\b(?:dot)\s+(?:com|net|org|top)\b|\bwww\s*\.\s+[a-z0-9-]+|\bwww\.[a-z0-9-]+\s+\.|[[({](?:\.|dot|at)[\])}]|[a-z0-9]\s?[・▪●•·]\s?(?:com|net|org|info|top|ru|io|co|me)\b/,
  },
  {
    token: 'shape:spaced-letters',
    description: 'letters spaced out to dodge filters',
    pattern: /(?:\b[a-z0-9]\s+){6,}/,
  },
];

/** The promotion tokens a (lower-cased, entity-decoded) comment body shows. */
export function promotionTokens(lowerBody: string): string[] {
  return promotionPatterns.filter((p) => p.pattern.test(lowerBody)).map((p) => p.token);
}

export function describePromotionToken(token: string): string | undefined {
  return promotionPatterns.find((p) => p.token === token)?.description;
}
