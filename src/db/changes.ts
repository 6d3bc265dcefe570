import type { Db } from './connection.js';

/**
 * SQLite's data_version: changes whenever another connection (another worker, the CLI) commits
 * to the file. Commits on this connection do not change it; the caller counts those itself.
 */
export function dataVersion(db: Db): number {
  return db.pragma('data_version', { simple: true }) as number;
}
