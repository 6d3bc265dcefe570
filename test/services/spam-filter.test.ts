import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/connection.js';
import { type SpamStore, spamStore } from '../../src/db/spam.js';
import { biasFeature, type Model } from '../../src/domain/spam/model.js';
import { firstTimeSignals, openSpamFilter, type SpamFilter, teachDecision } from '../../src/services/spam-filter.js';
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

  it('takes a decision back exactly: the comment scores as before it was decided and is undecided again', () => {
    const { spamFilter, spam } = site.deps;
    const probe = comment('Have you tried the vexlorium tonic for this?');
    const undecided = spamFilter.score(probe, firstTimeSignals(spam)).score;
    spamFilter.learnDecision(61, probe, 'spam', site.clock.now());
    expect(spamFilter.score(probe, firstTimeSignals(spam)).score).toBeGreaterThan(undecided + 0.05);
    spamFilter.takeBackDecision(61, probe, site.clock.now());
    expect(spamFilter.score(probe, firstTimeSignals(spam)).score).toBeCloseTo(undecided, 10);
    expect(spam.trainedLabel(61)).toBeNull();
  });

  it('taking back a flipped decision teaches the decision it replaced again', () => {
    const { spamFilter, spam } = site.deps;
    const probe = comment('grendlewick grendlewick offers');
    spamFilter.learnDecision(62, probe, 'ham', site.clock.now());
    const asHam = spamFilter.score(probe, firstTimeSignals(spam)).score;
    spamFilter.learnDecision(62, probe, 'spam', site.clock.now());
    spamFilter.takeBackDecision(62, probe, site.clock.now());
    expect(spam.trainedLabel(62)).toBe('ham');
    expect(spamFilter.score(probe, firstTimeSignals(spam)).score).toBeCloseTo(asHam, 10);
    // Taking back again leaves it undecided, and a comment never decided is left alone.
    spamFilter.takeBackDecision(62, probe, site.clock.now());
    expect(spam.trainedLabel(62)).toBeNull();
    const model = site.deps.spamFilter.model.get('grendlewick')?.weight;
    spamFilter.takeBackDecision(62, probe, site.clock.now());
    expect(site.deps.spamFilter.model.get('grendlewick')?.weight).toBe(model);
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

// WEB_CONCURRENCY workers and the CLI each hold the model in memory, on their own connection.
describe('two processes sharing one stored model', () => {
  let second: { db: Db; store: SpamStore; filter: SpamFilter };
  beforeEach(async () => {
    const db = openDatabase(site.deps.config.databasePath);
    const store = spamStore(db);
    second = { db, store, filter: await openSpamFilter(store, site.deps.config, site.clock.now()) };
  });
  afterEach(() => second.db.close());

  it("scores the next comment with what the other one learned since (a moderator's decision, or `spam train`)", async () => {
    const first = site.deps.spamFilter;
    const signals = firstTimeSignals(site.deps.spam);
    const before = {
      decision: second.filter.score(comment('blorvex pricing'), signals).score,
      example: second.filter.score(comment('quillspark sale'), signals).score,
    };
    first.learnDecision(11, comment('blorvex blorvex pricing'), 'spam', site.clock.now());
    first.learnExamples([{ author: 'V', website: '', body: 'quillspark quillspark sale', label: 'spam', source: 'cli' }], site.clock.now());
    expect(second.filter.score(comment('blorvex pricing'), signals).score).toBeGreaterThan(before.decision);
    expect(second.filter.score(comment('quillspark sale'), signals).score).toBeGreaterThan(before.example);
  });

  it('adds up decisions taken in turn by both, exactly as if one process had taken them all', async () => {
    const first = site.deps.spamFilter;
    const expected: Model = new Map([...site.deps.spam.loadModel()].map(([f, w]) => [f, { ...w }]));
    const decisions = [
      { id: 21, body: 'Cheap flights to Lisbon at flightdealz', label: 'spam' as const, by: first },
      { id: 22, body: 'The council vote on the library was closer than the story says.', label: 'ham' as const, by: second.filter },
      { id: 23, body: 'flightdealz has the cheapest fares, visit now', label: 'spam' as const, by: first },
      { id: 21, body: 'Cheap flights to Lisbon at flightdealz', label: 'ham' as const, by: second.filter }, // a flip
    ];
    const trained = new Map<number, 'spam' | 'ham'>();
    for (const d of decisions) {
      d.by.learnDecision(d.id, comment(d.body), d.label, site.clock.now());
      teachDecision(expected, comment(d.body), d.label, trained.has(d.id) ? 2 : 1);
      trained.set(d.id, d.label);
    }
    const stored = site.deps.spam.loadModel();
    expect(stored.get(biasFeature)).toEqual(expected.get(biasFeature));
    for (const feature of ['flightdealz', 'cheap', 'council', 'visit now']) expect(stored.get(feature)).toEqual(expected.get(feature));
    expect(stored).toEqual(expected);
  });

  it("forgets a lesson rolled back with the moderator's transaction, and still picks up the other's", async () => {
    const first = site.deps.spamFilter;
    const signals = firstTimeSignals(site.deps.spam);
    const before = first.score(comment('zorblax offers'), signals).score;
    const failedCommit = site.deps.db.transaction(() => {
      first.learnDecision(31, comment('zorblax zorblax offers'), 'spam', site.clock.now());
      throw new Error('disk full');
    });
    expect(failedCommit).toThrow('disk full');
    expect(first.score(comment('zorblax offers'), signals).score).toBe(before);
    expect(site.deps.spam.trainedLabel(31)).toBeNull();

    second.filter.learnDecision(32, comment('quintaro quintaro deals'), 'spam', site.clock.now());
    expect(first.model.get('quintaro')).toEqual(site.deps.spam.loadModel().get('quintaro'));
    expect(first.model).toEqual(site.deps.spam.loadModel());
  });

  it('retrains once when both start on a new release together, keeping a lesson learned while they trained', async () => {
    const { config, db } = site.deps;
    const signals = firstTimeSignals(site.deps.spam);
    const untaught = second.filter.score(comment('plonkery bargains'), signals).score;
    db.prepare("DELETE FROM settings WHERE key = 'spam_model_version'").run(); // both find an old model
    const opening = [
      openSpamFilter(site.deps.spam, config, site.clock.now()),
      openSpamFilter(second.store, config, site.clock.now()),
    ] as const;
    // Both are training from the files now; a moderator decides meanwhile on the old model.
    const decided = buildComment(site.deps, seedSlug, { body: 'plonkery plonkery bargains', status: 'spam' });
    second.filter.learnDecision(decided, comment('plonkery plonkery bargains'), 'spam', site.clock.now());
    const [a, b] = await Promise.all(opening);

    expect([a.origin.kind, b.origin.kind].sort()).toEqual(['loaded', 'trained']);
    expect(a.model).toEqual(site.deps.spam.loadModel());
    expect(b.model).toEqual(a.model);
    expect(a.score(comment('plonkery bargains'), signals).score).toBeGreaterThan(untaught);
  });

  it('reloads the whole model when another process of this release retrained it (a backup of an older one restored meanwhile)', async () => {
    const first = site.deps.spamFilter;
    const thisRelease = site.deps.spam.modelVersion() as string;
    site.deps.db.prepare("UPDATE settings SET value = 'an older release' WHERE key = 'spam_model_version'").run();
    const retrained: Model = new Map([[biasFeature, { weight: 3, gradSquares: 1 }]]);
    expect(second.store.replaceModel(thisRelease, () => retrained)).toBe(true);
    expect(first.score(comment('anything at all'), firstTimeSignals(site.deps.spam)).score).toBeGreaterThan(0.9);
    expect(first.model).toEqual(retrained);
  });

  it('keeps scoring with its own model when another release retrained the stored one, says so once, and still stores lessons', async () => {
    const superseded: (string | null)[] = [];
    const running = await openSpamFilter(second.store, site.deps.config, site.clock.now(), {
      onSuperseded: (version) => superseded.push(version),
    });
    const signals = firstTimeSignals(site.deps.spam);
    const before = running.score(comment('the council vote on the library'), signals).score;
    const own = new Map([...running.model].map(([f, w]) => [f, { ...w }]));
    // A deploy's CLI, run before this process was restarted, retrains for the new release's tokens.
    site.deps.spam.replaceModel('a later release', () => new Map([[biasFeature, { weight: 3, gradSquares: 1 }]]));

    expect(running.score(comment('the council vote on the library'), signals).score).toBe(before);
    expect(running.score(comment('anything else'), signals).score).toBeLessThan(0.9);
    expect(superseded).toEqual(['a later release']);
    expect(running.model).toEqual(own);
    running.learnDecision(41, comment('frobnitz frobnitz deals'), 'spam', site.clock.now());
    expect(site.deps.spam.trainedLabel(41)).toBe('spam');
    expect(site.deps.spam.loadModel().get('frobnitz')?.weight).toBeGreaterThan(0);
  });
});
