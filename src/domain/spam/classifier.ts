/**
 * A token classifier in the SpamBayes style: each token's spam probability is smoothed
 * towards 0.5 by how often it was seen (Robinson), and the most telling tokens are combined
 * with Fisher's chi-square method. Unlike plain naive Bayes, this says "unsure" (near 0.5)
 * when the evidence is thin or mixed, which is what a "hold for a person" verdict needs.
 */
export type TokenCounts = { spam: number; ham: number };

export type ModelCounts = {
  spamDocs: number;
  hamDocs: number;
  tokens: Map<string, TokenCounts>;
};

export type Clue = { token: string; probability: number };
export type Classification = { probability: number; clues: Clue[] };

// SpamBayes's defaults: how strongly unknown tokens lean to 0.5, and which tokens count as evidence.
const unknownWordStrength = 0.45;
const unknownWordProbability = 0.5;
const minimumProbabilityStrength = 0.1;
const maxDiscriminators = 150;

export function emptyModel(): ModelCounts {
  return { spamDocs: 0, hamDocs: 0, tokens: new Map() };
}

/** Adds (delta 1) or removes (delta -1) one labelled document. */
export function learn(model: ModelCounts, tokens: Iterable<string>, label: 'spam' | 'ham', delta: 1 | -1 = 1): void {
  if (label === 'spam') model.spamDocs = Math.max(0, model.spamDocs + delta);
  else model.hamDocs = Math.max(0, model.hamDocs + delta);
  for (const token of tokens) {
    let counts = model.tokens.get(token);
    if (!counts) {
      if (delta < 0) continue;
      counts = { spam: 0, ham: 0 };
      model.tokens.set(token, counts);
    }
    counts[label] = Math.max(0, counts[label] + delta);
  }
}

export function tokenProbability(model: ModelCounts, counts: TokenCounts): number {
  const spamRatio = model.spamDocs > 0 ? counts.spam / model.spamDocs : 0;
  const hamRatio = model.hamDocs > 0 ? counts.ham / model.hamDocs : 0;
  const seen = counts.spam + counts.ham;
  const raw = spamRatio + hamRatio > 0 ? spamRatio / (spamRatio + hamRatio) : unknownWordProbability;
  return (unknownWordStrength * unknownWordProbability + seen * raw) / (unknownWordStrength + seen);
}

/** The upper tail of the chi-square distribution with an even number of degrees of freedom. */
function chi2Q(x2: number, freedom: number): number {
  const m = x2 / 2;
  let term = Math.exp(-m);
  let sum = term;
  for (let i = 1; i < freedom / 2; i++) {
    term *= m / i;
    sum += term;
  }
  return Math.min(sum, 1);
}

export function classify(model: ModelCounts, tokens: Iterable<string>): Classification {
  const clues: Clue[] = [];
  for (const token of tokens) {
    const counts = model.tokens.get(token);
    if (!counts) continue;
    const probability = tokenProbability(model, counts);
    if (Math.abs(probability - 0.5) >= minimumProbabilityStrength) clues.push({ token, probability });
  }
  // Strongest first; ties broken by token so results never depend on Map order.
  clues.sort((a, b) => Math.abs(b.probability - 0.5) - Math.abs(a.probability - 0.5) || (a.token < b.token ? -1 : 1));
  const used = clues.slice(0, maxDiscriminators);
  if (used.length === 0) return { probability: 0.5, clues: [] };
  let hamSum = 0;
  let spamSum = 0;
  for (const clue of used) {
    const p = Math.min(Math.max(clue.probability, 1e-6), 1 - 1e-6);
    hamSum += Math.log(p);
    spamSum += Math.log(1 - p);
  }
  const n = used.length;
  const spamness = 1 - chi2Q(-2 * spamSum, 2 * n);
  const hamness = 1 - chi2Q(-2 * hamSum, 2 * n);
  return { probability: (spamness - hamness + 1) / 2, clues: used };
}
