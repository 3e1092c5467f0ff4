import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/random.js';
import { createSelector } from '../../src/load/payloads/selection.js';
import { ArrivalCurve, arrivalSchedule } from '../../src/load/stages/arrivals.js';
import {
  planStages,
  stageIndexAt,
  targetAt,
  timelineOf,
  type StagePlan,
} from '../../src/load/stages/plan.js';
import { subShare, unitsInShare, WHOLE } from '../../src/load/stages/share.js';

const stage = (name: string, durationMs: number, target: number, rampMs = 0) => ({
  name,
  durationMs,
  target,
  rampMs,
});

function drain(schedule: { next(): number | undefined }): number[] {
  const out: number[] = [];
  for (let t = schedule.next(); t !== undefined; t = schedule.next()) out.push(t);
  return out;
}

describe('stage plans', () => {
  it('puts an unmeasured warm-up at the first target and ramps from the previous target', () => {
    const plans = planStages({
      warmupMs: 5000,
      stages: [stage('a', 10_000, 4, 2000), stage('b', 10_000, 16, 5000)],
    });
    expect(plans.map((p) => [p.name, p.startTarget, p.target, p.measured])).toEqual([
      ['warmup', 4, 4, false],
      ['a', 4, 4, true],
      ['b', 4, 16, true],
    ]);
    const cold = planStages({ warmupMs: 0, stages: [stage('a', 10_000, 8, 4000)] });
    expect(cold[0]?.startTarget).toBe(0);
    expect(targetAt(cold[0] as StagePlan, 1000)).toBe(2);
    expect(targetAt(cold[0] as StagePlan, 9000)).toBe(8);
    const timeline = timelineOf(plans);
    expect([
      stageIndexAt(timeline, -1),
      stageIndexAt(timeline, 0),
      stageIndexAt(timeline, 5000),
      stageIndexAt(timeline, 25_000),
    ]).toEqual([-1, 0, 1, 3]);
  });

  it('shares units exactly, however the remainder falls, nested shares included', () => {
    for (const total of [0, 1, 7, 16, 33]) {
      for (const shards of [1, 2, 3]) {
        for (const workers of [1, 2, 4]) {
          let sum = 0;
          for (let s = 0; s < shards; s++) {
            for (let w = 0; w < workers; w++)
              sum += unitsInShare(subShare(subShare(WHOLE, s, shards), w, workers), total);
          }
          expect(sum).toBe(total);
        }
      }
    }
    // Users split like floor(T/n) + 1 for the first T mod n shards.
    expect([0, 1, 2].map((i) => unitsInShare(subShare(WHOLE, i, 3), 7))).toEqual([3, 2, 2]);
  });
});

describe('arrival schedules', () => {
  const plans = planStages({
    warmupMs: 0,
    stages: [stage('flat', 2000, 100), stage('up', 2000, 300, 2000), stage('top', 1000, 300)],
  });

  it('integrates the staged rate exactly (ramps included)', () => {
    const curve = new ArrivalCurve(plans);
    expect(curve.totalArrivals).toBeCloseTo(200 + 400 + 300, 9);
    expect(curve.cumulative(2000)).toBeCloseTo(200, 9);
    expect(curve.cumulative(3000)).toBeCloseTo(200 + 100 + 50, 9); // 1 s of a ramp 100 → 300 req/s
    for (const k of [0, 10, 199.5, 350, 899])
      expect(curve.cumulative(curve.timeOf(k) as number)).toBeCloseTo(k, 6);
  });

  it('spaces constant arrivals exactly and interleaves shares into the whole schedule', () => {
    const whole = drain(arrivalSchedule(new ArrivalCurve(plans), 'constant', WHOLE, seededRandom(1)));
    expect(whole).toHaveLength(900);
    expect((whole[1] as number) - (whole[0] as number)).toBeCloseTo(10, 9);
    const parts = [0, 1, 2].flatMap((i) =>
      drain(arrivalSchedule(new ArrivalCurve(plans), 'constant', subShare(WHOLE, i, 3), seededRandom(1))),
    );
    expect(parts.sort((a, b) => a - b)).toEqual(whole);
  });

  it('draws Poisson arrivals at the staged rate with exponential gaps', () => {
    const flat = planStages({ warmupMs: 0, stages: [stage('f', 200_000, 500)] });
    const times = drain(arrivalSchedule(new ArrivalCurve(flat), 'poisson', WHOLE, seededRandom(3)));
    expect(times.length / 100_000).toBeCloseTo(1, 1);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(mean).toBeCloseTo(2, 1);
    expect(sd / mean).toBeGreaterThan(0.97); // coefficient of variation 1
    expect(sd / mean).toBeLessThan(1.03);
    const half = drain(
      arrivalSchedule(new ArrivalCurve(flat), 'poisson', subShare(WHOLE, 1, 2), seededRandom(4)),
    );
    expect(half.length / 50_000).toBeCloseTo(1, 1);
  });
});

describe('payload selection', () => {
  it('walks payloads in order, batches and shares included', () => {
    const pick = (share = WHOLE, batch = 1, n = 4) => {
      const selector = createSelector('sequential', [1, 1, 1, 1, 1], seededRandom(1), share);
      return Array.from({ length: n }, () => {
        const indices = new Array<number>(batch).fill(0);
        selector.fill(indices);
        return indices.join('');
      });
    };
    expect(pick()).toEqual(['0', '1', '2', '3']);
    expect(pick(WHOLE, 2)).toEqual(['01', '23', '40', '12']);
    const a = pick(subShare(WHOLE, 0, 2), 2, 2);
    const b = pick(subShare(WHOLE, 1, 2), 2, 2);
    expect([a[0], b[0], a[1], b[1]]).toEqual(['01', '23', '40', '12']);
  });

  it('picks by weight and uniformly, reproducibly from the seed', () => {
    const counts = [0, 0, 0];
    const weighted = createSelector('weighted', [1, 2, 7], seededRandom(9));
    const one = [0];
    for (let i = 0; i < 100_000; i++) {
      weighted.fill(one);
      const index = one[0] as number;
      counts[index] = (counts[index] ?? 0) + 1;
    }
    expect(counts.map((c) => Math.round(c / 1000))).toEqual([10, 20, 70]);
    const draw = () => {
      const s = createSelector('random', [1, 1, 1], seededRandom(5));
      return Array.from({ length: 20 }, () => (s.fill(one), one[0]));
    };
    expect(draw()).toEqual(draw());
    expect(new Set(draw()).size).toBe(3);
  });
});
