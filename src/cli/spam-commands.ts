import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import { spamStore } from '../db/spam.js';
import { evaluateFile, formatReport } from '../services/spam-evaluation.js';
import { firstTimeSignals, openSpamFilter } from '../services/spam-filter.js';
import { readLabelledFile } from '../services/training-data.js';
import { options, readStdin, UsageError, writeOut } from './io.js';

export async function spamCommand(config: Config, db: Db, command: string | undefined, args: string[]): Promise<number> {
  const store = spamStore(db);
  const file = args[0];
  if (command === 'eval') {
    if (!file || file.startsWith('--')) throw new UsageError('spam eval needs a FILE.jsonl');
    const unknown = args.find((a) => a.startsWith('--') && a !== '--train' && a !== '--learn');
    if (unknown) throw new UsageError(`spam eval: unknown option ${unknown} (use --train FILE or --learn)`);
    const report = await evaluateFile(store, config, file, { trainFiles: options(args, '--train'), learn: args.includes('--learn') });
    const { n, precision, recall, f1, accuracy, fpr, held } = report;
    await writeOut(`${formatReport(file, report)}\n${JSON.stringify({ n, precision, recall, f1, accuracy, fpr, held })}\n`);
    return 0;
  }
  if (command === 'train') {
    if (!file) throw new UsageError('spam train needs a FILE.jsonl');
    const examples = await readLabelledFile(file);
    const now = new Date();
    const filter = await openSpamFilter(store, config, now);
    filter.learnExamples(examples, now);
    console.error(`Trained on ${examples.length} examples from ${file}; the stored model now has ${filter.model.size} features.`);
    return 0;
  }
  if (command === 'explain') {
    const input = (await readStdin()).trim();
    let comment = { author: '', website: '', body: input };
    try {
      const json = JSON.parse(input) as Record<string, unknown>;
      if (json && typeof json.body === 'string') {
        comment = { author: String(json.author ?? ''), website: String(json.website ?? json.url ?? ''), body: json.body };
      }
    } catch {
      // plain text: the whole input is the body
    }
    if (!comment.body) throw new UsageError('spam explain reads a comment on stdin: plain text, or JSON with "body"');
    const filter = await openSpamFilter(store, config, new Date());
    const result = filter.score(
      { body: comment.body, authorName: comment.author, authorEmail: '', authorUrl: comment.website, ip: '' },
      firstTimeSignals(store),
    );
    const lines = [
      `score ${result.score.toFixed(3)} → ${result.verdict}`,
      ...result.reasons.map((r) => `  ${r.contribution >= 0 ? '+' : ''}${r.contribution.toFixed(2)}  ${r.message}`),
    ];
    await writeOut(`${lines.join('\n')}\n`);
    return 0;
  }
  throw new UsageError(`Unknown command: spam ${command ?? ''}`);
}
