import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runHousekeeping } from '../../src/services/housekeeping.js';
import { buildComment } from '../helpers/builders.js';
import { seedSlug, startTestSite, type TestSite } from '../helpers/site.js';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(() => site.close());

describe('housekeeping', () => {
  it('cuts IP addresses to their network after 60 days, and leaves newer ones whole', async () => {
    const old = buildComment(site.deps, seedSlug, { ip: '203.0.113.77', createdAt: '2025-10-01T00:00:00.000Z' });
    const v6 = buildComment(site.deps, seedSlug, { ip: '2001:db8:85a3:8d3:1319:8a2e:370:7348', createdAt: '2025-10-01T00:00:00.000Z' });
    const recent = buildComment(site.deps, seedSlug, { ip: '198.51.100.5', createdAt: '2026-01-10T00:00:00.000Z' });
    const result = runHousekeeping(site.deps, site.clock.now());
    expect(result.ipsTruncated).toBe(2);
    expect(site.deps.comments.findById(old)?.ip).toBe('203.0.113.0');
    expect(site.deps.comments.findById(v6)?.ip).toBe('2001:db8:85a3::');
    expect(site.deps.comments.findById(recent)?.ip).toBe('198.51.100.5');
    expect(runHousekeeping(site.deps, site.clock.now()).ipsTruncated).toBe(0);
  });
});
