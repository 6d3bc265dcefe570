import { dataVersionReader } from '../db/changes.js';
import type { Db } from '../db/connection.js';

/**
 * Tells the render cache whether anything a public page shows may have changed: a local
 * counter for this process's own visible changes, plus SQLite's data_version for commits made
 * by other processes (other workers, the CLI).
 */
export type ChangeTracker = { bump(): void; generation(): string };

export function changeTracker(db: Db): ChangeTracker {
  let local = 0;
  const dataVersion = dataVersionReader(db);
  return {
    bump() {
      local++;
    },
    generation() {
      return `${local}:${dataVersion()}`;
    },
  };
}
