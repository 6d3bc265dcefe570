import { readFile } from 'node:fs/promises';
import type { z } from 'zod';

export class JsonLinesError extends Error {}

/** Reads a JSON Lines file, validating each line; a bad line is named by file, line number and field. */
export async function readJsonLines<S extends z.ZodType>(file: string, schema: S): Promise<{ line: number; value: z.output<S> }[]> {
  // Files saved by Windows tools often start with a byte-order mark, which JSON.parse rejects.
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  return text.split('\n').flatMap((line, index) => {
    if (line.trim() === '') return [];
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new JsonLinesError(`${file}:${index + 1}: not valid JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new JsonLinesError(`${file}:${index + 1}: field "${issue?.path.join('.') || '(line)'}" ${issue?.message ?? 'is invalid'}`);
    }
    return [{ line: index + 1, value: parsed.data }];
  });
}
