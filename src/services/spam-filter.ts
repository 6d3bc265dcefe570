import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Config } from '../config.js';
import type { SpamStore } from '../db/spam.js';
import {
  biasFeature,
  defaultTraining,
  type Label,
  type LabelledComment,
  type Model,
  step,
  type TrainingExample,
  train,
} from '../domain/spam/model.js';
import { type ScoredComment, type SpamScore, type SpamSettings, type SpamSignals, scoreComment } from '../domain/spam/score.js';
import { featureVersion, tokenize } from '../domain/spam/tokens.js';
import { venueOf, venueView, withVenueCopies } from '../domain/spam/venues.js';
import { readLabelledFile, shippedTrainingFiles } from './training-data.js';

// The SMS collection is text messages, not comments. Its spam (prizes, "call now", loans) is the
// spam news sites get too, so it counts a little. Its ham — texting chatter between friends — is
// not: short, casual and full of "check" and "call", it taught the model to let YouTube-style
// self-promotion through (leave-one-source-out F1 fell by two to four points; docs/SPAM.md).
const smsSpamWeight = 0.1;
// A moderator's decision about this site's own comments counts for more than one shipped example.
const moderatorWeight = 2;

/** What opening the filter did to the stored model, for the start-up log. */
export type ModelOrigin =
  | { kind: 'loaded' }
  | { kind: 'trained'; reason: 'first start' | 'new version'; decisionsReplayed: number; decisionsLost: number; examplesReplayed: number };

export type SpamFilter = {
  /** The model in memory, caught up with the store (what this and other processes learned). */
  readonly model: Model;
  readonly origin: ModelOrigin;
  score(comment: ScoredComment, signals: SpamSignals): SpamScore;
  /** Teaches the model a moderator's decision; idempotent per comment, a flip moves the example. */
  learnDecision(commentId: number, comment: ScoredComment, label: Label, now: Date): void;
  /**
   * Takes back the last decision taught about a comment (a moderator's undo): the decision it
   * replaced is taught again, or, if it replaced none, the comment is left undecided. Does nothing
   * for a comment never decided.
   */
  takeBackDecision(commentId: number, comment: ScoredComment, now: Date): void;
  /** Adds labelled examples (the `spam train` command) and keeps them for a retrain. */
  learnExamples(examples: readonly LabelledComment[], now: Date): void;
};

/**
 * One moderator's decision, taught to a model in memory (a retrain's replay, `spam eval --learn`);
 * `times` 2 is for a flipped decision, which first takes back the old lesson.
 */
export function teachDecision(model: Model, comment: ScoredComment, label: Label, times = 1): void {
  teachTokens(model, [...tokenize(comment)], label, times);
}

function teachTokens(model: Model, features: readonly string[], label: Label, times: number): void {
  for (let i = 0; i < times; i++) step(model, features, label, defaultTraining, moderatorWeight);
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

/**
 * The example a labelled comment teaches, or null for one the shipped data should not teach (SMS
 * ham). Training from the files (`acrossVenues`) gives each token a copy for the comment's venue;
 * what is taught to this site's model afterwards (`spam train`) is taught to it as it is.
 */
function toExample(comment: LabelledComment, acrossVenues: boolean): TrainingExample | null {
  const venue = venueOf(comment.source);
  const isSms = venue === 'sms';
  if (isSms && comment.label === 'ham') return null;
  const tokens = [...tokenize({ body: comment.body, authorName: comment.author, authorUrl: comment.website })];
  return {
    features: acrossVenues ? withVenueCopies(tokens, venue) : tokens,
    label: comment.label,
    weight: isSms ? smsSpamWeight : 1,
  };
}

function toExamples(comments: readonly LabelledComment[], acrossVenues = false): TrainingExample[] {
  return comments.map((c) => toExample(c, acrossVenues)).filter((e): e is TrainingExample => e !== null);
}

/** A model trained on labelled files, with the shared weights and each venue's copies (venues.ts). */
export async function trainAcrossVenues(files: readonly string[]): Promise<Model> {
  const examples: TrainingExample[] = [];
  for (const file of files) examples.push(...toExamples(await readLabelledFile(file), true));
  return train(examples);
}

/** The model this site scores with, trained on labelled files. */
export async function trainFromFiles(files: readonly string[]): Promise<Model> {
  return venueView(await trainAcrossVenues(files), 'site');
}

/**
 * A name for what a model trained now would be trained from: the shipped files' contents, the
 * features read from them and the training settings. A stored model with another version was
 * trained by an older Broadsheet or on older data, and is retrained on start.
 */
export async function shippedModelVersion(files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ featureVersion, defaultTraining, smsSpamWeight, moderatorWeight, venueCopies: true }));
  for (const file of files) hash.update(`${basename(file)}\n`).update(await readFile(file));
  return hash.digest('hex').slice(0, 16);
}

function teachExamples(model: Model, examples: readonly TrainingExample[]): void {
  for (const example of examples) step(model, example.features, example.label, defaultTraining, example.weight);
}

/**
 * Teaches a model freshly trained from the shipped files again what this site taught the model it
 * replaces: examples added with `spam train`, then moderators' decisions, oldest first. A decision
 * whose comment has since been deleted (spam past its retention) cannot be replayed and is counted.
 */
function replayLessons(store: SpamStore, model: Model) {
  const added = toExamples(store.addedExamples());
  teachExamples(model, added);
  let decisionsReplayed = 0;
  for (const d of store.storedDecisions()) {
    teachDecision(model, { body: d.body, authorName: d.authorName, authorUrl: d.authorUrl, authorEmail: '', ip: '' }, d.label);
    decisionsReplayed++;
  }
  return { decisionsReplayed, decisionsLost: store.lostDecisions(), examplesReplayed: added.length };
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
  {
    initialModel,
    evaluationModel,
    onSuperseded,
  }: { initialModel?: Model; evaluationModel?: Model; onSuperseded?: (storedVersion: string | null) => void } = {},
): Promise<SpamFilter> {
  let origin: ModelOrigin = { kind: 'loaded' };
  let version: string | undefined;
  if (!evaluationModel) {
    const files = await shippedTrainingFiles(config.spam.trainingDir);
    version = await shippedModelVersion(files);
    const hasModel = store.hasModel();
    if (initialModel && !hasModel) store.replaceModel(version, () => initialModel);
    else if (store.modelVersion() !== version) {
      // Training from the files takes a while, so it runs before the write lock; the replay runs
      // under it, so a lesson another process commits meanwhile is replayed, not wiped.
      const trained = await trainFromFiles(files);
      let replay = { decisionsReplayed: 0, decisionsLost: 0, examplesReplayed: 0 };
      const replaced = store.replaceModel(version, () => {
        replay = replayLessons(store, trained);
        return trained;
      });
      if (replaced) origin = { kind: 'trained', reason: hasModel ? 'new version' : 'first start', ...replay };
    }
  }
  store.addWords('hold', config.spam.holdWords, now.toISOString());
  store.addWords('block', config.spam.blockWords, now.toISOString());
  // Other workers and the CLI change the stored model too, and lessons are written to the store
  // only: catch up on the changes before each use, so no process scores with stale weights.
  // Generation -1 is behind every stored model, so the first catch-up loads it whole, here at start.
  const live: Model = evaluationModel ?? new Map();
  let known = -1;
  // Set when another release retrained the stored model under this running process (a deploy whose
  // CLI ran before the restart, or a backup restored): its weights fit that release's tokens, not
  // this one's, so this process keeps scoring with the model it has until it is restarted. Its
  // moderators' lessons still go to the store, and a restart replays them all.
  let superseded = false;
  const catchUp = () => {
    if (evaluationModel || superseded) return live;
    const caughtUp = store.catchUp(live, known, version);
    if (caughtUp === null) {
      superseded = true;
      onSuperseded?.(store.modelVersion());
    } else known = caughtUp;
    return live;
  };
  catchUp();
  const storing = () => {
    if (evaluationModel) throw new Error('an evaluation filter learns in memory only (teachDecision), never in the store');
  };
  return {
    get model() {
      return catchUp();
    },
    origin,
    score(comment, signals) {
      return scoreComment(comment, signals, spamSettings(config, catchUp()));
    },
    learnDecision(commentId, comment, label, at) {
      storing();
      const features = [...tokenize(comment)];
      const teach = (weights: Model) => {
        const previous = store.trainedLabel(commentId);
        if (previous === label) return false;
        // Flipping a decision first takes back the old lesson (a step the other way), then teaches the new one.
        teachTokens(weights, features, label, previous === null ? 1 : 2);
        return true;
      };
      store.learn([biasFeature, ...features], teach, { feedback: { commentId, label, now: at.toISOString() } });
    },
    takeBackDecision(commentId, comment, at) {
      storing();
      const features = [...tokenize(comment)];
      const teach = (weights: Model) => {
        const lesson = store.lessonOf(commentId);
        if (!lesson) return false;
        if (lesson.delta) {
          // Exactly what the lesson moved, whatever other lessons moved since.
          for (const [feature, moved] of lesson.delta) {
            const entry = weights.get(feature) ?? { weight: 0, gradSquares: 0 };
            weights.set(feature, { weight: entry.weight - moved.weight, gradSquares: Math.max(0, entry.gradSquares - moved.gradSquares) });
          }
        } else if (lesson.previous === null) {
          // Unknown deltas (a retrain since): a step the other way, as a flip takes back the old label.
          teachTokens(weights, features, lesson.label === 'spam' ? 'ham' : 'spam', 1);
        } else teachTokens(weights, features, lesson.previous, 2);
        return true;
      };
      store.learn([biasFeature, ...features], teach, { feedback: { commentId, takeBack: true, now: at.toISOString() } });
    },
    learnExamples(examples, at) {
      storing();
      // Tokenized before taking the write lock: a large file takes a while.
      const prepared = toExamples(examples);
      const features = new Set([biasFeature, ...prepared.flatMap((e) => e.features)]);
      const teach = (weights: Model) => {
        teachExamples(weights, prepared);
        return true;
      };
      store.learn(features, teach, { examples: { added: examples, now: at.toISOString() } });
    },
  };
}
