import { describe, expect, it } from 'vitest';
import { biasFeature, type Model, predict, train } from '../../../src/domain/spam/model.js';
import { tokenize } from '../../../src/domain/spam/tokens.js';
import { tokenOfFeature, venueOf, venueView, withVenueCopies } from '../../../src/domain/spam/venues.js';

const tokens = (body: string) => [...tokenize({ body, authorName: '', authorUrl: '' })];

// The same words, labelled one way under music videos and the other under articles: what
// "subscribe" and "my channel" are in the shipped data.
const disputed = ['subscribe to my channel for more', 'check out my channel and subscribe', 'my channel has the full interview'];
const agreed = {
  spam: ['cheap pills no prescription', 'casino bonus free spins now'],
  ham: ['the council vote was close', 'good reporting on the budget'],
};
function examples(withVenues: boolean) {
  const example = (body: string, label: 'spam' | 'ham', venue: 'site' | 'youtube') => ({
    features: withVenues ? withVenueCopies(tokens(body), venue) : tokens(body),
    label,
    weight: 1,
  });
  return [
    ...disputed.map((b) => example(b, 'spam', 'youtube')),
    ...disputed.map((b) => example(b, 'ham', 'site')),
    ...(['site', 'youtube'] as const).flatMap((venue) => [
      ...agreed.spam.map((b) => example(b, 'spam', venue)),
      ...agreed.ham.map((b) => example(b, 'ham', venue)),
    ]),
  ];
}

describe('venues', () => {
  it('reads the venue from where a labelled comment came from; anything unknown is this site', () => {
    expect(venueOf('youtube-spam-collection-v1/Youtube01-Psy')).toBe('youtube');
    expect(venueOf('YouTube export')).toBe('youtube');
    expect(venueOf('sms-spam-collection-v1')).toBe('sms');
    expect(venueOf('broadsheet-news-comments/train')).toBe('site');
    expect(venueOf('/data/youtube-comments.jsonl')).toBe('site');
    expect(venueOf('')).toBe('site');
  });

  it('gives every token a copy for its venue, which learns at the rate of the token it copies', () => {
    expect(withVenueCopies(['casino', 'links:1'], 'youtube')).toEqual(['casino', 'links:1', 'youtube|casino', 'youtube|links:1']);
    expect(tokenOfFeature('youtube|links:1')).toBe('links:1');
    expect(tokenOfFeature('site|casino')).toBe('casino');
    expect(tokenOfFeature('casino')).toBe('casino');
    // A shape learns at twice a word's rate; its copy must too, so one step moves them alike.
    const model = train([{ features: withVenueCopies(['links:1', 'casino'], 'site'), label: 'spam', weight: 1 }], {
      epochs: 1,
      learningRate: 0.2,
      wordLearningRate: 0.1,
      l2: 0,
      seed: 1,
    });
    expect(model.get('site|links:1')?.weight).toBeCloseTo(model.get('links:1')?.weight as number, 12);
    expect(model.get('site|casino')?.weight).toBeCloseTo((model.get('links:1')?.weight as number) / 2, 12);
  });

  it("folds a venue's copies into the shared weights: the view predicts exactly what the whole model does", () => {
    const model = train(examples(true));
    const view = venueView(model, 'youtube');
    expect([...view.keys()].some((f) => f.includes('|'))).toBe(false);
    expect(view.get(biasFeature)).toEqual(model.get(biasFeature));
    for (const body of [...disputed, 'a comment with words it never saw', 'casino channel council']) {
      const whole = predict(model, withVenueCopies(tokens(body), 'youtube')).probability;
      expect(predict(view, tokens(body)).probability).toBeCloseTo(whole, 12);
    }
  });

  it("keeps one venue's labels from bending another's: the same words score as each venue labelled them", () => {
    const withVenues = train(examples(true));
    const site = venueView(withVenues, 'site');
    const youtube = venueView(withVenues, 'youtube');
    const pooled: Model = train(examples(false));
    for (const body of disputed) {
      expect(predict(youtube, tokens(body)).probability).toBeGreaterThan(0.7);
      expect(predict(site, tokens(body)).probability).toBeLessThan(0.3);
      // Trained as one venue, the disputed words are a coin toss for both.
      expect(Math.abs(predict(pooled, tokens(body)).probability - 0.5)).toBeLessThan(0.2);
    }
    for (const view of [site, youtube]) {
      expect(predict(view, tokens('cheap casino pills')).probability).toBeGreaterThan(0.5);
      expect(predict(view, tokens('the council budget vote')).probability).toBeLessThan(0.5);
    }
  });
});
