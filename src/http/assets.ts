import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publicDir } from '../paths.js';

/**
 * Static files are served with a one-year immutable lifetime, so their URLs carry a hash of
 * their content: a changed file gets a new URL and browsers fetch it at once.
 */
export function assetUrlFor(): (path: string) => string {
  const versions = new Map<string, string>();
  return (path: string) => {
    let version = versions.get(path);
    if (!version) {
      version = createHash('sha256')
        .update(readFileSync(join(publicDir, path)))
        .digest('hex')
        .slice(0, 10);
      versions.set(path, version);
    }
    return `/static/${path}?v=${version}`;
  };
}
