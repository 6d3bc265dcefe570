import type { Request, Response } from 'express';
import { issueFormToken } from '../domain/spam/form-token.js';

/**
 * Two cookies belong to commenters. `bs_own` (signed) lists the ids of the comments this
 * browser posted, so their held comments are shown to them alone. `bs_author` remembers
 * name, email and website when the consent box was ticked.
 */
const ownCookie = 'bs_own';
const authorCookie = 'bs_author';
// Enough for anyone's recent held comments; older ones have been moderated by then.
const maxOwnIds = 30;
const oneYearMs = 365 * 86_400_000;

export type RememberedAuthor = { name: string; email: string; url: string };

export function readOwnCommentIds(req: Request): number[] {
  const raw: unknown = req.signedCookies?.[ownCookie];
  if (typeof raw !== 'string' || !/^\d+(\.\d+)*$/.test(raw)) return [];
  return raw.split('.').map(Number).slice(-maxOwnIds);
}

export function addOwnCommentId(req: Request, res: Response, id: number, secure: boolean): void {
  const ids = [...readOwnCommentIds(req).filter((x) => x !== id), id].slice(-maxOwnIds);
  res.cookie(ownCookie, ids.join('.'), { signed: true, httpOnly: true, sameSite: 'lax', secure, maxAge: 30 * 86_400_000, path: '/' });
}

export function readRememberedAuthor(req: Request): RememberedAuthor | null {
  const raw: unknown = req.cookies?.[authorCookie];
  if (typeof raw !== 'string') return null;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<RememberedAuthor>;
    if (typeof value.name !== 'string' || typeof value.email !== 'string') return null;
    return { name: value.name, email: value.email, url: typeof value.url === 'string' ? value.url : '' };
  } catch {
    return null;
  }
}

export function rememberAuthor(res: Response, author: RememberedAuthor | null, hadCookie: boolean, secure: boolean): void {
  if (author) {
    const value = Buffer.from(JSON.stringify(author)).toString('base64url');
    res.cookie(authorCookie, value, { httpOnly: true, sameSite: 'lax', secure, maxAge: oneYearMs, path: '/' });
  } else if (hadCookie) {
    res.clearCookie(authorCookie, { path: '/' });
  }
}

/**
 * The form token also travels as a cookie scoped to the article, minted for each response,
 * so the page body stays identical for every reader (cacheable, precompressed) while the
 * "form served at" time is still this reader's. See docs/SPAM.md.
 */
export const formTokenCookie = 'bs_form';

export type IssuedFormToken = { token: string; setCookie: string };

/**
 * Issues the form token and its cookie header. One signed token per article per second: the
 * fill-time check needs seconds, not milliseconds, and this keeps an HMAC off most page views.
 */
export function formTokenIssuer(key: string, secure: boolean): (article: { id: number; slug: string }, now: Date) => IssuedFormToken {
  let currentSecond = -1;
  const issued = new Map<number, IssuedFormToken>();
  return (article, now) => {
    const second = Math.floor(now.getTime() / 1000);
    if (second !== currentSecond) {
      currentSecond = second;
      issued.clear();
    }
    let entry = issued.get(article.id);
    if (!entry) {
      const token = issueFormToken(key, article.id, new Date(second * 1000));
      const setCookie = `${formTokenCookie}=${token}; Path=/articles/${article.slug}; Max-Age=86400; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
      entry = { token, setCookie };
      issued.set(article.id, entry);
    }
    return entry;
  };
}
