import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Opens the SQLite file with the settings every part of Broadsheet relies on:
 * WAL so readers never wait for the writer, synchronous=FULL so a comment that was
 * acknowledged survives a crash or power cut, foreign keys, and a busy timeout so a
 * second process (the CLI, another worker) waits instead of failing.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Savepoint journals (one per comment in a group commit) and sorts stay in memory: with the
  // default, a batch's savepoints spilled several pages per comment to a temporary file.
  db.pragma('temp_store = MEMORY');
  // Five seconds covers a checkpoint or a CLI import holding the write lock.
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Runs `work` in one write transaction (BEGIN IMMEDIATE), so it sees and leaves a consistent state. */
export function inTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work).immediate();
}

/** True for failures of the disk or the file (full, read-only, I/O error, locked too long), not of the request. */
export function isStorageUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^SQLITE_(READONLY|FULL|IOERR|CANTOPEN|BUSY|LOCKED|NOMEM|PROTOCOL)/.test(code);
}
