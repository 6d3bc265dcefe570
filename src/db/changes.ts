import type { Db } from './connection.js';

/**
 * SQLite's data_version: changes whenever another connection (another worker, the CLI) commits
 * to the file. Commits on this connection do not change it; the caller counts those itself.
 * Prepared once: it is read on every cached page view.
 */
export function dataVersionReader(db: Db): () => number {
  const statement = db.prepare<[], number>('PRAGMA data_version').pluck();
  return () => statement.get() as number;
}
