import { describe, expect, it } from 'vitest';
import type { TrendPoint } from '../../src/baseline/store.js';
import { normal, seededRandom, type Random } from '../../src/core/random.js';
import { analyzeTrend, type TrendOptions } from '../../src/trend/change-points.js';
import { bestSplit, eDivisive } from '../../src/trend/e-divisive.js';

const OPTIONS: TrendOptions = { falsePositiveRate: 0.001, minSegment: 3, recentResults: 5, seed: 7 };

/** A default-branch history of `n` results with 3 % run-to-run drift, newest first as the store returns it. */
function history(random: Random, n: number, step?: { at: number; factor: number }): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (let i = 0; i < n; i++) {
    const drift = Math.exp(0.03 * normal(random));
    const factor = step && i >= step.at ? step.factor : 1;
    points.push({
      runId: `run-${i}`,
      sha: i.toString(16).padStart(40, '0'),
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
      stages: [
        { name: 'steady', p95Ms: 40 * drift * factor, throughputRps: 300 / (drift * factor), errorRate: 0 },
      ],
    });
  }
  return points.reverse();
}

describe('E-divisive change points', () => {
  it('finds the split of a clean step and nothing in a constant series', () => {
    const x = [1, 1, 1, 1, 1, 2, 2, 2, 2, 2];
    expect(bestSplit(x, 3)?.tau).toBe(5);
    const random = seededRandom(1);
    expect(eDivisive(x, { falsePositiveRate: 0.01 }, random).map((c) => c.index)).toEqual([5]);
    expect(eDivisive([3, 3, 3, 3, 3, 3, 3, 3], { falsePositiveRate: 0.01 }, random)).toEqual([]);
  });

  it('holds its stated false-positive rate (a loose level, so the rate is measurable in 400 histories)', () => {
    const random = seededRandom(5);
    let flagged = 0;
    for (let h = 0; h < 400; h++) {
      const x = Array.from({ length: 25 }, () => normal(random));
      if (eDivisive(x, { falsePositiveRate: 0.1 }, random).length > 0) flagged++;
    }
    // Binomial(400, 0.1): mean 40, sd 6; an anti-conservative test would land far above 60.
    expect(flagged).toBeGreaterThan(20);
    expect(flagged).toBeLessThan(60);
  });

  it('flags a planted +15 % p95 step at the commit that made it, with its size and confidence', () => {
    const random = seededRandom(42);
    const points = history(random, 30, { at: 18, factor: 1.15 });
    const analysis = analyzeTrend(points, OPTIONS);
    const p95 = analysis.changes.filter((c) => c.metric === 'p95');
    expect(p95).toHaveLength(1);
    const [change] = p95;
    expect(change?.after.runId).toBe('run-18');
    expect(change?.before.sha).toBe((17).toString(16).padStart(40, '0'));
    expect(change?.direction).toBe('regression');
    expect(change?.change).toBeGreaterThan(0.1);
    expect(change?.change).toBeLessThan(0.2);
    expect(change?.confidence).toBeGreaterThanOrEqual(1 - analysis.perSeriesFalsePositiveRate);
    // Throughput fell by the same factor: the same commit, reported as a regression too.
    expect(analysis.changes.find((c) => c.metric === 'throughput')?.after.runId).toBe('run-18');
  });

  it('flags nothing in 200 unchanged histories', () => {
    const random = seededRandom(2026);
    let flagged = 0;
    for (let h = 0; h < 200; h++) {
      const analysis = analyzeTrend(history(random, 30), { ...OPTIONS, seed: h });
      if (analysis.changes.length > 0) flagged++;
    }
    expect(flagged).toBe(0);
  });

  it('names the newest results as recent and splits the rate over the series', () => {
    const random = seededRandom(9);
    const analysis = analyzeTrend(history(random, 20, { at: 16, factor: 1.3 }), OPTIONS);
    expect(analysis.perSeriesFalsePositiveRate).toBeCloseTo(0.0005);
    expect(analysis.changes.some((c) => c.recent && c.after.runId === 'run-16')).toBe(true);
  });
});
