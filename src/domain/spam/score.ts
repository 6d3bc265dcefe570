import type { FormTokenCheck } from './form-token.js';
import { countLinks } from './links.js';
import { type Contribution, type Model, predict } from './model.js';
import { describePromotionToken } from './patterns.js';
import { describeShapeToken, tokenize } from './tokens.js';
import { findListedWords, type WordLists } from './word-lists.js';

export type ScoredComment = { body: string; authorName: string; authorEmail: string; authorUrl: string; ip: string };

/** What the service found out about a comment before scoring it. */
export type SpamSignals = {
  honeypotFilled: boolean;
  formToken: FormTokenCheck;
  history: { spamByEmail: number; spamByIp: number; spamByUrl: number; approvedByNameAndEmail: number };
  earlierSpamWithSameBody: number;
  wordLists: WordLists;
};

export type SpamSettings = {
  model: Model;
  /** Score at or above which a comment is held for a moderator. */
  holdThreshold: number;
  /** Score at or above which a comment is spam. */
  spamThreshold: number;
  /** Number of links at which a comment is held whatever its score (WordPress's default is 2). */
  holdAtLinks: number;
  minFillSeconds: number;
  checks: {
    honeypot: boolean;
    formToken: boolean;
    links: boolean;
    wordLists: boolean;
    history: boolean;
    duplicates: boolean;
    classifier: boolean;
  };
};

export type Verdict = 'approve' | 'hold' | 'spam';
/** One check's say: its name, how far it moved the score (in log-odds), and a sentence for people. */
export type Reason = { check: string; contribution: number; message: string };
export type SpamScore = { score: number; verdict: Verdict; reasons: Reason[] };

const logit = (p: number) => Math.log(p / (1 - p));
const logistic = (z: number) => 1 / (1 + Math.exp(-z));

// Log-odds each rule adds. 4 turns an unsure 0.5 into 0.98: a "strong" signal that a
// confident ham classification (below 0.02) can still outweigh only together with another.
const strong = 4;
const moderate = 2;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// A weight this large moves the odds by about 1.6×: worth naming even when it lost the argument.
const notableWeight = 0.5;

function describeFeature(feature: string): string {
  const described = describePromotionToken(feature) ?? describeShapeToken(feature);
  if (described) return described;
  const [kind, ...rest] = feature.split(':');
  const value = rest.join(':');
  switch (kind) {
    case 'url':
      return `link to ${value}`;
    case 'site':
      return `website ${value}`;
    case 'siteword':
      return `website contains '${value}'`;
    case 'sitesells':
      return `website address names '${value}'`;
    case 'urlsells':
      return `link address names '${value}'`;
    case 'sitetld':
      return `website ends in .${value}`;
    case 'urlword':
      return `link contains '${value}'`;
    case 'name':
      return `name '${value}'`;
    case 'links':
      // links:3 is the top of the count (three or more), like links:2+.
      if (value.endsWith('+') || value === '3') return `${value.replace('+', '')} or more links`;
      return value === '0' ? 'no links' : value === '1' ? 'one link' : `${value} links`;
    case 'stem':
      return `'${value}…'`;
    case 'namelen':
      return value === '0' ? 'no name given' : `a ${value}${value === '4' ? '+' : ''}-word name`;
    case 'len':
      return `${value} comment`;
    default:
      return feature.includes(':') ? feature : `'${feature}'`;
  }
}

/**
 * The classifier's contributions as a person reads them, strongest first. Tokens that read the same
 * (`links:3` and `links:3+` are both "3 or more links") are named once, with their weights together.
 */
function byDescription(contributions: readonly Contribution[]): { text: string; weight: number }[] {
  const weights = new Map<string, number>();
  for (const c of contributions) {
    const text = describeFeature(c.feature);
    weights.set(text, (weights.get(text) ?? 0) + c.weight);
  }
  return [...weights].map(([text, weight]) => ({ text, weight })).sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
}

/**
 * Scores a comment: the classifier's probability, moved by each rule that fires, gives a
 * score from 0 to 1; thresholds turn it into a verdict; a few rules set a minimum verdict
 * whatever the score (a filled honeypot is spam, a blocked word is spam, two links hold), and a
 * long comment that gives no way to reach anyone is held at most on its score alone.
 * Pure: everything it needs is passed in.
 */
export function scoreComment(comment: ScoredComment, signals: SpamSignals, settings: SpamSettings): SpamScore {
  const reasons: Reason[] = [];
  let floor: Verdict = 'approve';
  const raise = (to: Verdict) => {
    if (to === 'spam' || (to === 'hold' && floor === 'approve')) floor = to;
  };
  const { checks } = settings;

  let z = 0;
  let givesNothingToReach = false;
  if (checks.classifier) {
    const tokens = tokenize(comment);
    const prediction = predict(settings.model, tokens);
    const p = Math.min(Math.max(prediction.probability, 0.001), 0.999);
    z = logit(p);
    const spamward = p >= 0.5;
    const described = byDescription(prediction.contributions);
    const leaning = described.filter((c) => (spamward ? c.weight > 0 : c.weight < 0)).slice(0, 4);
    // What pulled the other way, when it pulled hard: a moderator looking at a held "0.30" wants to
    // see the 'casino' that kept it from 0.05, not only the short length that kept it from 0.60.
    const against = described.filter((c) => (spamward ? c.weight < 0 : c.weight > 0) && Math.abs(c.weight) >= notableWeight).slice(0, 2);
    const words = leaning.map((c) => c.text).join(', ');
    const but = against.length
      ? ` (but ${against.map((c) => c.text).join(' and ')} ${against.length === 1 ? 'leans' : 'lean'} ${spamward ? 'honest' : 'spam'})`
      : '';
    reasons.push({
      check: 'classifier',
      contribution: z,
      message: `classifier: ${p.toFixed(2)} spam${words ? ` — ${words}` : ''}${but}`,
    });
    givesNothingToReach = tokens.has('shape:unreachable');
  }
  const add = (check: string, contribution: number, message: string) => {
    z += contribution;
    reasons.push({ check, contribution, message });
  };

  if (checks.honeypot && signals.honeypotFilled) {
    add('honeypot', strong * 2, 'the hidden field that only robots fill in was filled in');
    raise('spam');
  }

  if (checks.formToken) {
    const { status, ageSeconds } = signals.formToken;
    const age = ageSeconds === null ? '' : `${ageSeconds.toFixed(1)} s`;
    if (status === 'missing') add('form-token', strong, 'sent without the form token: not posted from the comment form');
    else if (status === 'forged') add('form-token', strong, 'the form token was forged or damaged');
    else if (status === 'other-article') add('form-token', strong, 'the form token belongs to another article');
    else if (status === 'expired') add('form-token', moderate, `the form was served ${age} ago (tokens last a day)`);
    else if (status === 'too-fast')
      add('form-token', strong, `posted ${age} after the form was shown (minimum ${settings.minFillSeconds} s)`);
    // A person whose form went wrong is never thrown away on this alone: at worst a moderator looks.
    if (status !== 'valid' && status !== 'expired') raise('hold');
  }

  if (checks.links) {
    const links = countLinks(comment.body);
    if (links.bbcode > 0) add('links', strong, `${plural(links.bbcode, 'BBCode [url] tag')}: a forum-spam format nobody uses here`);
    if (links.total >= settings.holdAtLinks) {
      reasons.push({ check: 'links', contribution: 0, message: `${plural(links.total, 'link')} (holds at ${settings.holdAtLinks})` });
      raise('hold');
    }
    if (countLinks(comment.authorName).total > 0) add('links', moderate, 'the name contains a web address');
  }

  if (checks.wordLists) {
    const fields = [comment.body, comment.authorName, comment.authorEmail, comment.authorUrl, comment.ip];
    const blocked = findListedWords(signals.wordLists.block, fields);
    if (blocked.length) {
      add('word-list', strong, `contains blocked ${blocked.length === 1 ? 'word' : 'words'}: ${blocked.map((w) => `'${w}'`).join(', ')}`);
      raise('spam');
    }
    const held = findListedWords(signals.wordLists.hold, fields);
    if (held.length) {
      reasons.push({ check: 'word-list', contribution: 0, message: `contains ${held.map((w) => `'${w}'`).join(', ')} from the hold list` });
      raise('hold');
    }
  }

  if (checks.history) {
    const { spamByEmail, spamByIp, spamByUrl, approvedByNameAndEmail } = signals.history;
    if (spamByEmail > 0) add('history', strong, `this email address sent ${plural(spamByEmail, 'earlier spam comment')}`);
    if (spamByIp > 0) add('history', moderate, `this IP address sent ${plural(spamByIp, 'earlier spam comment')}`);
    if (spamByUrl > 0) add('history', strong, `this website was given with ${plural(spamByUrl, 'earlier spam comment')}`);
    if (spamByEmail + spamByUrl > 0) raise('hold');
    if (approvedByNameAndEmail > 0)
      add('history', -strong, `this name and email have ${plural(approvedByNameAndEmail, 'approved comment')}`);
  }

  if (checks.duplicates && signals.earlierSpamWithSameBody > 0) {
    add('duplicates', strong * 2, `body matches ${plural(signals.earlierSpamWithSameBody, 'earlier spam comment')}`);
    raise('spam');
  }

  const score = logistic(z);
  const byScore: Verdict = score >= settings.spamThreshold ? 'spam' : score >= settings.holdThreshold ? 'hold' : 'approve';
  const rank = { approve: 0, hold: 1, spam: 2 } as const;
  // Spam carries its payload: a link, an address, a number, a name to look up. A long comment with
  // none is a reader's story, however much it sounds like a testimonial, so the score alone only
  // holds it for a moderator; the rules that set a floor (a blocked word, a repeat of spam) still can.
  let capped = byScore;
  if (givesNothingToReach && byScore === 'spam' && rank[floor] < rank.spam) {
    capped = 'hold';
    reasons.push({
      check: 'classifier',
      contribution: 0,
      message: 'a long comment that gives no link, address, number or name to look up: held, not spam',
    });
  }
  const verdict = rank[capped] >= rank[floor] ? capped : floor;
  return { score, verdict, reasons };
}
