import { randomBytes } from 'node:crypto';
import type { Db } from './connection.js';

export function settingsStore(db: Db) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const insertIfMissing = db.prepare<[string, string]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING');
  return {
    get(key: string): string | undefined {
      return get.get(key)?.value;
    },
    /** A random secret made once and kept, so cookies stay valid across restarts and workers. */
    secret(key: string): string {
      insertIfMissing.run(key, randomBytes(32).toString('base64url'));
      return (get.get(key) as { value: string }).value;
    },
  };
}
