import express, { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { commentStatuses } from '../../domain/comment-status.js';
import { NotFoundError } from '../../domain/errors.js';
import { isModerationAction, moderationActions, TransitionRefusedError } from '../../domain/moderation.js';
import { type Actor, moderateComment, moderateMany, moderateMatching, type UndoResult, undoLast } from '../../services/moderate-comment.js';
import { rescorePending } from '../../services/rescore.js';
import type { AppDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { plural } from '../format.js';
import { ignoredSentence, lastPageAddress, type Unusable, unreadSentence } from './filter-values.js';
import { readLogFilter, strayLogKeys } from './log-filter.js';
import { logPageCount, logPageModel } from './log-view.js';
import { readFilter, strayQueueKeys } from './queue-filter.js';
import { bulkLanding, describeFilter, filterQuery, pageCount, queuePageModel } from './queue-view.js';
import { moderatorHeader, moderatorOf, renderModerationMessage, safeReturn, sessionCookie } from './session.js';

const flashCookie = 'bs_flash';
// The cut-off the confirm page counted (see QueueSnapshot); it only ever narrows what the filter matches.
const snapshotSchema = z
  .object({
    count: z.coerce.number().int().min(0),
    upto: z.coerce.number().int().min(0),
    changed: z.string().max(40),
  })
  .transform((s) => ({ count: s.count, maxId: s.upto, lastChange: s.changed }));

/** "#3, #4 and #9", or the first ten and how many more. */
function idList(ids: readonly number[]): string {
  const shown = ids.slice(0, 10).map((id) => `#${id}`);
  if (ids.length > shown.length) return `${shown.join(', ')} and ${ids.length - shown.length} more`;
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}` : (shown[0] ?? '');
}

/** Comment ids from a form, in the order given, each once; anything that is not an id is dropped. */
function idsFrom(values: unknown[]): number[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && /^\d{1,16}$/.test(v)).map(Number))];
}

function undoMessage(result: UndoResult): string {
  const [first] = result.undone;
  const label = isModerationAction(result.action) ? moderationActions[result.action].label : result.action;
  const movedOn = result.movedOn.length
    ? ` ${idList(result.movedOn)} ${result.movedOn.length === 1 ? 'has' : 'have'} moved on since and ${result.movedOn.length === 1 ? 'was' : 'were'} left as ${result.movedOn.length === 1 ? 'it is' : 'they are'}.`
    : '';
  if (!result.bulk && first) return `Undone: comment #${first.commentId} is back to ${first.to}.${movedOn}`;
  const targets = new Set(result.undone.map((u) => u.to));
  const where = targets.size === 1 ? `back to ${first?.to}` : 'each back where it was';
  const ids = idList(result.undone.map((u) => u.commentId));
  return `Undone: your bulk “${label}” — ${plural(result.undone.length, 'comment', 'comments')} (${ids}) ${where}.${movedOn}`;
}

export function moderationRouter(deps: AppDeps): Router {
  const router = Router();
  const secure = deps.config.secureCookies;
  const actor = (res: Response): Actor => ({ id: moderatorOf(res).session.moderatorId, username: moderatorOf(res).session.username });
  const flash = (res: Response, message: string) =>
    res.cookie(flashCookie, message.slice(0, 600), { signed: true, httpOnly: true, sameSite: 'lax', secure, path: '/moderation' });
  const takeFlash = (req: Request, res: Response): string | null => {
    const message: unknown = req.signedCookies?.[flashCookie];
    if (typeof message !== 'string') return null;
    res.clearCookie(flashCookie, { path: '/moderation' });
    return message;
  };
  const render = (res: Response, view: string, title: string, model: object) => {
    res.render(view, { ...model, ...moderatorHeader(deps, moderatorOf(res).session), meta: { title, robots: 'noindex' } });
  };

  /**
   * A bulk action on a filter it could only partly read would act on a wider set than the moderator
   * chose, so it is refused, with the reasons and a way back, before anything is counted or changed.
   */
  const refuseUnreadFilter = (res: Response, unusable: Unusable[], back: string) => {
    res.status(400);
    renderModerationMessage(deps, res, moderatorOf(res).session, {
      title: 'Filter not understood',
      message: 'This bulk action was not applied, so nothing was changed. Part of its filter could not be read:',
      details: unusable.map(unreadSentence),
      links: [{ href: back, label: 'Back to the queue' }],
    });
  };

  router.get('/', (req, res) => {
    const query = req.query as Record<string, unknown>;
    const articles = deps.queue.articles();
    const { filter, page, unusable } = readFilter(query, articles);
    const total = deps.queue.count(filter);
    const pages = pageCount(total);
    // The browser keeps the #row- fragment of the action's return path across this redirect.
    if (page > pages) return res.redirect(303, lastPageAddress(req.originalUrl, '/moderation', pages));
    const { session } = moderatorOf(res);
    const model = queuePageModel(deps, filter, page, {
      total,
      articles,
      selectAll: req.query.select === 'all',
      flash: takeFlash(req, res),
      ignored: [...unusable, ...strayQueueKeys(query)].map(ignoredSentence),
    });
    if (filter.status === 'pending' && page === 1) deps.moderators.markPendingSeen(session.moderatorId, deps.now().toISOString());
    render(res, 'moderation/queue', `${model.tabs.find((t) => t.current)?.label ?? 'Queue'} — Moderation`, model);
  });

  router.post('/comments/:id/:action', (req, res) => {
    const { id, action } = req.params;
    if (!/^\d{1,16}$/.test(id) || !isModerationAction(action)) throw new HttpError(404, 'There is no such moderation action.', 'Not found');
    const body = req.body as Record<string, unknown>;
    const expected = z.enum(commentStatuses).optional().catch(undefined).parse(body.from);
    const reason = typeof body.reason === 'string' ? body.reason.slice(0, 500) : '';
    try {
      const result = moderateComment(deps, { commentId: Number(id), action, expected, actor: actor(res), reason, now: deps.now() });
      flash(res, `Comment #${result.commentId}: ${moderationActions[action].label} — ${result.from} → ${result.to}.`);
    } catch (error) {
      if (error instanceof NotFoundError)
        flash(res, `There is no comment #${id}: it was deleted permanently, or never existed. Nothing was changed.`);
      else if (error instanceof TransitionRefusedError) flash(res, error.message);
      else throw error;
    }
    res.redirect(303, safeReturn(body.return));
  });

  router.post('/bulk', (req, res) => {
    const body = req.body as Record<string, unknown>;
    const action = body.action;
    if (!isModerationAction(action)) throw new HttpError(400, 'Choose an action to apply.', 'No action chosen');
    const returnTo = safeReturn(body.return);
    if (body.scope === 'filter') {
      const articles = deps.queue.articles();
      const { filter, unusable } = readFilter(body, articles);
      if (unusable.length) return refuseUnreadFilter(res, unusable, filterQuery(filter));
      const snapshot = deps.queue.snapshot(filter);
      render(res, 'moderation/confirm', 'Confirm bulk action — Moderation', {
        action,
        actionLabel: moderationActions[action].label,
        count: snapshot.count,
        countLabel: plural(snapshot.count, 'comment', 'comments'),
        snapshot,
        filter,
        filterText: describeFilter(filter, articles),
        returnTo,
      });
      return;
    }
    const ids = idsFrom(([] as unknown[]).concat(body.ids ?? []));
    if (ids.length === 0) {
      flash(res, 'Select at least one comment first.');
      return res.redirect(303, returnTo);
    }
    // The status of the page the rows were selected on: a row that has left it since is not touched.
    const expected = z.enum(commentStatuses).optional().catch(undefined).parse(body.status);
    const result = moderateMany(deps, ids, { action, expected, actor: actor(res), now: deps.now() });
    const refused = result.refusedIds.length;
    const gone = result.goneIds.length;
    const skipped =
      (refused ? `, ${refused} skipped: someone else moved ${refused === 1 ? 'it' : 'them'} (${idList(result.refusedIds)})` : '') +
      (gone ? `, ${gone} not found: deleted permanently, or never existed (${idList(result.goneIds)})` : '');
    flash(res, `${moderationActions[action].label}: ${plural(result.applied, 'comment', 'comments')} done${skipped}.`);
    // Landed as a single action lands, so the keyboard carries on below the rows just dealt with. A
    // skipped row has left the list too (someone else moved it), so it counts as gone.
    const landing = bulkLanding(idsFrom(typeof body.order === 'string' ? body.order.split(',') : []), new Set(ids));
    res.redirect(303, landing === null || returnTo.includes('#') ? returnTo : `${returnTo}#row-${landing}`);
  });

  router.post('/bulk/confirm', (req, res) => {
    const body = req.body as Record<string, unknown>;
    const action = body.action;
    if (!isModerationAction(action)) throw new HttpError(400, 'Choose an action to apply.', 'No action chosen');
    const articles = deps.queue.articles();
    const { filter, unusable } = readFilter(body, articles);
    if (unusable.length) return refuseUnreadFilter(res, unusable, filterQuery(filter));
    const snapshot = snapshotSchema.safeParse(body);
    if (!snapshot.success) {
      throw new HttpError(400, 'This confirmation form is out of date. Go back to the queue and choose the action again.', 'Out of date');
    }
    const result = moderateMatching(deps, filter, snapshot.data, {
      action,
      actor: actor(res),
      now: deps.now(),
      reason: `bulk by filter: ${describeFilter(filter, articles)}`,
    });
    const skipped = result.skippedSince
      ? `; ${result.skippedSince} skipped because ${result.skippedSince === 1 ? 'it' : 'they'} arrived or moved since the count`
      : '';
    flash(res, `${moderationActions[action].label}: ${plural(result.applied, 'comment', 'comments')} matching the filter done${skipped}.`);
    res.redirect(303, filterQuery({ ...filter }));
  });

  router.post('/rescore', (req, res) => {
    const articles = deps.queue.articles();
    const { filter } = readFilter({ ...(req.body as Record<string, unknown>), status: 'pending' }, articles);
    const moves = rescorePending(deps, filter);
    render(res, 'moderation/rescore', 'Re-score the queue — Moderation', {
      moves,
      filterText: describeFilter(filter, articles),
      returnTo: filterQuery(filter),
    });
  });

  router.post('/undo', (req, res) => {
    let returnTo = safeReturn((req.body as Record<string, unknown>).return);
    try {
      const result = undoLast(deps, actor(res), deps.now());
      flash(res, undoMessage(result));
      // Back on the comment that came back, so the keyboard carries on from it (z, then a, s or t).
      const [only] = result.undone;
      if (!result.bulk && only && !returnTo.includes('#')) returnTo += `#row-${only.commentId}`;
    } catch (error) {
      if (!(error instanceof TransitionRefusedError)) throw error;
      flash(res, error.message);
    }
    res.redirect(303, returnTo);
  });

  router.get('/log', (req, res) => {
    const query = req.query as Record<string, unknown>;
    const { filter, page, unusable } = readLogFilter(query);
    const total = deps.moderationLog.count(filter);
    const pages = logPageCount(total);
    if (page > pages) return res.redirect(303, lastPageAddress(req.originalUrl, '/moderation/log', pages));
    const ignored = [...unusable, ...strayLogKeys(query)].map(ignoredSentence);
    render(res, 'moderation/log', 'Audit log — Moderation', logPageModel(deps, filter, page, { total, ignored }));
  });

  router.get('/comments/:id', (req, res) => {
    if (!/^\d{1,16}$/.test(req.params.id)) throw new NotFoundError('Comment');
    res.redirect(303, `/moderation/log?comment=${req.params.id}`);
  });

  router.post('/logout', (_req, res) => {
    deps.moderators.endSession(moderatorOf(res).session.id);
    res.clearCookie(sessionCookie, { path: '/moderation' });
    res.redirect(303, '/moderation/login');
  });

  return router;
}

export const moderationBody = express.urlencoded({ extended: false, limit: '256kb', parameterLimit: 1000 });
