import { connect } from 'node:net';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { openSite } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrations.js';
import { postForm, validComment } from '../helpers/http.js';
import { type SiteFolder, siteFolder, spawnServer } from '../helpers/process.js';
import { formToken, seedSlug, startTestSite } from '../helpers/site.js';

const folders: SiteFolder[] = [];
const tempSite = () => {
  const folder = siteFolder();
  folders.push(folder);
  return folder;
};
afterAll(() => {
  for (const folder of folders) folder.remove();
});

describe('when the database cannot be written', () => {
  it('answers 503 with the comment text given back, and recovers', async () => {
    const site = await startTestSite();
    try {
      site.deps.db.pragma('query_only = ON'); // what a read-only file or a full disk looks like to a writer
      const res = await postForm(`${site.url}/articles/${seedSlug}/comments`, {
        ...validComment({ comment: 'Words I would hate to lose.' }),
        token: formToken(site, seedSlug),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('120');
      const html = await res.text();
      expect(html).toContain('Comments are temporarily unavailable; your text is below.');
      expect(html).toContain('Words I would hate to lose.</textarea>');
      site.deps.db.pragma('query_only = OFF');
      const again = await postForm(`${site.url}/articles/${seedSlug}/comments`, {
        ...validComment({ comment: 'Words I would hate to lose.' }),
        token: formToken(site, seedSlug),
      });
      expect(again.status).toBe(303);
    } finally {
      await site.close();
    }
  });
});

describe('a database from a newer version', () => {
  it('is refused at start with a clear message', async () => {
    const { env } = tempSite();
    const path = env.DATABASE_PATH;
    const db = openDatabase(path);
    migrate(db);
    db.pragma('user_version = 999');
    db.close();
    const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
    await expect(openSite(config, pino({ level: 'silent' }))).rejects.toThrow(/schema version 999.*newer version/);
    await expect(spawnServer(env)).rejects.toThrow(/exited with 1[\s\S]*schema version 999/);
  });
});

describe('graceful shutdown', () => {
  it('finishes a POST that is in flight when SIGTERM arrives, then exits', async () => {
    const server = await spawnServer({ ...tempSite().env, LOG_LEVEL: 'info' });
    const { port, hostname } = new URL(server.url);
    const body = new URLSearchParams(validComment({ comment: 'Sent slowly, across a shutdown.' })).toString();
    const socket = connect(Number(port), hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    let response = '';
    socket.on('data', (d: Buffer) => {
      response += d.toString();
    });
    socket.write(
      `POST /articles/${seedSlug}/comments HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 20)}`,
    );
    await new Promise((resolve) => setImmediate(resolve));
    // Send the rest of the body only once the server has said it is shutting down.
    const shuttingDown = new Promise<void>((resolve) => {
      server.child.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('shutting down')) resolve();
      });
    });
    server.child.kill('SIGTERM');
    await shuttingDown;
    socket.end(body.slice(20));
    const code = await server.exited;
    expect(response).toMatch(/^HTTP\/1\.1 303/);
    expect(code).toBe(0);
  });
});
