import { describe, expect, it } from 'vitest';
import { normalQuantile as inverseNormal } from '../../src/core/normal-quantile.js';
import { seededRandom } from '../../src/core/random.js';
import { createScheduler } from '../../src/emulator/capacity/scheduler.js';
import {
  finishThroughStalls,
  lognormalQuantileUs,
  sampleLognormalUs,
} from '../../src/emulator/capacity/service-time.js';
import { realTime } from '../../src/emulator/time.js';

describe('service-time distributions', () => {
  it('inverseNormal matches known quantiles', () => {
    expect(inverseNormal(0.5)).toBeCloseTo(0, 9);
    expect(inverseNormal(0.95)).toBeCloseTo(1.6448536, 6);
    expect(inverseNormal(0.01)).toBeCloseTo(-2.3263479, 6);
    expect(inverseNormal(0.999)).toBeCloseTo(3.0902323, 6);
  });

  it('lognormal draws have the configured median and p95 (seeded, 100k draws)', () => {
    const random = seededRandom(3);
    const spec = { medianUs: 20_000, sigma: 0.3 };
    const draws = Array.from({ length: 100_000 }, () => sampleLognormalUs(spec, random)).sort(
      (a, b) => a - b,
    );
    expect((draws[50_000] ?? 0) / lognormalQuantileUs(spec, 0.5)).toBeCloseTo(1, 2);
    expect((draws[95_000] ?? 0) / lognormalQuantileUs(spec, 0.95)).toBeCloseTo(1, 2);
    expect(sampleLognormalUs({ medianUs: 0, sigma: 1 }, random)).toBe(0);
  });
});

describe('finishThroughStalls', () => {
  const stall = { everyUs: 1000, durationUs: 200, phaseUs: 500 }; // stalls at [500,700), [1500,1700), ...

  /** Naive oracle: step through time in 1 µs increments, working only outside stalls. */
  function oracle(startUs: number, workUs: number): number {
    let t = startUs;
    let left = workUs;
    while (left > 0) {
      const inStall = t >= stall.phaseUs && (t - stall.phaseUs) % stall.everyUs < stall.durationUs;
      if (!inStall) left--;
      t++;
    }
    return t;
  }

  it('agrees with a step-by-step oracle', () => {
    const random = seededRandom(9);
    for (let i = 0; i < 300; i++) {
      const start = Math.floor(random.next() * 3000);
      const work = 1 + Math.floor(random.next() * 2500);
      expect(finishThroughStalls(start, work, [stall])).toBe(oracle(start, work));
    }
  });

  it('starts work that arrives during a stall at the stall end', () => {
    expect(finishThroughStalls(600, 50, [stall])).toBe(750);
    expect(finishThroughStalls(100, 50, [])).toBe(150);
  });
});

describe('scheduler', () => {
  it('runs callbacks in deadline order, close to their target times', async () => {
    const scheduler = createScheduler(realTime.nowUs);
    const now = realTime.nowUs();
    const fired: { i: number; lateUs: number }[] = [];
    const targets = [30_000, 10_000, 20_000, 10_000, 0];
    await new Promise<void>((resolve) => {
      targets.forEach((offset, i) =>
        scheduler.at(now + offset, () => {
          fired.push({ i, lateUs: realTime.nowUs() - (now + offset) });
          if (fired.length === targets.length) resolve();
        }),
      );
    });
    expect(fired.map((f) => f.i)).toEqual([4, 1, 3, 2, 0]);
    expect(Math.min(...fired.map((f) => f.lateUs))).toBeGreaterThanOrEqual(-50);
    scheduler.close();
  });
});
