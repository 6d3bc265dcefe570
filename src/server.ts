import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestHandler } from './app.js';
import { createLogger, openSite } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { SchemaTooNewError } from './db/migrations.js';
import { ContentError } from './domain/content.js';
import { housekeepingIntervalMs, runHousekeeping } from './services/housekeeping.js';

// How long in-flight requests get to finish after SIGTERM before the process exits anyway.
const shutdownGraceMs = 10_000;

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config);
  let deps: Awaited<ReturnType<typeof openSite>>;
  try {
    deps = await openSite(config, logger);
  } catch (error) {
    if (error instanceof ContentError || error instanceof SchemaTooNewError) {
      console.error(`Broadsheet cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const server = createServer(createRequestHandler(deps));
  server.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    logger.info({ port }, 'listening');
    console.log(`Broadsheet is running at http://${shown}:${port}/`);
  });
  server.keepAliveTimeout = 65_000;

  const housekeeping = () => {
    try {
      const result = runHousekeeping(deps, new Date());
      if (result.deleted || result.sessionsEnded) logger.info(result, 'housekeeping');
    } catch (error) {
      logger.error({ err: error }, 'housekeeping failed');
    }
  };
  housekeeping();
  const timer = setInterval(housekeeping, housekeepingIntervalMs);
  timer.unref();

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    clearInterval(timer);
    server.close(() => {
      deps.db.close();
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      deps.db.close();
      process.exit(0);
    }, shutdownGraceMs).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

await main();
