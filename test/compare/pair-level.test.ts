import { describe, expect, it } from 'vitest';
import { normal, seededRandom } from '../../src/core/random.js';
import { decide } from '../../src/compare/metric-decision.js';
import { pairLevelEstimate } from '../../src/compare/paired/pair-level.js';
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
