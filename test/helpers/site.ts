import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { createSiteServer } from '../../src/app.js';
import { openSite } from '../../src/bootstrap.js';
import { type Config, loadConfig } from '../../src/config.js';
import { issueFormToken } from '../../src/domain/spam/form-token.js';
import type { Model } from '../../src/domain/spam/model.js';
import type { AppDeps } from '../../src/http/deps.js';
import { projectRoot } from '../../src/paths.js';
import { trainFromFiles } from '../../src/services/spam-filter.js';
import { shippedTrainingFiles } from '../../src/services/training-data.js';
import { testClock } from './clock.js';
import { siteFolder } from './process.js';

// Training takes a second or two; each test worker does it once and every test site stores a copy.
let trained: Promise<Model> | undefined;
function shippedModel(): Promise<Model> {
  trained ??= shippedTrainingFiles(join(projectRoot, 'training', 'spam')).then(trainFromFiles);
  return trained;
}

export type TestSite = {
  url: string;
  deps: AppDeps;
  clock: ReturnType<typeof testClock>;
  dir: string;
  close: () => Promise<void>;
};

/**
 * A real site on a real SQLite file in a temporary folder, listening on a free port.
 * Content is copied from the repository's content/ so tests may edit it. `serve` replaces the
 * server (to test one way of answering on its own).
 */
export async function startTestSite(
  env: Record<string, string> = {},
  configure?: (config: Config) => void,
  serve: (deps: AppDeps) => Server = createSiteServer,
): Promise<TestSite> {
  const folder = siteFolder();
  const config = loadConfig({
    NODE_ENV: 'test',
    ...folder.env,
    LOG_LEVEL: 'silent',
    SITE_URL: 'http://broadsheet.test',
    TRAINING_DIR: join(projectRoot, 'training', 'spam'),
    ...env,
  });
  configure?.(config);
  const clock = testClock();
  const deps = await openSite(config, pino({ level: 'silent' }), { now: clock.now, initialSpamModel: await shippedModel() });
  const server = serve(deps).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deps,
    clock,
    dir: folder.dir,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      deps.db.close();
      folder.remove();
    },
  };
}

export const seedSlug = 'alibaba-buys-590m-stake-in-meizu-to-boost-aliyun-mobile-os';
export const closedSlug = 'why-we-close-comments-on-some-stories';

/** A form token as the article page would have issued it `secondsAgo` before the site's clock. */
export function formToken(site: TestSite, slug: string, secondsAgo = 10): string {
  const article = site.deps.articles.findPublishedBySlug(slug);
  if (!article) throw new Error(`no article ${slug}`);
  return issueFormToken(site.deps.formTokenKey, article.id, new Date(site.clock.now().getTime() - secondsAgo * 1000));
}
