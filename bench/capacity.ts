/**
 * `npm run bench:capacity` — how close the capacity search gets to the emulator's true capacity, how
 * long it takes, and the same for a fixed-step sweep at the same resolution, on the same seeded
 * endpoints in the same run. Prints one JSON line.
 *
 * Each endpoint is a seeded emulator profile (workers, queue, lognormal service time) with an SLO on
 * p95; half are searched by concurrency, half by arrival rate (Poisson). Probes are not live runs:
 * each is a seeded discrete-event run of exactly the model the emulator serves
 * (src/emulator/capacity/knee.ts `simulateModel`) for the probe's length, so the probe noise is real
 * (a short probe sees a few hundred requests) and a search over 20 endpoints takes seconds, not hours.
 * "Search time" is the time the probes would take against an endpoint (settle stages and the per-probe
 * overhead included, as src/load/capacity/run-capacity.ts runs them); the truth comes from
 * `trueCapacity` (long simulations with common random numbers).
 *
 * The sweep steps the load up by the resolution (×1.05) from the same start until a probe breaks the
 * SLO — the cheapest fixed-step sweep that reaches the same resolution (a sweep over the whole range
 * would cost more).
 *
 * Environment: CAPACITY_BENCH_ENDPOINTS (default 24), CAPACITY_BENCH_PROBE_MS (default 10000, the
 * product default `load.capacity.probe`), CAPACITY_BENCH_DEBUG=1 prints one line per endpoint to stderr.
 */
import { deriveSeed, seededRandom } from '../src/core/random.js';
import { simulateModel, trueCapacity, type QueueProfile } from '../src/emulator/capacity/knee.js';
import type { LimitCount, ProbeCounts } from '../src/load/capacity/judge.js';
import { judgeProbe } from '../src/load/capacity/judge.js';
import { searchCapacity, type ProbeRun, type SearchSettings } from '../src/load/capacity/search.js';

const ENDPOINTS = Number(process.env.CAPACITY_BENCH_ENDPOINTS ?? 24);
const PROBE_MS = Number(process.env.CAPACITY_BENCH_PROBE_MS ?? 10000);
const SETTLE_MS = Math.min(2000, PROBE_MS / 4);
const OVERHEAD_MS = 250;
const RESOLUTION = 0.05;
const SEED = 20261206;

interface Endpoint {
  profile: QueueProfile;
  p95Ms: number;
  by: 'concurrency' | 'arrival-rate';
  truth: number;
}

function makeEndpoint(index: number): Endpoint {
  const random = seededRandom(deriveSeed(SEED, `endpoint-${index}`));
  const between = (low: number, high: number) => low + (high - low) * random.next();
  const workers = Math.round(between(2, 32));
  const medianMs = between(10, 150);
  const sigma = between(0.1, 0.45);
  const profile: QueueProfile = {
    workers,
    queueCapacity: workers * 8,
    serviceTime: { medianUs: medianMs * 1000, sigma },
  };
  const p95Ms = Math.round(medianMs * between(2, 4));
  const by = index % 2 === 0 ? 'concurrency' : 'arrival-rate';
  const truth = trueCapacity(profile, { p95Ms, errorRate: 0.01 }, by, { arrivals: 'poisson' }).limit;
  return { profile, p95Ms, by, truth };
}

/** One probe: the model's requests over the probe's length, counted like the driver counts them. */
function probeCounts(endpoint: Endpoint, load: number, seed: number, durationMs: number): ProbeCounts {
  const meanServiceUs =
    endpoint.profile.serviceTime.medianUs * Math.exp(endpoint.profile.serviceTime.sigma ** 2 / 2);
  const rate =
    endpoint.by === 'concurrency' ? (Math.min(load, endpoint.profile.workers) * 1e6) / meanServiceUs : load;
  const requests = Math.max(20, Math.round((rate * durationMs) / 1000));
  const run = simulateModel(
    endpoint.profile,
    endpoint.by === 'concurrency'
      ? { by: 'concurrency', users: load }
      : { by: 'arrival-rate', rateRps: load, arrivals: 'poisson' },
    { requests, seed },
  );
  const limitUs = endpoint.p95Ms * 1000;
  const intervals = new Map<number, { over: number; total: number }>();
  let over = 0;
  run.latenciesUs.forEach((latencyUs, i) => {
    const index = Math.floor((run.startsUs[i] ?? 0) / 1_000_000);
    const interval = intervals.get(index) ?? { over: 0, total: 0 };
    interval.total++;
    if (latencyUs > limitUs) {
      interval.over++;
      over++;
    }
    intervals.set(index, interval);
  });
  const limit: LimitCount = {
    metric: 'p95',
    quantile: 0.95,
    limitMs: endpoint.p95Ms,
    over,
    total: run.ok,
    intervals: [...intervals.values()],
  };
  return { limits: [limit], failed: run.failed, attempted: run.ok + run.failed, errorRateLimit: 0.01 };
}

function settingsFor(endpoint: Endpoint): SearchSettings {
  return {
    by: endpoint.by,
    start: endpoint.by === 'concurrency' ? 1 : 2,
    max: Math.max(16, endpoint.truth * 8),
    probeMs: PROBE_MS + SETTLE_MS + OVERHEAD_MS,
    resolution: RESOLUTION,
    budgetMs: 30 * 60_000,
  };
}

async function runSearch(endpoint: Endpoint, index: number) {
  let simulatedMs = 0;
  let probes = 0;
  const result = await searchCapacity(
    settingsFor(endpoint),
    async (load, extension): Promise<ProbeRun> => {
      probes++;
      simulatedMs += PROBE_MS + (extension === 0 ? SETTLE_MS : 0) + OVERHEAD_MS;
      const seed = deriveSeed(SEED, `search-${index}-${probes}`);
      return { counts: probeCounts(endpoint, load, seed, PROBE_MS), saturated: undefined };
    },
    () => simulatedMs,
  );
  return { limit: result.limit ?? 0, probes, simulatedMs };
}

/** The fixed-step sweep: ×(1 + resolution) from the same start until a probe breaks. */
function runSweep(endpoint: Endpoint, index: number) {
  const settings = settingsFor(endpoint);
  let load = settings.start;
  let limit = 0;
  let probes = 0;
  let simulatedMs = 0;
  for (;;) {
    probes++;
    simulatedMs += PROBE_MS + SETTLE_MS + OVERHEAD_MS;
    const seed = deriveSeed(SEED, `sweep-${index}-${probes}`);
    const judged = judgeProbe(probeCounts(endpoint, load, seed, PROBE_MS));
    const over = judged.verdict === 'breaks';
    if (over || load >= settings.max) break;
    limit = load;
    const next = load * (1 + RESOLUTION);
    load = endpoint.by === 'concurrency' ? Math.max(load + 1, Math.round(next)) : Number(next.toPrecision(3));
  }
  return { limit, probes, simulatedMs };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const round = (value: number, digits = 4) => Number(value.toFixed(digits));

const started = performance.now();
const endpoints = Array.from({ length: ENDPOINTS }, (_, i) => makeEndpoint(i));
const truthMs = performance.now() - started;
interface Found {
  limit: number;
  probes: number;
  simulatedMs: number;
}
const searches: Found[] = [];
const sweeps: Found[] = [];
const searchStarted = performance.now();
for (const [i, endpoint] of endpoints.entries()) searches.push(await runSearch(endpoint, i));
const searchComputeMs = performance.now() - searchStarted;
const sweepStarted = performance.now();
for (const [i, endpoint] of endpoints.entries()) sweeps.push(runSweep(endpoint, i));
const sweepComputeMs = performance.now() - sweepStarted;

const errors = (found: { limit: number }[]) =>
  found.map((f, i) => Math.abs(f.limit / (endpoints[i]?.truth ?? 1) - 1));
const summary = (found: { limit: number; probes: number; simulatedMs: number }[], computeMs: number) => ({
  medianRelError: round(median(errors(found))),
  worstRelError: round(Math.max(...errors(found))),
  medianProbes: median(found.map((f) => f.probes)),
  totalProbes: found.reduce((s, f) => s + f.probes, 0),
  medianSearchTimeS: round(median(found.map((f) => f.simulatedMs)) / 1000, 1),
  totalSearchTimeS: round(found.reduce((s, f) => s + f.simulatedMs, 0) / 1000, 1),
  computeMs: Math.round(computeMs),
});
if (process.env.CAPACITY_BENCH_DEBUG)
  endpoints.forEach((e, i) =>
    console.error(
      e.by,
      e.profile.workers,
      Math.round(e.profile.serviceTime.medianUs / 1000),
      e.profile.serviceTime.sigma.toFixed(2),
      e.p95Ms,
      'truth',
      e.truth.toFixed(1),
      'search',
      searches[i]?.limit,
      searches[i]?.probes,
      'sweep',
      sweeps[i]?.limit,
      sweeps[i]?.probes,
    ),
  );
const search = summary(searches, searchComputeMs);
const sweep = summary(sweeps, sweepComputeMs);
console.log(
  JSON.stringify({
    bench: 'capacity',
    endpoints: ENDPOINTS,
    probeMs: PROBE_MS,
    resolution: RESOLUTION,
    probes: 'seeded simulations of the emulator model (not live runs)',
    search,
    sweep,
    searchTimeOverSweep: round(search.totalSearchTimeS / sweep.totalSearchTimeS, 3),
    goals: {
      medianErrorAtMost5pct: search.medianRelError <= 0.05,
      worstErrorAtMost10pct: search.worstRelError <= 0.1,
      atMostHalfTheSweepTime: search.totalSearchTimeS <= sweep.totalSearchTimeS / 2,
    },
    truthComputeMs: Math.round(truthMs),
  }),
);
