import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.js';

export type ServerProcess = { url: string; child: ChildProcess; exited: Promise<number | null> };

/** Starts the real server (src/server.ts through tsx) as its own process on a free port. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src', 'server.ts')], {
    cwd: projectRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/running at (http:\/\/[^/\s]+)\//);
      if (match?.[1]) resolve(match[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
  return { url, child, exited };
}

export type SiteFolder = { dir: string; env: { DATABASE_PATH: string; CONTENT_DIR: string }; remove: () => void };

/** A temporary folder with a copy of content/ and a database path, for a server started as its own process. */
export function siteFolder(): SiteFolder {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-site-'));
  cpSync(join(projectRoot, 'content'), join(dir, 'content'), { recursive: true });
  return {
    dir,
    env: { DATABASE_PATH: join(dir, 'site.db'), CONTENT_DIR: join(dir, 'content') },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
