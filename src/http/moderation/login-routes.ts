import { randomBytes } from 'node:crypto';
import express, { Router } from 'express';
import { LockedOutError, SignInRefusedError, signIn } from '../../services/moderator-auth.js';
import type { AppDeps } from '../deps.js';
import { safeReturn, sessionCookie, tokensMatch } from './session.js';

// Before sign-in there is no session to hold a CSRF token, so the login form uses a signed
// double-submit cookie: a forged cross-site form cannot know its value.
const loginCsrfCookie = 'bs_login';

export function loginRouter(deps: AppDeps): Router {
  const router = Router();
  const secure = deps.config.secureCookies;

  function renderLogin(res: express.Response, status: number, values: { username: string; returnTo: string; error?: string }) {
    const token = randomBytes(24).toString('base64url');
    res.cookie(loginCsrfCookie, token, {
      signed: true,
      httpOnly: true,
      sameSite: 'strict',
      secure,
      path: '/moderation',
      maxAge: 3_600_000,
    });
    res.status(status).setHeader('Cache-Control', 'no-store');
    res.render('moderation/login', { ...values, csrfToken: token, meta: { title: 'Sign in to moderate', robots: 'noindex' } });
  }

  router.get('/login', (req, res) => {
    renderLogin(res, 200, { username: '', returnTo: safeReturn(req.query.return) });
  });

  router.post('/login', express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const username = typeof body.username === 'string' ? body.username.trim().slice(0, 64) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 1024) : '';
    const returnTo = safeReturn(body.return);
    // Missing, or false when its signature is bad: either way no form from this site was served.
    const issued: unknown = req.signedCookies?.[loginCsrfCookie];
    if (typeof issued !== 'string' || !tokensMatch(body._csrf, issued)) {
      return renderLogin(res, 403, { username, returnTo, error: 'The sign-in form expired. Please sign in again.' });
    }
    try {
      const signedIn = await signIn(deps, username, password, req.ip ?? '', deps.now());
      res.clearCookie(loginCsrfCookie, { path: '/moderation' });
      res.cookie(sessionCookie, signedIn.sessionId, { httpOnly: true, sameSite: 'lax', secure, path: '/moderation' });
      res.redirect(303, returnTo);
    } catch (error) {
      if (error instanceof LockedOutError) {
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
        return renderLogin(res, 429, { username, returnTo, error: error.message });
      }
      if (error instanceof SignInRefusedError) return renderLogin(res, 401, { username, returnTo, error: error.message });
      throw error;
    }
  });

  return router;
}
