import { describe, expect, it } from 'vitest';
import { correctedConfidence, decide } from '../../src/compare/metric-decision.js';
import { estimateNoise } from '../../src/compare/noise-model.js';
import { normal, seededRandom } from '../../src/core/random.js';

const tol = Math.log(1.1);
const base = { sigma: 0.01, df: 4, confidence: 0.995, tolerance: tol };
// t_4(0.995) = 4.604 → band 4.6 %.

describe('decision rule', () => {
  it('calls each state from the change, the band and the tolerance', () => {
    expect(decide({ ...base, worsening: 0.2 }).state).toBe('regression');
    expect(decide({ ...base, worsening: 0.2 }).basis).toBe('real-beyond-tolerance');
    // A real change, but its whole interval is below the tolerance: pass.
    expect(decide({ ...base, sigma: 0.005, worsening: 0.05 })).toMatchObject({
      state: 'pass',
      basis: 'real-within-tolerance',
    });
    // A real change whose interval reaches the tolerance: regression even though 7 % < 10 %.
    expect(decide({ ...base, worsening: 0.07 }).state).toBe('regression');
    expect(decide({ ...base, worsening: 0.01 })).toMatchObject({
      state: 'pass',
      basis: 'within-noise-and-tolerance',
    });
    expect(decide({ ...base, worsening: -0.2 }).state).toBe('improvement');
    expect(decide({ ...base, sigma: 0.005, worsening: -0.05 }).state).toBe('pass');
    // Noise band wider than the tolerance.
    expect(decide({ ...base, sigma: 0.03, worsening: 0.02 })).toMatchObject({
      state: 'inconclusive',
      basis: 'noise-wider-than-tolerance',
    });
    // ... but a change far outside even that band is still a regression.
    expect(decide({ ...base, sigma: 0.03, worsening: 0.3 }).state).toBe('regression');
  });

  it('reports the band and the minimum detectable change', () => {
    const d = decide({ ...base, worsening: 0 });
    expect(d.band).toBeCloseTo(0.04604, 4);
    expect(d.minDetectable).toBeCloseTo((4.604 + 2.132) * 0.01, 3);
  });

  it('never gates metrics without a tolerance', () => {
    expect(decide({ ...base, tolerance: undefined, worsening: 0.3 })).toMatchObject({
      state: 'regression',
      basis: 'real-change-ungated',
    });
    expect(decide({ ...base, tolerance: undefined, sigma: 1, worsening: 0.3 }).state).toBe('pass');
  });

  it('corrects the confidence for the number of gated comparisons (Bonferroni)', () => {
    expect(correctedConfidence(0.99, 1)).toBeCloseTo(0.99, 12);
    expect(correctedConfidence(0.99, 4)).toBeCloseTo(0.9975, 12);
    expect(correctedConfidence(0.99, 0)).toBeCloseTo(0.99, 12);
  });
});

describe('noise model', () => {
  it('is the prediction interval of a new run: s²(1 + 1/K) with K − 1 degrees of freedom', () => {
    const history = [0, 0.02, -0.02, 0.01, -0.01].map((x) => ({ x, withinSd: 0.001 }));
    const noise = estimateNoise({ history, currentWithinSd: 0.001, assumedRunToRunSd: 0.03 });
    const s2 = (0.02 ** 2 * 2 + 0.01 ** 2 * 2) / 4;
    expect(noise.sigma).toBeCloseTo(Math.sqrt(s2 * 1.2), 12);
    expect(noise.df).toBe(4);
    expect(noise.assumed).toBe(false);
  });

  it('adds the current run’s extra within-run noise and floors the spread at the history’s own', () => {
    const history = [0, 0, 0].map((x) => ({ x, withinSd: 0.01 }));
    const quiet = estimateNoise({ history, currentWithinSd: 0.01, assumedRunToRunSd: 0.03 });
    expect(quiet.sigma).toBeCloseTo(Math.sqrt(0.0001 * (1 + 1 / 3)), 12);
    const noisy = estimateNoise({ history, currentWithinSd: 0.03, assumedRunToRunSd: 0.03 });
    expect(noisy.sigma).toBeCloseTo(Math.sqrt(0.0001 * (1 + 1 / 3) + 0.0009 - 0.0001), 12);
    expect(noisy.df).toBeGreaterThan(2);
  });

  it('assumes the noise floor with fewer than 3 history runs (normal critical values)', () => {
    const noise = estimateNoise({
      history: [{ x: 0, withinSd: 0.01 }],
      currentWithinSd: 0.01,
      assumedRunToRunSd: 0.03,
    });
    expect(noise.assumed).toBe(true);
    expect(noise.df).toBe(Infinity);
    expect(noise.sigma).toBeCloseTo(Math.sqrt((0.0009 + 0.0001) * 2), 12);
  });

  it('keeps the false-alarm rate at the nominal level whatever the drift (A/A, K = 5)', () => {
    const random = seededRandom(5);
    for (const driftSd of [0.01, 0.08]) {
      let alarms = 0;
      const trials = 20_000;
      for (let t = 0; t < trials; t++) {
        const draw = () => driftSd * normal(random) + 0.005 * normal(random);
        const history = Array.from({ length: 5 }, () => ({ x: draw(), withinSd: 0.005 }));
        const noise = estimateNoise({ history, currentWithinSd: 0.005, assumedRunToRunSd: 0.03 });
        const worsening = draw() - noise.center;
        const d = decide({ worsening, sigma: noise.sigma, df: noise.df, confidence: 0.995, tolerance: tol });
        if (d.state === 'regression') alarms++;
      }
      // Nominal 0.5 %; binomial 99.9 % bound at n = 20 000 is about ±0.16 %.
      expect(alarms / trials).toBeLessThan(0.0066);
    }
  });
});
