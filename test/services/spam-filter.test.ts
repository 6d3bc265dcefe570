import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstTimeSignals, openSpamFilter } from '../../src/services/spam-filter.js';
import { buildComment } from '../helpers/builders.js';
import { seedSlug, startTestSite, type TestSite } from '../helpers/site.js';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(() => site.close());

const comment = (body: string) => ({ body, authorName: 'Sam', authorEmail: 'sam@example.com', authorUrl: '', ip: '192.0.2.9' });

describe('learning from moderators', () => {
  it('raises the score of the next comment with a word seen only in moderator-marked spam', () => {
    const { spamFilter, spam } = site.deps;
    const signals = firstTimeSignals(spam);
    const before = spamFilter.score(comment('Have you tried zorblax for this?'), signals).score;
    spamFilter.learnDecision(101, comment('zorblax zorblax deals today'), 'spam', site.clock.now());
    const after = spamFilter.score(comment('Have you tried zorblax for this?'), signals).score;
    expect(after).toBeGreaterThan(before);
  });

  it('is idempotent, and a flipped decision moves the example instead of counting it twice', () => {
    const { spamFilter, spam } = site.deps;
    const probe = comment('quuxwidget quuxwidget');
    spamFilter.learnDecision(7, probe, 'spam', site.clock.now());
    const once = spamFilter.score(probe, firstTimeSignals(spam)).score;
    spamFilter.learnDecision(7, probe, 'spam', site.clock.now());
    expect(spamFilter.score(probe, firstTimeSignals(spam)).score).toBe(once);
    spamFilter.learnDecision(7, probe, 'ham', site.clock.now());
    expect(spamFilter.score(probe, firstTimeSignals(spam)).score).toBeLessThan(once);
    expect(spam.trainedLabel(7)).toBe('ham');
  });

  it('keeps what it learned across a restart', async () => {
    const { spamFilter, spam, config } = site.deps;
    spamFilter.learnDecision(5, comment('frobnicator offers'), 'spam', site.clock.now());
    const learned = spamFilter.score(comment('frobnicator offers'), firstTimeSignals(spam)).score;
    const reopened = await openSpamFilter(spam, config, site.clock.now());
    expect(reopened.score(comment('frobnicator offers'), firstTimeSignals(spam)).score).toBeCloseTo(learned, 10);
  });
});

describe('a stored model trained from other data than this release ships', () => {
  it('is loaded as it is when it was trained from what this release ships', async () => {
    const { spam, config } = site.deps;
    const reopened = await openSpamFilter(spam, config, site.clock.now());
    expect(reopened.origin).toEqual({ kind: 'loaded' });
  });

  it('is retrained on start, and what moderators and `spam train` taught it is taught again', async () => {
    const { spamFilter, spam, config, db } = site.deps;
    const signals = firstTimeSignals(spam);
    const untaught = {
      decision: spamFilter.score(comment('glorptastic bargains'), signals).score,
      example: spamFilter.score(comment('snarfwidget sale'), signals).score,
    };
    const decided = buildComment(site.deps, seedSlug, { body: 'glorptastic glorptastic bargains', status: 'spam' });
    spamFilter.learnDecision(decided, comment('glorptastic glorptastic bargains'), 'spam', site.clock.now());
    spamFilter.learnExamples(
      [{ author: 'Vend', website: '', body: 'snarfwidget snarfwidget sale', label: 'spam', source: 'moderators-export' }],
      site.clock.now(),
    );
    const taught = {
      decision: spamFilter.score(comment('glorptastic bargains'), signals).score,
      example: spamFilter.score(comment('snarfwidget sale'), signals).score,
    };
    // A decision about a comment deleted since (spam past its retention) has nothing left to replay.
    spamFilter.learnDecision(999_999, comment('a comment that is gone'), 'spam', site.clock.now());

    db.prepare("DELETE FROM settings WHERE key = 'spam_model_version'").run(); // as an older Broadsheet left it
    const reopened = await openSpamFilter(spam, config, site.clock.now());

    expect(reopened.origin).toEqual({
      kind: 'trained',
      reason: 'new version',
      decisionsReplayed: 1,
      decisionsLost: 1,
      examplesReplayed: 1,
    });
    // Replayed in another order than they happened, so close to what was taught, not equal to it.
    const replayed = {
      decision: reopened.score(comment('glorptastic bargains'), signals).score,
      example: reopened.score(comment('snarfwidget sale'), signals).score,
    };
    expect(replayed.decision - untaught.decision).toBeGreaterThan((taught.decision - untaught.decision) * 0.6);
    expect(replayed.example - untaught.example).toBeGreaterThan((taught.example - untaught.example) * 0.6);
    const again = await openSpamFilter(spam, config, site.clock.now());
    expect(again.origin).toEqual({ kind: 'loaded' });
  });
});
