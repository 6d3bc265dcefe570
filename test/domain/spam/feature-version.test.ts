import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { featureVersion, tokenize } from '../../../src/domain/spam/tokens.js';
import { projectRoot } from '../../../src/paths.js';

// 264 comments sampled from every source in training/spam/ (origin and licences in its README),
// plus a few written to reach the rarer tokens: spaced letters, BBCode, an IP website, another language,
// calls to subscribe in other words, addresses with their dots spelled out, names that sell, gains,
// watching one's daughter's plane land, likes asked for in other words, "like" that asks for nothing, YouTube's time-code links, bare addresses under a second-level domain, a long story with and without a way to reach anyone, and a phone number typed in groups beside a view count.
const probe = readFileSync(join(projectRoot, 'test', 'fixtures', 'spam-feature-probe.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { author: string; website: string; body: string });

function digestOfTokens(): string {
  const hash = createHash('sha256');
  for (const c of probe) {
    const tokens = [...tokenize({ body: c.body, authorName: c.author, authorUrl: c.website })].sort();
    hash.update(`${tokens.join(' ')}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

describe('the feature version', () => {
  // Sites keep their trained model in SQLite and retrain only when the version changes, so a
  // change to the tokens without a new version would score with weights learned for other tokens.
  it('names what tokenize() makes of comments: a change to the tokens needs a new featureVersion', () => {
    // When this fails after a deliberate change to the tokens: raise featureVersion in
    // src/domain/spam/tokens.ts and put the new version and digest here.
    expect({ featureVersion, digest: digestOfTokens() }).toEqual({ featureVersion: 17, digest: '681a1dfd719604eb' });
  });
});
