import { describe, expect, it } from 'vitest';
import { normal, seededRandom, type Random } from '../../src/core/random.js';
import { decide } from '../../src/compare/metric-decision.js';
import { endpointSdOnLogScale, pairLevelEstimate } from '../../src/compare/paired/pair-level.js';
import { normalQuantile, studentTCdf } from '../../src/compare/distributions.js';
import { decideAtLook, looksOf, perLookConfidence } from '../../src/compare/paired/sequential.js';

describe('pair-level estimate', () => {
  it('is the block-pair t test with one endpoint pair', () => {
    const r = [0.1, 0.12, 0.08, 0.11];
    const e = pairLevelEstimate([r]);
    const mean = 0.1025;
    const sd = Math.sqrt(r.reduce((a, v) => a + (v - mean) ** 2, 0) / 3);
    expect(e?.mean).toBeCloseTo(mean, 12);
    expect(e?.sigma).toBeCloseTo(sd / 2, 12);
    expect(e?.df).toBe(3);
    expect(e?.betweenPairSd).toBeNull();
  });

  it('keeps the block test power when the pairs agree, and widens when one pair is off on its own', () => {
    const agree = pairLevelEstimate([
      [0.1, 0.11, 0.09],
      [0.1, 0.09, 0.11],
    ]);
    expect(agree?.betweenPairSd).toBe(0);
    expect(agree?.df).toBe(4);
    const apart = pairLevelEstimate([
      [0.0, 0.01, -0.01],
      [0.2, 0.21, 0.19],
    ]);
    expect(apart?.mean).toBeCloseTo(0.1, 12);
    expect(apart?.betweenPairSd).toBeGreaterThan(0.13);
    expect(apart?.df).toBeLessThan(1.1);
    // The same mean change: a regression when the pairs agree, not when one pair alone carries it.
    const verdict = (e: typeof agree) =>
      decide({
        worsening: e?.mean ?? 0,
        sigma: e?.sigma ?? 0,
        df: e?.df ?? 1,
        confidence: 0.995,
        tolerance: Math.log(1.1),
      }).state;
    expect(verdict(agree)).toBe('regression');
    expect(verdict(apart)).toBe('inconclusive');
  });

  it('holds the false-alarm rate when instances differ (k = 4, 5 % per endpoint, 2000 seeded runs)', () => {
    const random = seededRandom(11);
    let alarms = 0;
    for (let run = 0; run < 2000; run++) {
      const pairs = Array.from({ length: 4 }, () => {
        const offset = 0.05 * normal(random) - 0.05 * normal(random);
        return Array.from({ length: 6 }, () => offset + 0.02 * normal(random));
      });
      const e = pairLevelEstimate(pairs);
      if (!e) continue;
      const d = decide({
        worsening: e.mean,
        sigma: e.sigma,
        df: e.df,
        confidence: 0.99,
        tolerance: Math.log(1.1),
      });
      if (d.state === 'regression') alarms++;
    }
    // 1 % nominal: 20 expected; the block test alone would alarm about 20 % of the time.
    expect(alarms).toBeLessThan(40);
  });
});

/** The estimate as it was before `compare.endpoint-spread` (issue 17), to hold the default to it. */
function estimateWithoutDeclaration(groups: number[][]) {
  const k = groups.length;
  const n = groups.reduce((a, g) => a + g.length, 0);
  const means = groups.map((g) => g.reduce((a, v) => a + v, 0) / g.length);
  const mean = means.reduce((a, v) => a + v, 0) / k;
  const withinVar =
    groups.reduce((a, g, j) => a + g.reduce((s, r) => s + (r - (means[j] ?? 0)) ** 2, 0), 0) / (n - k);
  const mBar = k / groups.reduce((a, g) => a + 1 / g.length, 0);
  const within = withinVar / (mBar * k);
  if (k === 1) return { mean, sigma: Math.sqrt(within), df: n - 1 };
  const between =
    Math.max(0, means.reduce((a, d) => a + (d - mean) ** 2, 0) / (k - 1) - withinVar / mBar) / k;
  const total = between + within;
  return {
    mean,
    sigma: Math.sqrt(total),
    df: total === 0 ? n - k : total ** 2 / (between ** 2 / (k - 1) + within ** 2 / (n - k)),
  };
}

/** k endpoint pairs of m block ratios: each endpoint its own offset (sd `endpoint`), blocks noise `block`. */
function simulatedPairs(random: Random, k: number, m: number, endpoint: number, block: number) {
  return Array.from({ length: k }, () => {
    const offset = endpoint * normal(random) - endpoint * normal(random);
    return Array.from({ length: m }, () => offset + block * normal(random));
  });
}

const regression = (e: { mean: number; sigma: number; df: number }, confidence = 0.99) =>
  decide({ worsening: e.mean, sigma: e.sigma, df: e.df, confidence, tolerance: Math.log(1.1) }).state ===
  'regression';

describe('a declared per-endpoint spread (compare.endpoint-spread)', () => {
  it('absent: the same numbers as before, for one pair and for several', () => {
    const random = seededRandom(5);
    for (const k of [1, 2, 3, 4])
      for (let i = 0; i < 50; i++) {
        const groups = simulatedPairs(random, k, 2 + (i % 5), 0.03, 0.02);
        const before = estimateWithoutDeclaration(groups);
        for (const e of [pairLevelEstimate(groups), pairLevelEstimate(groups, { endpointSd: undefined })]) {
          expect(e?.mean).toBe(before.mean);
          expect(e?.sigma).toBeCloseTo(before.sigma, 14);
          expect(e?.df).toBeCloseTo(before.df, 10);
          expect(e?.betweenPairSource).toBe(k === 1 ? 'unknown' : 'measured');
        }
      }
    expect(endpointSdOnLogScale(undefined)).toBeUndefined();
    expect(endpointSdOnLogScale(0.03)).toBeCloseTo(Math.log(1.03), 14);
  });

  it('widens sigma by 2·s² per pair, known: the degrees of freedom rise instead of falling', () => {
    const r = [0.1, 0.12, 0.08, 0.11];
    const plain = pairLevelEstimate([r]);
    const s = Math.log(1.03);
    const declared = pairLevelEstimate([r], { endpointSd: s });
    const within = (plain?.sigma ?? 0) ** 2;
    expect(declared?.sigma).toBeCloseTo(Math.sqrt(2 * s * s + within), 14);
    expect(declared?.sigma).toBeGreaterThan(2 * (plain?.sigma ?? 0));
    // Welch–Satterthwaite with the declared part known: (a + b)²·ν_w / b².
    expect(declared?.df).toBeCloseTo(((2 * s * s + within) ** 2 * 3) / within ** 2, 8);
    expect(declared?.df).toBeGreaterThan(3);
    expect(declared?.betweenPairSource).toBe('declared');
    expect(declared?.betweenPairSdUsed).toBeCloseTo(Math.SQRT2 * s, 14);

    // Two pairs that agree: the declared spread is the larger, used with k in the denominator.
    const agree = [
      [0.1, 0.11, 0.09],
      [0.1, 0.09, 0.11],
    ];
    const agreeing = pairLevelEstimate(agree, { endpointSd: s });
    expect(agreeing?.betweenPairSource).toBe('declared');
    expect(agreeing?.betweenPairSd).toBe(0);
    expect(agreeing?.sigma).toBeCloseTo(
      Math.sqrt((2 * s * s) / 2 + (pairLevelEstimate(agree)?.sigma ?? 0) ** 2),
      14,
    );
    // Two pairs 20 % apart: the measured spread is larger and keeps its k − 1 degrees of freedom.
    const apart = [
      [0.0, 0.01, -0.01],
      [0.2, 0.21, 0.19],
    ];
    const measured = pairLevelEstimate(apart);
    const over = pairLevelEstimate(apart, { endpointSd: s });
    expect(over?.betweenPairSource).toBe('measured');
    expect(over?.sigma).toBe(measured?.sigma);
    expect(over?.df).toBe(measured?.df);
  });

  it('one pair with the true spread declared: A/A false alarms at the nominal 1 % (4000 seeded runs)', () => {
    const random = seededRandom(17);
    const spread = 0.05;
    const s = Math.log(1 + spread);
    const runs = 4000;
    let declared = 0;
    let undeclared = 0;
    for (let run = 0; run < runs; run++) {
      const pairs = simulatedPairs(random, 1, 6, s, 0.02);
      if (regression(pairLevelEstimate(pairs, { endpointSd: endpointSdOnLogScale(spread) })!)) declared++;
      if (regression(pairLevelEstimate(pairs)!)) undeclared++;
    }
    // Binomial(4000, 1 %): 40 expected, sd 6.3; ±4 sd.
    const sd = Math.sqrt(runs * 0.01 * 0.99);
    expect(declared).toBeGreaterThan(40 - 4 * sd);
    expect(declared).toBeLessThan(40 + 4 * sd);
    // Without the declaration the same runs alarm about one time in six.
    expect(undeclared).toBeGreaterThan(runs * 0.1);
  });

  it('two pairs with the true spread declared: at most the nominal rate, and more power than measuring alone', () => {
    const random = seededRandom(23);
    const s = Math.log(1.03);
    const runs = 3000;
    let alarms = 0;
    let hitsDeclared = 0;
    let hitsMeasured = 0;
    for (let run = 0; run < runs; run++) {
      if (regression(pairLevelEstimate(simulatedPairs(random, 2, 6, s, 0.02), { endpointSd: s })!)) alarms++;
      const changed = simulatedPairs(random, 2, 6, s, 0.02).map((g) => g.map((r) => r + Math.log(1.1)));
      if (regression(pairLevelEstimate(changed, { endpointSd: s })!)) hitsDeclared++;
      if (regression(pairLevelEstimate(changed)!)) hitsMeasured++;
    }
    expect(alarms).toBeLessThan(runs * 0.01 + 4 * Math.sqrt(runs * 0.01 * 0.99));
    expect(hitsDeclared).toBeGreaterThan(hitsMeasured * 1.5);
    // Never above a test that knows the noise exactly (σ² = 2s²/k + σ_w²/(mk), normal quantile).
    const oracle =
      1 - studentTCdf(normalQuantile(0.99) - Math.log(1.1) / Math.sqrt(s * s + 0.0004 / 12), Infinity);
    expect(hitsDeclared / runs).toBeLessThan(oracle + 0.03);
  });
});

describe('sequential plan', () => {
  it('looks every 2 block pairs up to the budget, each look at a Bonferroni share of the error', () => {
    expect(looksOf({ minBlockPairs: 2, lookEvery: 2, maxBlockPairs: 12 })).toEqual([2, 4, 6, 8, 10, 12]);
    expect(looksOf({ minBlockPairs: 2, lookEvery: 4, maxBlockPairs: 12 })).toEqual([2, 6, 10, 12]);
    expect(perLookConfidence(0.99, 5)).toBeCloseTo(0.998, 12);
  });

  it('stops when certain either way, continues when inconclusive, ends at the last look', () => {
    const tolerance = Math.log(1.1);
    const base = { df: 5, confidence: 0.998, tolerance };
    expect(decideAtLook({ ...base, worsening: 0.3, sigma: 0.01 }, false).final).toBe(true);
    expect(decideAtLook({ ...base, worsening: 0.0, sigma: 0.005 }, false).final).toBe(true);
    const unsure = decideAtLook({ ...base, worsening: 0.05, sigma: 0.05 }, false);
    expect(unsure.final).toBe(false);
    expect(unsure.decision.state).toBe('inconclusive');
    expect(decideAtLook({ ...base, worsening: 0.05, sigma: 0.05 }, true).final).toBe(true);
  });
});
