import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLabelledFile, shippedTrainingFiles } from '../../src/services/training-data.js';

const dir = mkdtempSync(join(tmpdir(), 'broadsheet-training-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, lines: unknown[]) => {
  const file = join(dir, name);
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
  return file;
};

describe('labelled comment files', () => {
  it('reads author, website (or url) and body, treating null like a missing field', async () => {
    const file = write('mixed.jsonl', [
      { author: 'Ann', website: 'https://ann.example', body: 'Honest comment', label: 'ham' },
      { author: null, website: null, body: 'Buy pills', label: 'spam' },
      { url: 'http://slots.example', body: 'Casino bonus', label: 'spam', source: 'their-export' },
    ]);
    expect(await readLabelledFile(file)).toEqual([
      { author: 'Ann', website: 'https://ann.example', body: 'Honest comment', label: 'ham', source: file },
      { author: '', website: '', body: 'Buy pills', label: 'spam', source: file },
      { author: '', website: 'http://slots.example', body: 'Casino bonus', label: 'spam', source: 'their-export' },
    ]);
  });

  it('names the file and line of a bad label', async () => {
    const file = write('bad.jsonl', [
      { body: 'fine', label: 'ham' },
      { body: 'x', label: 'maybe' },
    ]);
    await expect(readLabelledFile(file)).rejects.toThrow(`${file}:2: field "label"`);
  });

  it('trains on every file in the folder but the held-out test sets', async () => {
    const folder = join(dir, 'shipped');
    mkdirSync(folder);
    for (const name of ['b-train.jsonl', 'a.jsonl', 'news-comments-test.jsonl', 'README.md']) writeFileSync(join(folder, name), '');
    expect(await shippedTrainingFiles(folder)).toEqual([join(folder, 'a.jsonl'), join(folder, 'b-train.jsonl')]);
  });
});
