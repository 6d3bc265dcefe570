import type { Config } from '../config.js';
import type { SpamStore } from '../db/spam.js';
import { type EvaluationReport, evaluate } from '../domain/spam/evaluation.js';
import type { LabelledComment } from '../domain/spam/model.js';
import { type Venue, venueOf, venueView } from '../domain/spam/venues.js';
import { firstTimeSignals, openSpamFilter, type SpamFilter, teachDecision, trainAcrossVenues } from './spam-filter.js';
import { readLabelledFile, shippedTrainingFiles } from './training-data.js';

function asScored(comment: LabelledComment) {
  return { body: comment.body, authorName: comment.author, authorEmail: '', authorUrl: comment.website, ip: '' };
}

export type EvaluationOptions = { trainFiles: readonly string[]; learn: boolean };
export type FileEvaluation = EvaluationReport & { learned: boolean; scoredAs: Venue[]; secondHalf?: EvaluationReport };

/**
 * Evaluates a labelled file, each comment scored as one of its venue (its `source`; venues.ts):
 * a YouTube comment with the shared weights and the YouTube ones, anything else as a comment on
 * this site. By default nothing is learned: comments on this site are scored by the stored model,
 * other venues' by a model trained now on the shipped files (the stored model is this site's
 * alone, and what its moderators taught it is about this site's comments). With trainFiles, the
 * model is a fresh one trained on just those. With learn, each comment's label is taught after it
 * is scored, as a moderator's decision would be — to a copy in memory, never to the stored model —
 * to show how fast the filter picks up a kind of spam it had not seen; the second half of the file
 * then shows the filter after learning the first.
 */
export async function evaluateFile(store: SpamStore, config: Config, file: string, options: EvaluationOptions): Promise<FileEvaluation> {
  const comments = await readLabelledFile(file).then((all) => all.map((comment) => ({ comment, venue: venueOf(comment.source) })));
  const venues = [...new Set(comments.map((c) => c.venue))];
  // The stored model is this site's alone; every other venue, and every venue with trainFiles, is read from a model trained now.
  const fresh = options.trainFiles.length > 0;
  const fromTraining = (venue: Venue) => fresh || venue !== 'site';
  const trained = venues.some(fromTraining)
    ? await trainAcrossVenues(fresh ? options.trainFiles : await shippedTrainingFiles(config.spam.trainingDir))
    : undefined;
  const filters = new Map<Venue, SpamFilter>();
  for (const venue of venues) {
    let evaluationModel = trained && fromTraining(venue) ? venueView(trained, venue) : undefined;
    if (!evaluationModel && options.learn) {
      // Opening trains and stores the model on a first run; learning from the file goes to a copy of it.
      const stored = (await openSpamFilter(store, config, new Date())).model;
      evaluationModel = new Map([...stored].map(([feature, entry]) => [feature, { ...entry }]));
    }
    filters.set(venue, await openSpamFilter(store, config, new Date(), { evaluationModel }));
  }
  const signals = firstTimeSignals(store);
  const items = comments.map(({ comment: c, venue }) => {
    const filter = filters.get(venue) as SpamFilter;
    const result = filter.score(asScored(c), signals);
    if (options.learn) teachDecision(filter.model, asScored(c), c.label);
    return { label: c.label, author: c.author, body: c.body, result };
  });
  const report = evaluate(items);
  if (!options.learn) return { ...report, learned: false, scoredAs: venues };
  return { ...report, learned: true, scoredAs: venues, secondHalf: evaluate(items.slice(Math.floor(items.length / 2))) };
}

const venueNames: Record<Venue, string> = { site: 'comments on this site', youtube: 'YouTube comments', sms: 'text messages' };

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatReport(file: string, report: FileEvaluation): string {
  const c = report.confusion;
  const row = (label: string, r: Record<string, number>) =>
    `  ${label.padEnd(12)}${String(r.approve).padStart(9)}${String(r.hold).padStart(9)}${String(r.spam).padStart(9)}`;
  const lines = [
    `Spam filter evaluation: ${file} (${report.n} comments, scored as first-time authors; ${
      report.learned ? "each label learned after scoring, as a moderator's decision, in memory only" : 'nothing learned'
    }; scored as ${report.scoredAs.map((v) => venueNames[v]).join(' and ')})`,
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
