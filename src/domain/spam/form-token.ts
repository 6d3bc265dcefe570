import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The comment form carries a token signed by the server: the article and the moment the
 * form was served. A bot that posts without loading the form, replays a form from another
 * article, or fills it faster than a person can type gives itself away.
 *
 * It is minted per response (the form is not part of any cached HTML shared between
 * readers), so the "served at" time is the time this reader got the form.
 */
export type FormTokenStatus = 'valid' | 'missing' | 'forged' | 'other-article' | 'expired' | 'too-fast';
export type FormTokenCheck = { status: FormTokenStatus; ageSeconds: number | null };
export type FormTokenSettings = { minFillSeconds: number; maxAgeSeconds: number };

function sign(key: string, articleId: number, issuedAt: number): string {
  return createHmac('sha256', key).update(`form:${articleId}:${issuedAt}`).digest('base64url').slice(0, 32);
}

export function issueFormToken(key: string, articleId: number, now: Date): string {
  const issuedAt = now.getTime();
  return `${articleId}.${issuedAt}.${sign(key, articleId, issuedAt)}`;
}

export function checkFormToken(
  key: string,
  token: string | undefined,
  articleId: number,
  now: Date,
  settings: FormTokenSettings,
): FormTokenCheck {
  if (!token) return { status: 'missing', ageSeconds: null };
  const match = token.match(/^(\d{1,12})\.(\d{1,15})\.([\w-]{32})$/);
  if (!match) return { status: 'forged', ageSeconds: null };
  const tokenArticle = Number(match[1]);
  const issuedAt = Number(match[2]);
  const expected = Buffer.from(sign(key, tokenArticle, issuedAt));
  const given = Buffer.from(match[3] as string);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { status: 'forged', ageSeconds: null };
  const ageSeconds = (now.getTime() - issuedAt) / 1000;
  if (tokenArticle !== articleId) return { status: 'other-article', ageSeconds };
  if (ageSeconds > settings.maxAgeSeconds) return { status: 'expired', ageSeconds };
  if (ageSeconds < settings.minFillSeconds) return { status: 'too-fast', ageSeconds };
  return { status: 'valid', ageSeconds };
}

/**
 * The reader's form token can arrive twice: as the per-response cookie (exact "served at" time)
 * and in the page's hidden field (minted when the cached page was rendered). An authentic
 * cookie for this article decides; otherwise the hidden field does.
 */
export function checkFormTokens(
  key: string,
  tokens: { cookie: string | undefined; field: string | undefined },
  articleId: number,
  now: Date,
  settings: FormTokenSettings,
): FormTokenCheck {
  const fromCookie = checkFormToken(key, tokens.cookie, articleId, now, settings);
  if (fromCookie.status === 'valid' || fromCookie.status === 'too-fast' || fromCookie.status === 'expired') return fromCookie;
  return checkFormToken(key, tokens.field, articleId, now, settings);
}
