import type { Label, LabelledComment, Model } from '../domain/spam/model.js';
import type { WordLists } from '../domain/spam/word-lists.js';
import type { Db } from './connection.js';

/** A moderator's decision on a stored comment, as the classifier reads it. */
export type StoredLesson = { label: Label; body: string; authorName: string; authorUrl: string };

export function spamStore(db: Db) {
  const allWeights = db.prepare<[], { feature: string; weight: number; gradSquares: number }>(
    'SELECT feature, weight, grad_squares AS gradSquares FROM spam_weights',
  );
  const weightCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM spam_weights');
  const clearWeights = db.prepare('DELETE FROM spam_weights');
  const upsertWeight = db.prepare<[string, number, number]>(
    `INSERT INTO spam_weights (feature, weight, grad_squares) VALUES (?, ?, ?)
     ON CONFLICT (feature) DO UPDATE SET weight = excluded.weight, grad_squares = excluded.grad_squares`,
  );
  const feedbackFor = db.prepare<[number], { label: Label }>('SELECT label FROM spam_feedback WHERE comment_id = ?');
  const setFeedback = db.prepare<[number, Label, string]>(
    `INSERT INTO spam_feedback (comment_id, label, created_at) VALUES (?, ?, ?)
     ON CONFLICT (comment_id) DO UPDATE SET label = excluded.label, created_at = excluded.created_at`,
  );
  const modelVersion = db.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'spam_model_version'");
  const setModelVersion = db.prepare<[string]>(
    "INSERT INTO settings (key, value) VALUES ('spam_model_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
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

  return {
    loadModel(): Model {
      const model: Model = new Map();
      for (const row of allWeights.iterate()) model.set(row.feature, { weight: row.weight, gradSquares: row.gradSquares });
      return model;
    },
    hasModel(): boolean {
      return (weightCount.get()?.n ?? 0) > 0;
    },
    /** What the stored model was trained from (see shippedModelVersion), or null for a model stored before versions. */
    modelVersion(): string | null {
      return modelVersion.get()?.value ?? null;
    },
    replaceModel(model: Model, version: string): void {
      db.transaction(() => {
        clearWeights.run();
        for (const [feature, entry] of model) upsertWeight.run(feature, entry.weight, entry.gradSquares);
        setModelVersion.run(version);
      }).immediate();
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
    /** Saves the changed weights and, for a moderator's decision, the comment's training label, together. */
    saveLearned(
      model: Model,
      features: Iterable<string>,
      lesson: {
        feedback?: { commentId: number; label: Label; now: string };
        examples?: { added: readonly LabelledComment[]; now: string };
      } = {},
    ): void {
      const { feedback, examples } = lesson;
      db.transaction(() => {
        if (examples) for (const e of examples.added) addExample.run(e.author, e.website, e.body, e.label, e.source, examples.now);
        for (const feature of features) {
          const entry = model.get(feature);
          if (entry) upsertWeight.run(feature, entry.weight, entry.gradSquares);
        }
        if (feedback) setFeedback.run(feedback.commentId, feedback.label, feedback.now);
      }).immediate();
    },
    trainedLabel(commentId: number): Label | null {
      return feedbackFor.get(commentId)?.label ?? null;
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
