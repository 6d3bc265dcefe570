import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrations.js';
import { settingsStore } from '../../src/db/settings.js';
import { groupCommitter } from '../../src/services/group-commit.js';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'broadsheet-gc-'));
  db = openDatabase(join(dir, 'gc.db'));
  migrate(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

// settingsStore.secret inserts a row: a small real write to group.
const write = (key: string) => () => settingsStore(db).secret(key);

describe('group commit', () => {
  it('commits work submitted together in one transaction, answering each caller after the commit', async () => {
    const committer = groupCommitter(db, true);
    let transactionsSeen = 0;
    const inside = () => {
      if (db.inTransaction) transactionsSeen++;
    };
    const results = await Promise.all(
      ['a', 'b', 'c'].map((k) =>
        committer.run(() => {
          inside();
          return write(k)();
        }),
      ),
    );
    expect(results.every((r) => r.length > 20)).toBe(true);
    expect(transactionsSeen).toBe(3);
    const reopened = openDatabase(join(dir, 'gc.db'));
    expect(['a', 'b', 'c'].map((k) => settingsStore(reopened).get(k))).toEqual(results);
    reopened.close();
  });

  it('keeps the others when one piece of work fails', async () => {
    const committer = groupCommitter(db, true);
    const outcomes = await Promise.allSettled([
      committer.run(write('first')),
      committer.run(() => {
        write('doomed')();
        throw new Error('refused');
      }),
      committer.run(write('third')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(settingsStore(db).get('first')).toBeDefined();
    expect(settingsStore(db).get('doomed')).toBeUndefined();
    expect(settingsStore(db).get('third')).toBeDefined();
  });

  it('runs each piece in its own transaction when switched off', async () => {
    const committer = groupCommitter(db, false);
    await expect(committer.run(() => 42)).resolves.toBe(42);
    await expect(
      committer.run(() => {
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
  });
});
