import { describe, expect, it } from 'vitest';
import { normalQuantile, studentTCdf, studentTQuantile } from '../../src/compare/distributions.js';

describe('distributions', () => {
  it('normal quantiles match reference values', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.6448536269514722, 12);
  });

  it('Student t quantiles match reference values, including non-integer df', () => {
    // Reference values from scipy.stats.t.ppf.
    expect(studentTQuantile(0.995, 4)).toBeCloseTo(4.604094871349992, 9);
    expect(studentTQuantile(0.95, 1)).toBeCloseTo(6.313751514675037, 8);
    expect(studentTQuantile(0.9975, 11)).toBeCloseTo(3.4966141732536835, 9);
    expect(studentTQuantile(0.995, 6.5)).toBeCloseTo(3.5931239959839543, 9);
    expect(studentTQuantile(0.005, 4)).toBeCloseTo(-4.604094871349992, 9);
    expect(studentTQuantile(0.995, Infinity)).toBeCloseTo(2.5758293035489, 12);
  });

  it('the t CDF inverts the quantile', () => {
    for (const df of [1, 2.5, 4, 30]) {
      for (const p of [0.6, 0.9, 0.99, 0.9999])
        expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 10);
    }
  });
});
