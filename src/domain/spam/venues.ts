/**
 * Where a labelled comment was written. The shipped data mixes three: comments on news articles
 * (this site's own kind), comments under YouTube music videos, and text messages. The same words
 * mean different things in each — "subscribe", "my channel" and "check out" are mostly spam under
 * a music video and mostly honest under an article about a newspaper's paywall — so training one
 * set of weights on all three bends the weights this site scores with towards YouTube's habits.
 *
 * Training therefore gives every token of an example two features: the token itself, shared by
 * every venue, and a copy for the example's venue (`youtube|subscribe`). What the venues agree on
 * is learned by the shared weight; what one venue does differently is learned by its copy, and no
 * longer pulls on the shared weight (feature augmentation, Daumé III, "Frustratingly easy domain
 * adaptation", 2007). A model for one venue is then the shared weights plus that venue's copies,
 * folded into one weight per token (`venueView`): the same size and shape as a model trained
 * without venues, so scoring, explaining and learning from moderators are unchanged.
 */
import type { Model } from './model.js';

export type Venue = 'site' | 'youtube' | 'sms';

/** The venue of a labelled comment, from its `source`; anything not known to be YouTube or SMS was written on a site like this one. */
export function venueOf(source: string): Venue {
  if (/^youtube/i.test(source)) return 'youtube';
  if (/^sms/i.test(source)) return 'sms';
  return 'site';
}

const venueCopy = /^(?:site|youtube|sms)\|/;

/** The features a training example of `venue` teaches: each token, and its copy for the venue. */
export function withVenueCopies(tokens: readonly string[], venue: Venue): string[] {
  return [...tokens, ...tokens.map((token) => `${venue}|${token}`)];
}

/** The token a feature is about: a venue's copy is about the token it copies. */
export function tokenOfFeature(feature: string): string {
  return feature.replace(venueCopy, '');
}

/**
 * The model one venue scores with: each shared weight plus that venue's copy of it. Copies for
 * other venues are left out. A copy's AdaGrad history is added to the shared one's, so a lesson
 * taught later moves the folded weight no faster than either moved in training.
 */
export function venueView(model: Model, venue: Venue): Model {
  const view: Model = new Map();
  const prefix = `${venue}|`;
  for (const [feature, entry] of model) {
    if (venueCopy.test(feature)) continue;
    const copy = model.get(prefix + feature);
    view.set(feature, copy ? { weight: entry.weight + copy.weight, gradSquares: entry.gradSquares + copy.gradSquares } : { ...entry });
  }
  return view;
}
