import type { Label } from './model.js';
import type { SpamScore, Verdict } from './score.js';

export type EvaluatedComment = { label: Label; author: string; body: string; result: SpamScore };

export type EvaluationReport = {
  n: number;
  confusion: Record<Label, Record<Verdict, number>>;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  fpr: number;
  held: number;
  worstFalsePositives: EvaluatedComment[];
};

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** Scores a labelled set where "spam" means the verdict spam; held comments count as not spam. */
export function evaluate(items: readonly EvaluatedComment[]): EvaluationReport {
  const confusion: EvaluationReport['confusion'] = { spam: { approve: 0, hold: 0, spam: 0 }, ham: { approve: 0, hold: 0, spam: 0 } };
  for (const item of items) confusion[item.label][item.result.verdict]++;
  const tp = confusion.spam.spam;
  const fp = confusion.ham.spam;
  const spamTotal = confusion.spam.approve + confusion.spam.hold + confusion.spam.spam;
  const hamTotal = confusion.ham.approve + confusion.ham.hold + confusion.ham.spam;
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = spamTotal > 0 ? tp / spamTotal : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const n = items.length;
  return {
    n,
    confusion,
    precision: round(precision),
    recall: round(recall),
    f1: round(f1),
    accuracy: round(n > 0 ? (tp + hamTotal - fp) / n : 0),
    fpr: round(hamTotal > 0 ? fp / hamTotal : 0),
    held: round(n > 0 ? (confusion.ham.hold + confusion.spam.hold) / n : 0),
    worstFalsePositives: items
      .filter((i) => i.label === 'ham' && i.result.verdict === 'spam')
      .sort((a, b) => b.result.score - a.result.score)
      .slice(0, 10),
  };
}
