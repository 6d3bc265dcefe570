import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Db } from '../db/connection.js';
import { backupTo, copyDatabase, inspectFile } from '../db/maintenance.js';
import { latestSchemaVersion } from '../db/migrations.js';

export class RestoreRefusedError extends Error {}

/** The server writes its pid next to the database so tools can tell whether the site is running. */
export const pidFileFor = (databasePath: string) => `${databasePath}.pid`;

export function runningServerPid(databasePath: string): number | null {
  const file = pidFileFor(databasePath);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

export async function backupDatabase(db: Db, file: string): Promise<{ comments: number }> {
  if (existsSync(file)) throw new RestoreRefusedError(`${file} already exists; choose a new file name so no backup is overwritten.`);
  await backupTo(db, file);
  const { problems, comments } = inspectFile(file);
  if (problems.length)
    throw new RestoreRefusedError(`The backup in ${file} failed its integrity check: ${problems.slice(0, 3).join('; ')}`);
  return { comments };
}

/**
 * Puts a backup in place of the live database: checked first, refused while the site runs
 * unless forced, written to a temporary file and renamed, so the database is never half-restored.
 */
export async function restoreDatabase(databasePath: string, file: string, force: boolean): Promise<{ comments: number }> {
  if (!existsSync(file)) throw new RestoreRefusedError(`There is no file ${file}.`);
  const { problems, schemaVersion, comments } = inspectFile(file);
  if (problems.length)
    throw new RestoreRefusedError(`${file} failed its integrity check, so nothing was restored: ${problems.slice(0, 3).join('; ')}`);
  if (schemaVersion > latestSchemaVersion) {
    throw new RestoreRefusedError(`${file} is from a newer version of Broadsheet (schema ${schemaVersion}); restore it with that version.`);
  }
  const pid = runningServerPid(databasePath);
  if (pid !== null && !force) {
    throw new RestoreRefusedError(
      `The site is running (pid ${pid}) on ${databasePath}. Stop it first, or pass --force to restore under it (it must then be restarted).`,
    );
  }
  const temporary = `${databasePath}.restoring`;
  rmSync(temporary, { force: true });
  await copyDatabase(file, temporary);
  for (const suffix of ['-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true });
  renameSync(temporary, databasePath);
  return { comments };
}

export function writePidFile(databasePath: string): () => void {
  const file = pidFileFor(databasePath);
  writeFileSync(file, `${process.pid}\n`);
  return () => rmSync(file, { force: true });
}
