import { describe, expect, it } from 'vitest';
import {
  meetsSlo,
  modelFigures,
  saturationThroughputRps,
  trueCapacity,
  type QueueProfile,
} from '../../src/emulator/capacity/knee.js';
import { lognormalMeanUs, lognormalQuantileUs } from '../../src/emulator/capacity/service-time.js';

const profile: QueueProfile = {
  workers: 4,
  queueCapacity: 32,
  serviceTime: { medianUs: 20_000, sigma: 0.25 },
};

describe('the emulator model’s figures', () => {
  it('with no more users than workers, latency is the service time exactly', () => {
    const f = modelFigures(profile, { by: 'concurrency', users: 4 });
    expect(f.p95Ms).toBeCloseTo(lognormalQuantileUs(profile.serviceTime, 0.95) / 1000, 1);
  });

  it('a closed loop past the workers runs at c / E[S] and obeys Little’s law', () => {
    const f = modelFigures(profile, { by: 'concurrency', users: 12 });
    const ceiling = saturationThroughputRps(profile);
    expect(f.throughputRps / ceiling).toBeGreaterThan(0.98);
    expect(f.throughputRps / ceiling).toBeLessThan(1.02);
    // Little: N = X · R, so mean latency = 12 / X.
    expect(f.meanMs / ((12 / f.throughputRps) * 1000)).toBeCloseTo(1, 2);
  });

  it('an M/D/1 queue matches the Pollaczek–Khinchine mean', () => {
    const md1: QueueProfile = {
      workers: 1,
      queueCapacity: 10_000,
      serviceTime: { medianUs: 10_000, sigma: 0 },
    };
    const rho = 0.7;
    const f = modelFigures(
      md1,
      { by: 'arrival-rate', rateRps: rho * 100, arrivals: 'poisson', maxInFlight: 100_000 },
      { requests: 200_000 },
    );
    const expectedMs = 10 + (rho * 10) / (2 * (1 - rho));
    expect(f.meanMs / expectedMs).toBeGreaterThan(0.97);
    expect(f.meanMs / expectedMs).toBeLessThan(1.03);
  });

  it('an open loop beyond c / E[S] with a bounded queue throttles', () => {
    const rate = saturationThroughputRps(profile) * 1.5;
    const f = modelFigures(profile, { by: 'arrival-rate', rateRps: rate });
    expect(f.errorRate).toBeGreaterThan(0.25);
    expect(f.throughputRps / saturationThroughputRps(profile)).toBeCloseTo(1, 1);
  });
});

describe('trueCapacity', () => {
  const slo = { p95Ms: 80 };

  it('closed loop: the limit meets the SLO and one more user breaks it', () => {
    const truth = trueCapacity(profile, slo, 'concurrency');
    expect(truth.unit).toBe('users');
    expect(truth.limit).toBeGreaterThan(profile.workers);
    expect(meetsSlo(modelFigures(profile, { by: 'concurrency', users: truth.limit }), slo)).toBe(true);
    expect(meetsSlo(modelFigures(profile, { by: 'concurrency', users: truth.limit + 1 }), slo)).toBe(false);
  });

  it('open loop: the limit meets the SLO, 1 % more breaks it, and it is below c / E[S]', () => {
    const truth = trueCapacity(profile, slo, 'arrival-rate');
    expect(truth.unit).toBe('rps');
    expect(truth.limit).toBeLessThan(truth.saturationRps);
    const at = (rateRps: number) => modelFigures(profile, { by: 'arrival-rate', rateRps });
    expect(meetsSlo(at(truth.limit), slo)).toBe(true);
    expect(meetsSlo(at(truth.limit * 1.01), slo)).toBe(false);
  });

  it('an SLO tighter than the bare service time has no capacity; a loose one hits the ceiling', () => {
    expect(trueCapacity(profile, { p95Ms: 5 }, 'concurrency').limit).toBe(0);
    expect(trueCapacity(profile, { p95Ms: 5 }, 'arrival-rate').limit).toBe(0);
    const loose = trueCapacity(profile, { p95Ms: 100_000, errorRate: 0.5 }, 'arrival-rate', { maxLoad: 150 });
    expect(loose.limit).toBe(150);
  });

  it('exact below the workers: p95 at c users is the service-time quantile', () => {
    const tight = lognormalQuantileUs(profile.serviceTime, 0.95) / 1000 + 0.01;
    const truth = trueCapacity(profile, { p95Ms: tight }, 'concurrency');
    expect(truth.limit).toBeGreaterThanOrEqual(profile.workers);
    expect(truth.atLimit?.throughputRps).toBeCloseTo(
      (truth.limit * 1e6) / lognormalMeanUs(profile.serviceTime) > saturationThroughputRps(profile)
        ? saturationThroughputRps(profile)
        : (truth.limit * 1e6) / lognormalMeanUs(profile.serviceTime),
      -1,
    );
  });
});
