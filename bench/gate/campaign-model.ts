/**
 * The simulated test setup: one measured closed-loop stage against an emulated ml.c6i.2xlarge
 * (the emulator's built-in profile: 8 workers, lognormal service time, median 29.6 ms, σ 0.25),
 * 10 users so a short queue forms, 60 s measured after 2 s of warm-up — about 15,700 requests.
 * Run-to-run drift is the emulator's: a lognormal factor exp(σ·Z) on every service time of a run.
 */
import { BUILT_IN_PROFILES } from '../../src/emulator/capacity/instance-profiles.js';
import { normal, type Random } from '../../src/core/random.js';
import type { StageModel } from './closed-loop-sim.js';

export const INSTANCE_TYPE = 'ml.c6i.2xlarge';
export const USERS = 10;

/** The stage model for a stage of `seconds` (blocks of paired mode use their own length). */
export function stageModel(seconds: number, warmupSeconds = 2): StageModel {
  const profile = BUILT_IN_PROFILES[INSTANCE_TYPE];
  if (!profile) throw new Error(`no built-in profile ${INSTANCE_TYPE}`);
  return {
    workers: profile.workersPerInstance,
    serviceTime: { medianUs: profile.serviceTimeMedianMs * 1000, sigma: profile.serviceTimeSigma },
    users: USERS,
    seconds,
    warmupSeconds,
  };
}

/**
 * The true changes under test, as service-time scales. A closed loop without think time is scale
 * invariant: scaling every service time by f scales every latency (so p95) by f and divides the
 * throughput by f exactly. So ×1.10 is a true +10 % p95, ×1/0.9 a true −10 % throughput.
 */
export const CHANGES = {
  aa: 1,
  p95Up10: 1.1,
  throughputDown10: 1 / 0.9,
} as const;
export type ChangeName = keyof typeof CHANGES;

/** A run's drift factor, drawn as the emulator draws it per endpoint creation. */
export function driftFactor(random: Random, sigma: number): number {
  return sigma > 0 ? Math.exp(sigma * normal(random)) : 1;
}
