import type { Db } from './connection.js';

/** True when the database answers a query; used by /healthz. */
export function databaseIsHealthy(db: Db): boolean {
  try {
    return (db.prepare('SELECT 1 AS ok').get() as { ok: number }).ok === 1;
  } catch {
    return false;
  }
}
