import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstTimeSignals, openSpamFilter } from '../../src/services/spam-filter.js';
import { startTestSite, type TestSite } from '../helpers/site.js';

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
