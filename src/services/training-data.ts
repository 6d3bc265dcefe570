import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { LabelledComment } from '../domain/spam/model.js';
import { readJsonLines } from './json-lines.js';

// Exports from other tools write null for a field they do not have; that is the same as leaving it out.
const lineSchema = z.object({
  author: z.string().nullish(),
  website: z.string().nullish(),
  url: z.string().nullish(),
  body: z.string(),
  // Other tools' exports write "Spam" or "HAM"; the meaning is the same.
  label: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(['spam', 'ham'])),
  source: z.string().nullish(),
});

/** Reads a JSON Lines file of labelled comments; a bad line names the file and line number. */
export async function readLabelledFile(file: string): Promise<LabelledComment[]> {
  return (await readJsonLines(file, lineSchema)).map(({ value: v }) => ({
    author: v.author ?? '',
    website: v.website ?? v.url ?? '',
    body: v.body,
    label: v.label,
    source: v.source ?? file,
  }));
}

/** The files the shipped model is trained on: everything in the folder except held-out test sets. */
export async function shippedTrainingFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl') && !n.includes('-test')).sort();
  return names.map((n) => join(dir, n));
}
