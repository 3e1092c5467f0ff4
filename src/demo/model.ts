/**
 * The modelled endpoint the demo gates: an emulator scenario describing how the demo's model serves
 * on the two instance types its pull requests use.
 *
 * Why these figures: the demo must judge right every time on a busy 2-core machine, where the
 * load generator's own thread is sometimes held up for a few milliseconds. A model that takes about
 * a second per request makes such delays a fraction of a percent of the latency, and a narrow
 * service-time spread (sigma 0.12) keeps the p95 of a few thousand requests within half a percent.
 * Enough workers that no request queues keep the closed loop from amplifying noise. The slower
 * instance type is 1.5× slower, the ratio of the emulator's built-in ml.g4dn (T4) and ml.g5 (A10G)
 * profiles.
 */
import type { ScenarioInput } from '../emulator/index.js';
import { COMPARED_INSTANCES } from './instance-comparison.js';

/** The instance type the default branch serves on. */
export const BASELINE_INSTANCE_TYPE = 'ml.g5.xlarge';
/** The cheaper, slower instance type pull request #2 moves to. */
export const SLOWER_INSTANCE_TYPE = 'ml.g4dn.xlarge';

/** Service-time model of the demo's model per instance type. */
const MODELLED_INSTANCES = {
  [BASELINE_INSTANCE_TYPE]: { workers: 320, medianMs: 1000, sigma: 0.12 },
  [SLOWER_INSTANCE_TYPE]: { workers: 320, medianMs: 1500, sigma: 0.12 },
} as const;

/** Emulator seed: the same service-time draws on every run of the demo. */
const DEMO_EMULATOR_SEED = 7;

/**
 * The emulator scenario: the two instance profiles of the pull requests and the three of the capacity
 * comparison, no pre-existing endpoints, no drift or faults.
 * Deployments take half a second and deletions a third (AWS: minutes), so the demo spends its time
 * measuring.
 */
export function demoScenario(): ScenarioInput {
  const profiles: NonNullable<ScenarioInput['instance-profiles']> = {};
  for (const [type, profile] of Object.entries(MODELLED_INSTANCES)) {
    profiles[type] = { workers: profile.workers, median: `${profile.medianMs}ms`, sigma: profile.sigma };
  }
  // The capacity comparison's types (src/demo/instance-comparison.ts): a bounded queue, as on a server.
  for (const [type, profile] of Object.entries(COMPARED_INSTANCES)) {
    profiles[type] = {
      workers: profile.workers,
      median: `${profile.medianMs}ms`,
      sigma: profile.sigma,
      queue: profile.queue,
    };
  }
  return {
    seed: DEMO_EMULATOR_SEED,
    lifecycle: { 'create-delay': '500ms', 'delete-delay': '300ms' },
    'instance-profiles': profiles,
    endpoints: {},
  };
}

/** One line describing the modelled endpoint, for the demo's output. */
export function describeModel(): string {
  return Object.entries(MODELLED_INSTANCES)
    .map(
      ([type, p]) =>
        `${type}: median ${(p.medianMs / 1000).toFixed(1)} s per request, up to ${p.workers} requests at once`,
    )
    .join('; ');
}
