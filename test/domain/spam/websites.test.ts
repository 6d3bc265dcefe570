import { describe, expect, it } from 'vitest';
import { describeShapeToken, isWordToken, tokenize } from '../../../src/domain/spam/tokens.js';
import { commercialWordsIn, nameSells, websiteTokens } from '../../../src/domain/spam/websites.js';

describe('commercial words in a web address', () => {
  it.each([
    ['cheapflightstobali.info', ['cheap', 'flights']],
    ['https://roofrepairhouston-tx.com/services/roof-repair', ['repair', 'roof']],
    ['slot88-gacor.xyz', ['slot', 'gacor']],
    ['buyinstagramfollowerscheap.online', ['followers', 'cheap', 'buy']],
    ['jasabacklinkmurah.blogspot.com', ['backlink']],
  ])('%s names %j', (address, words) => {
    expect(commercialWordsIn(address).sort()).toEqual([...words].sort());
  });

  it.each([
    'carlamendes.photo',
    'github.com/ruicosta',
    'garysmith-essex.co.uk',
    'bishopsmith.net',
    'muslimnews.co.uk',
    'budapesttimes.hu',
    'investigativeeurope.net',
    'community-workshop.org',
    'lawrencebrown.me',
    'www.olivia-grant.com',
  ])('%s names nothing for sale', (address) => {
    expect(commercialWordsIn(address)).toEqual([]);
  });
});

describe('an author name that is a sales phrase', () => {
  it.each([
    'Best Cheap Car Insurance UK',
    'cheap tramadol online',
    'Emergency Plumber Near Me',
    'Casino Online Terpercaya',
    'Roofers Bristol',
  ])('"%s" sells', (name) => expect(nameSells(name)).toBe(true));

  it.each(['Olivia Grant', 'George Best', 'Johnny Cash', 'Tom Bestwick', 'Anna Cashmore', 'Rhys Storey', 'Dr Hugh Barnes'])(
    '"%s" is a name',
    (name) => expect(nameSells(name)).toBe(false),
  );
});

describe('what the website field tells the classifier', () => {
  it('an owner’s name in the address sells nothing, even when it spells a product', () => {
    const tokens = websiteTokens('https://oliviagrant.com/blog/oliviagrant-on-step-free-access', 'Olivia Grant', 40);
    expect(tokens).toContain('site:own-name');
    expect(tokens).not.toContain('site:sells');
    expect(tokens).not.toContain('site:landing-page');
    expect(websiteTokens('https://www.ellisonhvac.com', 'Mark Ellison', 40)).toEqual(
      expect.arrayContaining(['site:own-name', 'sitesells:hvac']),
    );
  });

  it('a personal site carries its owner’s name', () => {
    const tokens = websiteTokens('https://tomokafor.substack.com', 'Tom Okafor', 40);
    expect(tokens).toContain('site:own-name');
    expect(tokens).toContain('siteword:tomokafor');
    expect(tokens).toContain('sitetld:com');
    expect(tokens).not.toContain('site:sells');
  });

  it('a name made of keywords is not a person’s name, even when the domain repeats it', () => {
    const tokens = websiteTokens('https://kitchenremodelingdenver.net', 'Kitchen Remodeling Denver', 6);
    expect(tokens).not.toContain('site:own-name');
    expect(tokens).toEqual(expect.arrayContaining(['site:sells', 'sitesells:remodel', 'site:given-short']));
  });

  it('a sales page or a referral query is not a home page', () => {
    expect(websiteTokens('https://plumbfixmanchester.co.uk/emergency-plumber', 'Andrew Lewis', 30)).toContain('site:landing-page');
    expect(websiteTokens('https://buyfollowers.online/?ref=123', 'Fredric', 2)).toContain('site:query');
    const profile = websiteTokens('https://www.linkedin.com/in/priya-raman', 'Priya Raman', 20);
    expect(profile).not.toContain('site:landing-page');
    expect(profile).toContain('site:own-name');
  });

  it('made-up example domains teach nothing about their TLD', () => {
    expect(websiteTokens('https://cheap-pills.example', 'x', 5).filter((t) => t.startsWith('sitetld:'))).toEqual([]);
  });

  it('a link in the body names what its site sells too', () => {
    const tokens = tokenize({ body: 'More here: https://best-casino-bonus.top/uk', authorName: '', authorUrl: '' });
    expect(tokens).toContain('urlsells:casino');
    expect(tokens).toContain('urlsells:bonus');
  });

  it('its shapes read in words and learn at the rate of shapes', () => {
    for (const token of ['site:sells', 'site:own-name', 'site:query', 'site:landing-page']) {
      expect(describeShapeToken(token), token).toBeDefined();
      expect(isWordToken(token), token).toBe(false);
    }
    expect(isWordToken('sitesells:casino')).toBe(true);
  });
});
