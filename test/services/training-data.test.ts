import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
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

  it('reads a file that starts with a byte-order mark and labels in any case', async () => {
    const file = join(dir, 'windows.jsonl');
    writeFileSync(
      file,
      `\uFEFF${JSON.stringify({ body: 'Fair point', label: 'Ham' })}\r\n${JSON.stringify({ body: 'Cheap pills', label: ' SPAM' })}\r\n`,
    );
    expect((await readLabelledFile(file)).map((c) => [c.body, c.label])).toEqual([
      ['Fair point', 'ham'],
      ['Cheap pills', 'spam'],
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

describe('the news comments Broadsheet ships', () => {
  it('never repeat a body, within a file or across the training and held-out files', async () => {
    const folder = join(projectRoot, 'training', 'spam');
    const files = (await readdir(folder)).filter((n) => n.startsWith('news-comments-') && n.endsWith('.jsonl'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    const seen = new Map<string, string>();
    const repeats: string[] = [];
    for (const name of files) {
      for (const comment of await readLabelledFile(join(folder, name))) {
        const key = comment.body.trim().toLowerCase();
        const earlier = seen.get(key);
        if (earlier) repeats.push(`${JSON.stringify(comment.body.slice(0, 60))} in ${earlier} and ${name}`);
        seen.set(key, name);
      }
    }
    expect(repeats).toEqual([]);
  });
});
