import type { Config } from '../config.js';
import type { SpamStore } from '../db/spam.js';
import { biasFeature, defaultTraining, type Label, type Model, step, type TrainingExample, train } from '../domain/spam/model.js';
import { type ScoredComment, type SpamScore, type SpamSettings, type SpamSignals, scoreComment } from '../domain/spam/score.js';
import { tokenize } from '../domain/spam/tokens.js';
import { type LabelledComment, readLabelledFile, shippedTrainingFiles } from './training-data.js';

// The SMS collection is text messages, not comments. Its spam (prizes, "call now", loans) is the
// spam news sites get too, so it counts a little. Its ham — texting chatter between friends — is
// not: short, casual and full of "check" and "call", it taught the model to let YouTube-style
// self-promotion through (leave-one-source-out F1 fell by two to four points; docs/SPAM.md).
const smsSpamWeight = 0.1;
// A moderator's decision about this site's own comments counts for more than one shipped example.
const moderatorWeight = 2;

export type SpamFilter = {
  readonly model: Model;
  score(comment: ScoredComment, signals: SpamSignals): SpamScore;
  /** Teaches the model a moderator's decision; idempotent per comment, a flip moves the example. */
  learnDecision(commentId: number, comment: ScoredComment, label: Label, now: Date): void;
  /** Adds labelled examples (the `spam train` command). */
  learnExamples(examples: readonly LabelledComment[]): void;
};

/**
 * One moderator's decision, taught to a model in memory (the caller stores it, or not); `times`
 * 2 is for a flipped decision, which first takes back the old lesson. Returns the features touched.
 */
export function teachDecision(model: Model, comment: ScoredComment, label: Label, times = 1): string[] {
  const features = [...tokenize(comment)];
  let touched: string[] = [];
  for (let i = 0; i < times; i++) touched = step(model, features, label, defaultTraining, moderatorWeight);
  return touched;
}

/** How `spam eval`, `spam explain` and re-scoring see a comment: a first-time author with a valid form, no history. */
export function firstTimeSignals(store: SpamStore): SpamSignals {
  return {
    honeypotFilled: false,
    formToken: { status: 'valid', ageSeconds: 60 },
    history: { spamByEmail: 0, spamByIp: 0, spamByUrl: 0, approvedByNameAndEmail: 0 },
    earlierSpamWithSameBody: 0,
    wordLists: store.wordLists(),
  };
}

/** The example a labelled comment teaches, or null for one the shipped data should not teach (SMS ham). */
function toExample(comment: LabelledComment): TrainingExample | null {
  const isSms = comment.source.startsWith('sms');
  if (isSms && comment.label === 'ham') return null;
  return {
    features: [...tokenize({ body: comment.body, authorName: comment.author, authorUrl: comment.website })],
    label: comment.label,
    weight: isSms ? smsSpamWeight : 1,
  };
}

function toExamples(comments: readonly LabelledComment[]): TrainingExample[] {
  return comments.map(toExample).filter((e): e is TrainingExample => e !== null);
}

export async function trainFromFiles(files: readonly string[]): Promise<Model> {
  const examples: TrainingExample[] = [];
  for (const file of files) examples.push(...toExamples(await readLabelledFile(file)));
  return train(examples);
}

export function spamSettings(config: Config, model: Model): SpamSettings {
  const s = config.spam;
  return {
    model,
    holdThreshold: s.holdThreshold,
    spamThreshold: s.spamThreshold,
    holdAtLinks: s.holdAtLinks,
    minFillSeconds: s.minFillSeconds,
    checks: s.checks,
  };
}

/**
 * Loads the stored model, training it from the shipped data on the first start (or storing
 * `initialModel` instead, when given one already trained). With `evaluationModel`, uses that
 * model in memory and leaves the store's model alone.
 */
export async function openSpamFilter(
  store: SpamStore,
  config: Config,
  now: Date,
  { initialModel, evaluationModel }: { initialModel?: Model; evaluationModel?: Model } = {},
): Promise<SpamFilter> {
  let model = evaluationModel;
  if (!model) {
    if (!store.hasModel()) store.replaceModel(initialModel ?? (await trainFromFiles(await shippedTrainingFiles(config.spam.trainingDir))));
    model = store.loadModel();
  }
  store.addWords('hold', config.spam.holdWords, now.toISOString());
  store.addWords('block', config.spam.blockWords, now.toISOString());
  const live = model;
  return {
    model: live,
    score: (comment, signals) => scoreComment(comment, signals, spamSettings(config, live)),
    learnDecision(commentId, comment, label, at) {
      const previous = store.trainedLabel(commentId);
      if (previous === label) return;
      // Flipping a decision first takes back the old lesson (a step the other way), then teaches the new one.
      const touched = teachDecision(live, comment, label, previous === null ? 1 : 2);
      store.saveLearned(live, touched, { commentId, label, now: at.toISOString() });
    },
    learnExamples(examples) {
      const touched = new Set<string>([biasFeature]);
      for (const example of toExamples(examples)) {
        step(live, example.features, example.label, defaultTraining, example.weight);
        for (const f of example.features) touched.add(f);
      }
      store.saveLearned(live, touched);
    },
  };
}
