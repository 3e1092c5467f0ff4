/**
 * `npm run bench:capacity-live` — the capacity search run live against the emulator, on real time:
 * the limit it finds next to the emulator's analytic truth (src/emulator/capacity/knee.ts
 * `trueCapacity`) for three instance profiles in both `by` modes, and how long each search took.
 * Service times are tens of milliseconds, so a quiet machine's scheduling noise moves latencies by a
 * few percent at most; on a busy machine the timer lateness (printed, `timerLateP95Ms`) says how much
 * of the error is the machine's. Goal: every limit within 10 % of the truth. Prints one JSON line.
 *
 * (The tests check the same search on controlled time: test/load/capacity/search.test.ts with a
 * synthetic endpoint, and test/load/capacity-emulator.test.ts only for the wiring through the engine.)
 * Run it under the shared lock on a shared machine: `flock /tmp/perf-gate-bench.lock npm run bench:capacity-live`.
 * Environment: CAPACITY_LIVE_PROBE (default `1500ms`), CAPACITY_LIVE_DEBUG=1 prints each probe table to stderr.
 */
import { parseConfig } from '../src/config/parse.js';
import { memoryLogger } from '../src/core/logger.js';
import { queueProfileFor, trueCapacity } from '../src/emulator/capacity/knee.js';
import { startEmulator } from '../src/emulator/index.js';
import { runLoadTest } from '../src/load/engine/run-load-test.js';
// The tests' measure of timer lateness, so the bench and the tests read the machine the same way.
import { watchTimers } from '../test/load/harness.js';

const PROBE = process.env.CAPACITY_LIVE_PROBE ?? '1500ms';
const DEBUG = process.env.CAPACITY_LIVE_DEBUG === '1';

const PROFILES = {
  'ml.m5.xlarge': { median: 80, sigma: 0.25, workers: 16, queue: 256, p95Ms: 250 },
  'ml.c5.2xlarge': { median: 100, sigma: 0.3, workers: 24, queue: 256, p95Ms: 300 },
  'ml.g5.xlarge': { median: 60, sigma: 0.2, workers: 12, queue: 256, p95Ms: 200 },
} as const;
type InstanceType = keyof typeof PROFILES;
const TYPES = Object.keys(PROFILES) as InstanceType[];
const endpointOf = (type: InstanceType) => type.replace(/[.]/g, '-');

function truth(type: InstanceType, by: 'concurrency' | 'arrival-rate'): number {
  const p = PROFILES[type];
  const model = queueProfileFor({
    workersPerInstance: p.workers,
    queuePerInstance: p.queue,
    serviceTimeMedianMs: p.median,
    serviceTimeSigma: p.sigma,
  });
  return trueCapacity(model, { p95Ms: p.p95Ms }, by, { arrivals: 'poisson' }).limit;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

const emulator = await startEmulator({
  seed: 7,
  recordRequests: 200_000,
  scenario: {
    'instance-profiles': Object.fromEntries(
      TYPES.map((t) => {
        const p = PROFILES[t];
        return [t, { median: `${p.median}ms`, sigma: p.sigma, workers: p.workers, queue: p.queue }];
      }),
    ),
    models: { m: {} },
    endpoints: Object.fromEntries(
      TYPES.map((t) => [endpointOf(t), { variants: [{ model: 'm', 'instance-type': t }] }]),
    ),
  },
});

const searches: Record<string, unknown>[] = [];
try {
  for (const by of ['concurrency', 'arrival-rate'] as const) {
    for (const type of TYPES) {
      const expected = truth(type, by);
      const start = Math.max(1, Math.round(expected / 2));
      const config = parseConfig(
        {
          endpoint: { name: endpointOf(type), region: 'us-east-1' },
          request: { payloads: [{ json: { inputs: [1] } }] },
          load: {
            mode: 'capacity',
            warmup: '500ms',
            workers: 2,
            arrivals: 'poisson',
            capacity: {
              by,
              probe: PROBE,
              resolution: '5%',
              budget: '90s',
              start,
              max: Math.round(expected * 4),
            },
          },
          slo: { p95: `${PROFILES[type].p95Ms}ms` },
        },
        { env: {} },
      );
      const logger = memoryLogger();
      const timers = watchTimers();
      const startedMs = performance.now();
      const result = await runLoadTest(
        config,
        {
          credentials: async () => ({ accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' }),
          env: emulator.env,
          logger,
        },
        {
          scenarioFor: (digest) => ({
            key: `bench-${digest.slice(0, 12)}`,
            components: { payloads: digest },
          }),
          preflight: false,
        },
      );
      const elapsedS = (performance.now() - startedMs) / 1000;
      const timerLateP95Ms = timers.stop().p95Ms;
      const limit = result.capacity?.limit ?? null;
      if (DEBUG)
        process.stderr.write(
          `${by} ${type} truth ${expected}\n${logger.lines.filter((l) => l.startsWith('capacity probe')).join('\n')}\n`,
        );
      searches.push({
        by,
        instanceType: type,
        truth: round(expected, 1),
        limit,
        outcome: result.capacity?.outcome,
        relError: limit === null ? null : round(limit / expected - 1),
        probes: result.capacity?.probes.length,
        elapsedS: round(elapsedS, 1),
        timerLateP95Ms: round(timerLateP95Ms, 2),
        saturated: result.clientHealth.saturated,
      });
    }
  }
} finally {
  await emulator.close();
}

const errors = searches.map((s) => (typeof s.relError === 'number' ? Math.abs(s.relError) : 1));
console.log(
  JSON.stringify({
    bench: 'capacity-live',
    probe: PROBE,
    searches,
    worstRelError: round(Math.max(...errors)),
    goals: { everyLimitWithin10pct: errors.every((e) => e <= 0.1) },
  }),
);
