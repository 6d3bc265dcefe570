import type { Label, LabelledComment, Model } from '../domain/spam/model.js';
import type { WordLists } from '../domain/spam/word-lists.js';
import type { Db } from './connection.js';

/** A moderator's decision on a stored comment, as the classifier reads it. */
export type StoredLesson = { label: Label; body: string; authorName: string; authorUrl: string };

/**
 * What the model was taught about one comment: the decision in force, the one it replaced (if
 * any), and how far the last lesson moved each weight (null when unknown: a lesson from before
 * schema 9, or one replayed into a retrained model).
 */
export type DecisionLesson = { label: Label; previous: Label | null; delta: Model | null };

/**
 * The record a lesson leaves: a decision on a comment (`label`), or the taking back of the last one
 * (`takeBack`: the label it replaced is in force again, or none if it replaced none).
 */
type FeedbackChange = { commentId: number; now: string } & ({ label: Label } | { takeBack: true });

/**
 * How far the stored model has come: `generation` counts its changes (every weight carries the
 * generation that last wrote it) and `replacedAt` is the generation of the last full retrain.
 */
type ModelGeneration = { generation: number; replacedAt: number };

export function spamStore(db: Db) {
  const allWeights = db.prepare<[], { feature: string; weight: number; gradSquares: number }>(
    'SELECT feature, weight, grad_squares AS gradSquares FROM spam_weights',
  );
  const weightCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM spam_weights');
  const clearWeights = db.prepare('DELETE FROM spam_weights');
  const upsertWeight = db.prepare<[string, number, number, number]>(
    `INSERT INTO spam_weights (feature, weight, grad_squares, generation) VALUES (?, ?, ?, ?)
     ON CONFLICT (feature) DO UPDATE SET weight = excluded.weight, grad_squares = excluded.grad_squares, generation = excluded.generation`,
  );
  const weightOf = db.prepare<[string], { weight: number; gradSquares: number }>(
    'SELECT weight, grad_squares AS gradSquares FROM spam_weights WHERE feature = ?',
  );
  const weightsSince = db.prepare<[number], { feature: string; weight: number; gradSquares: number }>(
    'SELECT feature, weight, grad_squares AS gradSquares FROM spam_weights WHERE generation > ?',
  );
  const generationSettings = db.prepare<[], { key: string; value: string }>(
    "SELECT key, value FROM settings WHERE key IN ('spam_model_generation', 'spam_model_replaced')",
  );
  const currentGeneration = db.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'spam_model_generation'");
  const setSetting = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const feedbackFor = db.prepare<[number], { label: Label; previous: Label | null; delta: string | null }>(
    'SELECT label, previous_label AS previous, lesson_delta AS delta FROM spam_feedback WHERE comment_id = ?',
  );
  // The label a new decision replaces is kept, so an undo can put that lesson back.
  const setFeedback = db.prepare<[number, Label, string, string]>(
    `INSERT INTO spam_feedback (comment_id, label, created_at, lesson_delta) VALUES (?, ?, ?, ?)
     ON CONFLICT (comment_id) DO UPDATE SET previous_label = spam_feedback.label, label = excluded.label,
       created_at = excluded.created_at, lesson_delta = excluded.lesson_delta`,
  );
  const restoreFeedback = db.prepare<[string, number]>(
    `UPDATE spam_feedback SET label = previous_label, previous_label = NULL, lesson_delta = NULL, created_at = ?
     WHERE comment_id = ? AND previous_label IS NOT NULL`,
  );
  const deleteFeedback = db.prepare<[number]>('DELETE FROM spam_feedback WHERE comment_id = ? AND previous_label IS NULL');
  // A retrained model is not the one the lessons' deltas were measured on.
  const forgetDeltas = db.prepare('UPDATE spam_feedback SET lesson_delta = NULL WHERE lesson_delta IS NOT NULL');
  const modelVersion = db.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'spam_model_version'");
  const decisions = db.prepare<[], StoredLesson>(
    `SELECT f.label, c.body, c.author_name AS authorName, c.author_url AS authorUrl
     FROM spam_feedback f JOIN comments c ON c.id = f.comment_id ORDER BY f.created_at, f.comment_id`,
  );
  const lostDecisions = db.prepare<[], { n: number }>(
    'SELECT count(*) AS n FROM spam_feedback f WHERE NOT EXISTS (SELECT 1 FROM comments c WHERE c.id = f.comment_id)',
  );
  const examples = db.prepare<[], LabelledComment>('SELECT author, website, body, label, source FROM spam_examples ORDER BY id');
  const addExample = db.prepare<[string, string, string, Label, string, string]>(
    'INSERT INTO spam_examples (author, website, body, label, source, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const words = db.prepare<[], { kind: 'hold' | 'block'; word: string }>('SELECT kind, word FROM word_lists ORDER BY kind, word');
  const addWord = db.prepare<[string, string, string]>(
    'INSERT INTO word_lists (kind, word, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const spamBy = {
    email: db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM comments WHERE author_email = ? AND status = 'spam'"),
    ip: db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM comments WHERE ip = ? AND ip != '' AND status = 'spam'"),
    url: db.prepare<[string], { n: number }>(
      "SELECT count(*) AS n FROM comments WHERE author_url = ? AND author_url != '' AND status = 'spam'",
    ),
  };
  const approvedBy = db.prepare<[string, string], { n: number }>(
    "SELECT count(*) AS n FROM comments WHERE author_email = ? AND author_name = ? AND status = 'approved'",
  );
  // The literal 'spam' lets SQLite use the spam-only fingerprint index.
  const sameBody = db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM comments WHERE body_fingerprint = ? AND status = 'spam'");

  const readGeneration = (): ModelGeneration => {
    const values = new Map(generationSettings.all().map((row) => [row.key, Number(row.value)]));
    return { generation: values.get('spam_model_generation') ?? 0, replacedAt: values.get('spam_model_replaced') ?? 0 };
  };
  const fill = (model: Model, rows: Iterable<{ feature: string; weight: number; gradSquares: number }>) => {
    for (const row of rows) model.set(row.feature, { weight: row.weight, gradSquares: row.gradSquares });
  };
  /**
   * Brings `model`, last in step at generation `known`, up to the stored one; returns the stored
   * generation, or null when the stored model was replaced by one of another version than `version`.
   */
  const catchUp = (model: Model, known: number, version: string | undefined): number | null => {
    const now = readGeneration();
    if (now.generation === known) return known;
    // Behind what this process saw (a backup restored under it): nothing to build on, so start again.
    if (now.replacedAt > known || now.generation < known) {
      // Weights learned for another release's tokens would score this process's tokens wrongly.
      if (known !== -1 && version !== undefined && modelVersion.get()?.value !== version) return null;
      model.clear();
      fill(model, allWeights.iterate());
    } else {
      fill(model, weightsSince.iterate(known));
    }
    return now.generation;
  };

  return {
    loadModel(): Model {
      const model: Model = new Map();
      fill(model, allWeights.iterate());
      return model;
    },
    /**
     * Applies to `model` (in memory, in step with the store at generation `known`) what has been
     * stored since, by this process or others: only the changed weights, or everything after a
     * retrain (or when `known` is -1: a model not loaded yet). Returns the generation the model is now at,
     * or null, leaving `model` as it was, when a retrain stored a model of another version than
     * `version` (another release, or a backup restored from one). It reads what this connection sees, so
     * it must not run inside a transaction that has learned something not yet committed (none does:
     * scoring runs in the comment's transaction, learning in the moderator's).
     */
    catchUp(model: Model, known: number, version?: string): number | null {
      // The common case, nothing changed, is one indexed read and no transaction: it runs before every scoring.
      if (Number(currentGeneration.get()?.value ?? 0) === known) return known;
      return db.transaction(() => catchUp(model, known, version))();
    },
    hasModel(): boolean {
      return (weightCount.get()?.n ?? 0) > 0;
    },
    /** What the stored model was trained from (see shippedModelVersion), or null for a model stored before versions. */
    modelVersion(): string | null {
      return modelVersion.get()?.value ?? null;
    },
    /**
     * Replaces the stored model with the one `build` returns, as `version`, unless another process
     * stored that version first (then returns false and `build` is not called). `build` runs under
     * the write lock, so what it reads of the store (lessons to replay) is everything learned
     * before the replacement: no lesson can be committed between its read and the replacement.
     */
    replaceModel(version: string, build: () => Model): boolean {
      return db
        .transaction(() => {
          if (modelVersion.get()?.value === version) return false;
          const model = build();
          const generation = readGeneration().generation + 1;
          clearWeights.run();
          for (const [feature, entry] of model) upsertWeight.run(feature, entry.weight, entry.gradSquares, generation);
          setSetting.run('spam_model_version', version);
          setSetting.run('spam_model_generation', String(generation));
          setSetting.run('spam_model_replaced', String(generation));
          forgetDeltas.run();
          return true;
        })
        .immediate();
    },
    /** Moderators' decisions whose comments are still stored, oldest first, one at a time (a site may have many). */
    storedDecisions(): IterableIterator<StoredLesson> {
      return decisions.iterate();
    },
    /** How many moderators' decisions are about comments deleted since. */
    lostDecisions(): number {
      return lostDecisions.get()?.n ?? 0;
    },
    /** Examples added with `spam train`, in the order they were added. */
    addedExamples(): LabelledComment[] {
      return examples.all();
    },
    /**
     * Teaches the stored model one lesson without losing what another process taught it meanwhile.
     * Under the write lock: reads the stored weights of `features` as they are now, lets `teach`
     * step them, and saves them under the next generation together with what the lesson was (a
     * moderator's decision on a comment, the taking back of one, or `spam train` examples). `teach` returns false when there
     * is nothing to learn (the decision was learned already); nothing is saved then. No model in
     * memory is changed: each process picks the lesson up from the store at its next catch-up, once
     * committed, so a lesson rolled back with the moderator's transaction reaches no process.
     */
    learn(
      features: Iterable<string>,
      teach: (weights: Model) => boolean,
      lesson: {
        feedback?: FeedbackChange;
        examples?: { added: readonly LabelledComment[]; now: string };
      } = {},
    ): void {
      const { feedback, examples } = lesson;
      db.transaction(() => {
        const weights: Model = new Map();
        for (const feature of features) {
          const row = weightOf.get(feature);
          if (row) weights.set(feature, { weight: row.weight, gradSquares: row.gradSquares });
        }
        const before: Model = new Map([...weights].map(([feature, entry]) => [feature, { ...entry }]));
        if (!teach(weights)) return;
        const generation = readGeneration().generation + 1;
        if (examples) for (const e of examples.added) addExample.run(e.author, e.website, e.body, e.label, e.source, examples.now);
        for (const [feature, entry] of weights) upsertWeight.run(feature, entry.weight, entry.gradSquares, generation);
        if (feedback && 'takeBack' in feedback) {
          deleteFeedback.run(feedback.commentId);
          restoreFeedback.run(feedback.now, feedback.commentId);
        } else if (feedback) setFeedback.run(feedback.commentId, feedback.label, feedback.now, deltaJson(before, weights));
        setSetting.run('spam_model_generation', String(generation));
      }).immediate();
    },
    trainedLabel(commentId: number): Label | null {
      return feedbackFor.get(commentId)?.label ?? null;
    },
    /** The lesson in force for a comment and the one it replaced; null when it was never decided. */
    lessonOf(commentId: number): DecisionLesson | null {
      const row = feedbackFor.get(commentId);
      return row ? { label: row.label, previous: row.previous, delta: row.delta === null ? null : parseDelta(row.delta) } : null;
    },
    wordLists(): WordLists {
      const rows = words.all();
      return {
        hold: rows.filter((r) => r.kind === 'hold').map((r) => r.word),
        block: rows.filter((r) => r.kind === 'block').map((r) => r.word),
      };
    },
    addWords(kind: 'hold' | 'block', list: readonly string[], now: string): void {
      db.transaction(() => {
        for (const word of list) addWord.run(kind, word.trim().toLowerCase(), now);
      })();
    },
    history(email: string, ip: string, url: string, name: string) {
      return {
        spamByEmail: spamBy.email.get(email)?.n ?? 0,
        spamByIp: spamBy.ip.get(ip)?.n ?? 0,
        spamByUrl: url ? (spamBy.url.get(url)?.n ?? 0) : 0,
        approvedByNameAndEmail: approvedBy.get(email, name)?.n ?? 0,
      };
    },
    spamWithFingerprint(fingerprint: string): number {
      return sameBody.get(fingerprint)?.n ?? 0;
    },
  };
}

export type SpamStore = ReturnType<typeof spamStore>;

/** How far a lesson moved each weight, as `{feature: [weight, gradSquares]}`. */
function deltaJson(before: Model, after: Model): string {
  const delta: Record<string, [number, number]> = {};
  for (const [feature, entry] of after) {
    const was = before.get(feature) ?? { weight: 0, gradSquares: 0 };
    delta[feature] = [entry.weight - was.weight, entry.gradSquares - was.gradSquares];
  }
  return JSON.stringify(delta);
}

function parseDelta(json: string): Model {
  const delta = new Map<string, { weight: number; gradSquares: number }>();
  for (const [feature, [weight, gradSquares]] of Object.entries(JSON.parse(json) as Record<string, [number, number]>)) {
    delta.set(feature, { weight, gradSquares });
  }
  return delta;
}
