import type { Config } from '../config.js';
import type { SpamStore } from '../db/spam.js';
import { type EvaluationReport, evaluate } from '../domain/spam/evaluation.js';
import { firstTimeSignals, openSpamFilter, type SpamFilter, trainFromFiles } from './spam-filter.js';
import { type LabelledComment, readLabelledFile } from './training-data.js';

function asScored(comment: LabelledComment) {
  return { body: comment.body, authorName: comment.author, authorEmail: '', authorUrl: comment.website, ip: '' };
}

/** Evaluates a labelled file without learning from it; with trainFiles, against a fresh model trained on just those. */
export async function evaluateFile(store: SpamStore, config: Config, file: string, trainFiles: string[]): Promise<EvaluationReport> {
  const model = trainFiles.length > 0 ? await trainFromFiles(trainFiles) : undefined;
  const filter: SpamFilter = await openSpamFilter(store, config, new Date(), { evaluationModel: model });
  const signals = firstTimeSignals(store);
  const items = (await readLabelledFile(file)).map((c) => ({
    label: c.label,
    author: c.author,
    body: c.body,
    result: filter.score(asScored(c), signals),
  }));
  return evaluate(items);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatReport(file: string, report: EvaluationReport): string {
  const c = report.confusion;
  const row = (label: string, r: Record<string, number>) =>
    `  ${label.padEnd(12)}${String(r.approve).padStart(9)}${String(r.hold).padStart(9)}${String(r.spam).padStart(9)}`;
  const lines = [
    `Spam filter evaluation: ${file} (${report.n} comments, scored as first-time authors; nothing learned)`,
    '',
    `  ${'actual'.padEnd(12)}${'approve'.padStart(9)}${'hold'.padStart(9)}${'spam'.padStart(9)}   <- verdict`,
    row('ham', c.ham),
    row('spam', c.spam),
    '',
    `  precision ${pct(report.precision)}   recall ${pct(report.recall)}   F1 ${report.f1.toFixed(3)}   accuracy ${pct(report.accuracy)}`,
    `  honest comments called spam (fpr) ${pct(report.fpr)}   held for a moderator ${pct(report.held)}`,
  ];
  if (report.worstFalsePositives.length) {
    lines.push('', 'Worst false positives (honest comments called spam):');
    for (const fp of report.worstFalsePositives) {
      lines.push(`  ${fp.result.score.toFixed(2)}  ${JSON.stringify(fp.body.slice(0, 100))}`);
      for (const reason of fp.result.reasons) lines.push(`        ${reason.message}`);
    }
  }
  return lines.join('\n');
}
