// An e-mail address, or its shape. "[^\s@]": a run of "@@@…" is read once, not once per "@" (64 KB of them took two seconds).
export const emailAddress = /@[^\s@]+\.\S/;

// A phone number as people type it: "+44 7700 900418", "(555) 014-7000", "1-888-555-0147".
const phoneNumber = /(?<![\d.,])\+?\(?\d{1,4}\)?(?:[ .-]?\(?\d{2,5}\)?){2,5}(?!\d)/g;
const apps = String.raw`(?:whats\s?app|telegram|instagram|insta|ig|snap(?:chat)?|tiktok|signal|wechat|facebook|fb|kik|discord|fiverr|linkedin|twitter|youtube|google|etsy|amazon|kindle)`;

// The ways a comment hands over a contact without a link, case-blind unless they say otherwise. Every
// repeat is bounded or ends the pattern, so each reads in linear time.
const contactShapes: readonly RegExp[] = [
  emailAddress,
  // an address spelled out: "x at mail dot com", "site dot net", "x (@) mail"
  /\bat\s+[a-z0-9-]{2,63}\s+dot\s+[a-z]{2,}\b|\b[a-z0-9-]{2,63}\s+dot\s+(?:com|net|org|live|co|uk|io|me|info|shop|xyz)\b|[[({]\s?(?:@|at)\s?[\])}]|\b(?:add|with)\s+an?\s+(?:dot|full\s+stop|period)\b/i,
  // a handle or number on an app: "Telegram @name", "WhatsApp +44…", "snap: name", "on Fiverr as "name""
  new RegExp(String.raw`\b${apps}\b[^.!?\n]{0,30}?(?:@[\w.]{3,}|\+?\d[\d ()-]{6,20}\d|:\s*[\w.]{3,}|\bas\s+["“'][^"”'\n]{2,40}["”'])`, 'i'),
  // a name to look up: "search "Rachel Bakes"", "type clearsight uk into Google", "look for X on WhatsApp", "just search the name"
  new RegExp(
    String.raw`\b(?:search|google|type|look\s+(?:for|up)|find|found|contact(?:ed)?|message[ds]?|reach(?:ed)?|join(?:ed)?)\b[^.!?\n]{0,60}?\b(?:on|into|in)\s+${apps}\b|\b(?:search|google)\s+(?:for\s+)?["“'‘@]|\b(?:just|simply)\s+(?:search|google)\b|\bsearch\s+(?:it|the\s+name|her|him|them)\b|\b(?:page|profile|account|group|channel)\s+on\s+${apps}\b`,
    'i',
  ),
  // an invitation to talk in private: "DM me", "drop me a message", "reply and I'll send it", "ask me how"
  /\b(?:dm|pm|message|text|e-?mail|contact|inbox|ping)\s+(?:me|him|her|them|us)\b|\bdrop\s+me\s+a\s+(?:message|line|dm|note|text)\b|\bask\s+me\s+how\b|\bi'?ll\s+(?:send|dm|message|pm|inbox)\s+(?:you|it)\b/i,
  // a word to send back, in capitals (so not case-blind): "comment INFO", "type PROPERTY below"
  /\b(?:[Cc]omment|[Tt]ype|[Rr]eply|[Ww]rite)\s+["“']?[A-Z]{3,}\b/,
  // a code to quote when signing up, in capitals: "use code DAN10", "invite code SCARLETT500"
  /\b(?:[Cc]ode|CODE|[Cc]oupon|[Pp]romo)\s?:?\s?["“']?[A-Z][A-Z0-9]{3,}\b/,
  // an address typed bare, whatever its ending: "quantumai-profits.trade"
  /\b[a-z0-9][a-z0-9-]{2,62}\.[a-z]{2,12}\b(?!\.\w)/i,
  // a link kept on the profile: "link in bio", "check the link on my profile", "tap my name"
  /\b(?:bio|profile)\s+link\b|\blink\s+(?:is\s+)?(?:on|in)\s+(?:(?:my|the|his|her|their)\s+)?(?:bio|profile|name)\b|\bcheck\s+(?:out\s+)?my\s+(?:profile|page|bio)\b|\b(?:tap|click)\s+(?:on\s+)?my\s+(?:name|profile|picture)\b/i,
  // a number spelled out: "plus four four seven seven…"
  /\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)(?:[\s,-]{1,3}(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b){6}/i,
];

/**
 * Whether a comment gives a way to reach someone: a link, an address, a number, a handle on an
 * app, a name to look up, a website, an offer to talk in private. A testimonial exists to hand
 * one over; a reader's story about the same loan, cure or scam gives none.
 */
export function givesAContact(body: string, links: number, website: string): boolean {
  if (links > 0 || website.trim() !== '') return true;
  if (contactShapes.some((shape) => shape.test(body))) return true;
  return hasPhoneNumber(body);
}

// "2.124.821.694 views", "1 000 000": a count in thousands, not a number to ring.
const thousands = /^\d{1,3}([., ])\d{3}(?:\1\d{3})*$/;

/** A phone number of nine digits or more, however it is spaced. */
export function hasPhoneNumber(text: string): boolean {
  for (const [number] of text.matchAll(phoneNumber)) {
    if ((number.match(/\d/g)?.length ?? 0) >= 9 && !thousands.test(number)) return true;
  }
  return false;
}
