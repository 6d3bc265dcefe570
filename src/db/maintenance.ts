import Database from 'better-sqlite3';
import type { Db } from './connection.js';

/** An online, consistent copy of the live database (SQLite's backup API), safe while the site runs. */
export async function backupTo(db: Db, file: string): Promise<void> {
  await db.backup(file);
}

/** Opens a database file read-only and reports its integrity and schema version. */
export function inspectFile(file: string): { problems: string[]; schemaVersion: number; comments: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const results = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = results.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    let comments = 0;
    try {
      comments = (db.prepare('SELECT count(*) AS n FROM comments').get() as { n: number }).n;
    } catch {
      problems.push('it has no comments table: it is not a Broadsheet database');
    }
    return { problems, schemaVersion, comments };
  } finally {
    db.close();
  }
}

/** Copies a database file over another path through the backup API (no half-written file is ever in place). */
export async function copyDatabase(from: string, to: string): Promise<void> {
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(to);
  } finally {
    source.close();
  }
}
