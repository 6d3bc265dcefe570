import { describe, expect, it } from 'vitest';
import { givesAContact, hasPhoneNumber } from '../../../src/domain/spam/contact.js';
import { tokenize } from '../../../src/domain/spam/tokens.js';

// Forty-odd words of an honest reader's story, to which each case adds one sentence.
const story =
  'I lost £1,400 to one of these trading groups last spring. They posted screenshots of big wins every day and charged £50 a week for tips. ' +
  'My advice to anyone reading is simple: if it sounds too good to be true, it is, and tell your family.';

describe('whether a comment gives a way to reach someone', () => {
  it.each([
    ['a number on WhatsApp', 'Contact him on WhatsApp +44 7700 900418.'],
    ['a US support number', 'Called support on 1-888-555-0147 and it was sorted.'],
    ['a number in brackets', 'Ring (555) 014-7000 any time.'],
    ['a number spelled out', 'WhatsApp plus four four seven seven zero zero nine.'],
    ['a handle on Telegram', 'Message her on Telegram @EvelynCarterFX_official and thank me later.'],
    ['a name on Snapchat', 'Add me on snap: gemma_xo_2025'],
    ['a name to search on an app', 'Search Linda Carter Trading on Telegram.'],
    ['a quoted name to search', 'Search "Rachel Bakes on a Budget" for the book.'],
    ['a name to type into Google', 'Type clearsight investigations uk into Google.'],
    ['someone contacted on Instagram', 'Then I contacted CREDIT SURGEON on Instagram.'],
    ['a page on Facebook', 'She has a page on Facebook, ask her about it.'],
    ['an e-mail address', 'Write to jessica.hart@lovemail-connect.com today.'],
    ['an e-mail address spelled out', 'Contact: scorefixpro dot kelvin at gmail dot com.'],
    ['an e-mail with a bracketed at', 'rebeccahall.invest (@) gmail. com'],
    ['an address spelled out', 'Check subsrocket dot net for the deal.'],
    ['an address with an odd ending', 'Link here: quantumai-profits.trade'],
    ['an offer to talk in private', 'DM me if you want her details.'],
    ['a message asked for', 'Drop me a message hun.'],
    ['a word to comment', 'Comment "GUIDE" and I will send you the PDF.'],
    ['a code to quote', 'Use my invite code SCARLETT500 when you sign up.'],
    ['a link in the bio', 'Free trial on my bio link.'],
    ['a link on the profile', 'The link is in my profile.'],
  ])('finds %s', (_case, sentence) => {
    expect(givesAContact(`${story} ${sentence}`, 0, '')).toBe(true);
  });

  it.each([
    ['a story and nothing else', ''],
    ['an app named, no handle', 'They run it all through Telegram and WhatsApp groups.'],
    ['sums and years', 'Between 2019 and 2021 I paid £40,000, then £1,234.50 more.'],
    ['a charity named', 'GamCare and StepChange helped me more than anyone.'],
    ['a company named', 'Even Martin Lewis has warned about it on TV.'],
    ['an abbreviation', 'My GP, i.e. the one at the surgery, e.g. Dr. Shah, was kind.'],
  ])('finds none in %s', (_case, sentence) => {
    expect(givesAContact(`${story} ${sentence}`, 0, '')).toBe(false);
  });

  it.each([
    ['07700 900881', true],
    ['+44 7700 900418', true],
    ['(555) 014-7000', true],
    ['1-888-555-0147', true],
    ['0808 8020 133', true],
    ['2.124.821.694 views', false],
    ['1 000 000 readers', false],
    ['£1,234,567.89', false],
    ['in 2019 and 2020', false],
    ['12 34 56', false],
  ])('reads %j as a phone number: %s', (text, expected) => {
    expect(hasPhoneNumber(text)).toBe(expected);
    expect(tokenize({ body: `Call ${text} today`, authorName: '', authorUrl: '' }).has('shape:phone')).toBe(expected);
  });

  it('counts a link or a website as a way to reach someone', () => {
    expect(givesAContact(story, 1, '')).toBe(true);
    expect(givesAContact(story, 0, 'https://my-shop.co.uk')).toBe(true);
  });

  it('marks a long comment that gives none, and not a short one or one that promotes', () => {
    const tokens = (body: string, authorUrl = '') => tokenize({ body, authorName: 'Frank Moss', authorUrl });
    expect(tokens(story).has('shape:unreachable')).toBe(true);
    expect(tokens(story, 'https://frankmoss.net').has('shape:unreachable')).toBe(false);
    expect(tokens('My grandson lost £1,400 on a Telegram group.').has('shape:unreachable')).toBe(false);
    expect(tokens(`${story} Please check out my channel.`).has('shape:unreachable')).toBe(false);
    expect(tokens(`${story} Message me on WhatsApp +44 7700 900552.`).has('shape:unreachable')).toBe(false);
  });

  it('reads 300 KB of digits, separators and handles in well under the 10 s budget', () => {
    for (const text of ['1'.repeat(300_000), '12 '.repeat(100_000), '1-'.repeat(150_000), '(1'.repeat(150_000), '@a '.repeat(100_000)]) {
      const started = performance.now();
      givesAContact(`${story} ${text}`, 0, '');
      expect(performance.now() - started).toBeLessThan(10_000);
    }
  });
});
