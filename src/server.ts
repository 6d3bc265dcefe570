import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { createSiteServer } from './app.js';
import { createLogger, openSite } from './bootstrap.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { SchemaTooNewError } from './db/migrations.js';
import { ContentError } from './domain/content.js';
import { writePidFile } from './services/backup.js';
import { housekeepingIntervalMs, runHousekeeping } from './services/housekeeping.js';

// How long in-flight requests get to finish after SIGTERM before the process exits anyway.
const shutdownGraceMs = 10_000;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function open(config: Config, logger: ReturnType<typeof createLogger>) {
  try {
    return await openSite(config, logger);
  } catch (error) {
    if (error instanceof ContentError || error instanceof SchemaTooNewError) fail(`Broadsheet cannot start: ${error.message}`);
    throw error;
  }
}

function shownUrl(config: Config, port: number): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host}:${port}/`;
}

/** One process serving requests: the only process, or one of WEB_CONCURRENCY workers. */
async function serve(config: Config, announce: boolean, housekeeper: boolean): Promise<void> {
  const logger = createLogger(config);
  const deps = await open(config, logger);
  // The single process owns the pid file; under WEB_CONCURRENCY the primary does.
  const removePidFile = announce ? writePidFile(config.databasePath) : () => {};
  const server = createSiteServer(deps);
  server.keepAliveTimeout = 65_000;
  // A whole request, body included, within a minute (Node's default is five): a comment form is at
  // most 300 KB, and a client that announces more than it sends should not hold a socket for long.
  server.requestTimeout = 60_000;
  server.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    logger.info({ port }, 'listening');
    if (announce) console.log(`Broadsheet is running at ${shownUrl(config, port)}`);
    else process.send?.({ listening: port });
  });

  const housekeeping = () => {
    try {
      const result = runHousekeeping(deps, new Date());
      if (result.deleted || result.sessionsEnded || result.ipsTruncated) logger.info(result, 'housekeeping');
    } catch (error) {
      logger.error({ err: error }, 'housekeeping failed');
    }
  };
  let timer: NodeJS.Timeout | undefined;
  if (housekeeper) {
    housekeeping();
    timer = setInterval(housekeeping, housekeepingIntervalMs);
    timer.unref();
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    clearInterval(timer);
    const exit = () => {
      deps.db.close();
      removePidFile();
      process.exit(0);
    };
    server.close(exit);
    server.closeIdleConnections();
    setTimeout(exit, shutdownGraceMs).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/**
 * WEB_CONCURRENCY > 1: the primary prepares the database once (migrations, content, the spam
 * model), then forks the workers, replaces any that die, and passes signals on.
 */
async function supervise(config: Config): Promise<void> {
  const logger = createLogger(config);
  (await open(config, logger)).db.close();
  const removePidFile = writePidFile(config.databasePath);
  let stopping = false;
  let announced = false;
  const fork = (housekeeper: boolean) => {
    const worker = cluster.fork({ BROADSHEET_HOUSEKEEPER: housekeeper ? '1' : '0' });
    worker.on('message', (message: { listening?: number }) => {
      if (message.listening !== undefined && !announced) {
        announced = true;
        console.log(`Broadsheet is running at ${shownUrl(config, message.listening)} (${config.webConcurrency} workers)`);
      }
    });
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      logger.error({ code, signal, pid: worker.process.pid }, 'worker died; starting another');
      fork(housekeeper);
    });
  };
  for (let i = 0; i < config.webConcurrency; i++) fork(i === 0);
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    let remaining = Object.keys(cluster.workers ?? {}).length;
    const done = () => {
      removePidFile();
      process.exit(0);
    };
    if (remaining === 0) done();
    cluster.on('exit', () => {
      remaining--;
      if (remaining === 0) done();
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
if (config.webConcurrency > 1 && cluster.isPrimary) await supervise(config);
else if (cluster.isWorker) await serve(config, false, process.env.BROADSHEET_HOUSEKEEPER === '1');
else await serve(config, true, true);
