import type { Config } from '../config.js';
import type { SpamStore } from '../db/spam.js';
import { type EvaluationReport, evaluate } from '../domain/spam/evaluation.js';
import type { LabelledComment } from '../domain/spam/model.js';
import { firstTimeSignals, openSpamFilter, type SpamFilter, teachDecision, trainFromFiles } from './spam-filter.js';
import { readLabelledFile } from './training-data.js';

function asScored(comment: LabelledComment) {
  return { body: comment.body, authorName: comment.author, authorEmail: '', authorUrl: comment.website, ip: '' };
}

export type EvaluationOptions = { trainFiles: readonly string[]; learn: boolean };
export type FileEvaluation = EvaluationReport & { learned: boolean; secondHalf?: EvaluationReport };

/**
 * Evaluates a labelled file. By default nothing is learned: each comment is scored by the same
 * model. With trainFiles, the model is a fresh one trained on just those. With learn, each
 * comment's label is taught after it is scored, as a moderator's decision would be — to a copy in
 * memory, never to the stored model — to show how fast the filter picks up a kind of spam it had
 * not seen; the second half of the file then shows the filter after learning the first.
 */
export async function evaluateFile(store: SpamStore, config: Config, file: string, options: EvaluationOptions): Promise<FileEvaluation> {
  let model = options.trainFiles.length > 0 ? await trainFromFiles(options.trainFiles) : undefined;
  if (!model && options.learn) {
    // Opening trains and stores the model on a first run; learning from the file goes to a copy of it.
    const stored = (await openSpamFilter(store, config, new Date())).model;
    model = new Map([...stored].map(([feature, entry]) => [feature, { ...entry }]));
  }
  const filter: SpamFilter = await openSpamFilter(store, config, new Date(), { evaluationModel: model });
  const signals = firstTimeSignals(store);
  const items = (await readLabelledFile(file)).map((c) => {
    const result = filter.score(asScored(c), signals);
    if (options.learn) teachDecision(filter.model, asScored(c), c.label);
    return { label: c.label, author: c.author, body: c.body, result };
  });
  const report = evaluate(items);
  if (!options.learn) return { ...report, learned: false };
  return { ...report, learned: true, secondHalf: evaluate(items.slice(Math.floor(items.length / 2))) };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatReport(file: string, report: FileEvaluation): string {
  const c = report.confusion;
  const row = (label: string, r: Record<string, number>) =>
    `  ${label.padEnd(12)}${String(r.approve).padStart(9)}${String(r.hold).padStart(9)}${String(r.spam).padStart(9)}`;
  const lines = [
    `Spam filter evaluation: ${file} (${report.n} comments, scored as first-time authors; ${
      report.learned ? "each label learned after scoring, as a moderator's decision, in memory only" : 'nothing learned'
    })`,
    '',
    `  ${'actual'.padEnd(12)}${'approve'.padStart(9)}${'hold'.padStart(9)}${'spam'.padStart(9)}   <- verdict`,
    row('ham', c.ham),
    row('spam', c.spam),
    '',
    `  precision ${pct(report.precision)}   recall ${pct(report.recall)}   F1 ${report.f1.toFixed(3)}   accuracy ${pct(report.accuracy)}`,
    `  honest comments called spam (fpr) ${pct(report.fpr)}   held for a moderator ${pct(report.held)}`,
  ];
  if (report.secondHalf) {
    const h = report.secondHalf;
    lines.push(
      `  second half (${h.n} comments, after learning the first): precision ${pct(h.precision)}   recall ${pct(h.recall)}   F1 ${h.f1.toFixed(3)}   fpr ${pct(h.fpr)}`,
    );
  }
  if (report.worstFalsePositives.length) {
    lines.push('', 'Worst false positives (honest comments called spam):');
    for (const fp of report.worstFalsePositives) {
      lines.push(`  ${fp.result.score.toFixed(2)}  ${JSON.stringify(fp.body.slice(0, 100))}`);
      for (const reason of fp.result.reasons) lines.push(`        ${reason.message}`);
    }
  }
  return lines.join('\n');
}
