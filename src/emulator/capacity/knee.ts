/**
 * The emulator's true capacity at an SLO: what a capacity search against the emulator should find.
 *
 * What the emulator runs for a modelled (non-proxy) variant, exactly (src/emulator/state/deployed.ts,
 * src/emulator/capacity/variant-pool.ts, src/emulator/runtime/invoke.ts):
 * - c = workers per instance × instance count servers, one FIFO queue of K = queue per instance ×
 *   count places in front of them; a request that finds every worker busy and the queue full is
 *   throttled (an error, no latency);
 * - each request holds one worker for a service time drawn from a lognormal distribution
 *   (profile median × model factor × drift, profile sigma); a freed worker takes the oldest waiting
 *   request at the instant of the *scheduled* end, so timer lateness never loses capacity;
 * - the client sees waiting + service (+ the transport, a fraction of a millisecond on loopback).
 *
 * The load generator adds the arrival process: a closed loop of N users with no think time (each
 * user sends its next request as soon as the previous answer arrives), or an open loop with constant
 * or Poisson arrivals at λ/s and at most `max-in-flight` requests outstanding (arrivals beyond are
 * dropped and counted), latency measured from the intended start.
 *
 * Nothing here has a closed form for lognormal service times and percentile SLOs (M/G/c), so the
 * truth is computed numerically on exactly that model: the FCFS multi-server recursion (a request
 * starts at max(its arrival, the earliest time a worker frees), Kiefer–Wolfowitz) over many seeded
 * requests, with common random numbers across loads so the latency curve is monotone in the load,
 * and a search over the load to a relative precision far below any search resolution.
 * Two facts are exact and used as shortcuts and checks: with N ≤ c users nobody waits, so the
 * latency distribution is the service-time distribution; and no load can sustain more than c / E[S]
 * requests per second.
 */
import { exponential, seededRandom, type Random } from '../../core/random.js';
import type { InstanceProfile } from './instance-profiles.js';
import {
  lognormalMeanUs,
  lognormalQuantileUs,
  sampleLognormalUs,
  type LognormalSpec,
} from './service-time.js';

/** The queueing model of one variant, as the emulator builds it. */
export interface QueueProfile {
  /** Workers in total (workers per instance × instance count). */
  workers: number;
  /** Waiting places in total (queue per instance × instance count); beyond them requests throttle. */
  queueCapacity: number;
  /** Service-time distribution (after model factor and drift). */
  serviceTime: LognormalSpec;
}

/** What a load does to the model: a closed loop of users, or an open loop of arrivals. */
export type ModelLoad =
  | { by: 'concurrency'; users: number }
  | {
      by: 'arrival-rate';
      rateRps: number;
      /** Default `constant`. */
      arrivals?: 'constant' | 'poisson';
      /** Most requests outstanding; arrivals beyond are dropped. Default 256 (the generator's default). */
      maxInFlight?: number;
    };

/** The SLO a load must meet: latency percentiles of successful requests, and the error rate. */
export interface KneeSlo {
  p50Ms?: number | undefined;
  p95Ms?: number | undefined;
  p99Ms?: number | undefined;
  /** Highest fraction of requests that may fail (throttled or dropped). Default 0.01 when unset. */
  errorRate?: number | undefined;
}

/** The model's figures at one load. */
export interface ModelFigures {
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Throttled or dropped / all requests. */
  errorRate: number;
  /** Successful completions per second. */
  throughputRps: number;
}

export interface SimulationOptions {
  /** Requests simulated (after a warm-up of a tenth as many). Default 40 000. */
  requests?: number;
  /** Seed of the service-time and arrival draws (the same for every load: common random numbers). */
  seed?: number;
  /** Fixed per-request overhead added to every latency and to each closed-loop cycle, µs. Default 0. */
  overheadUs?: number;
}

/** Highest throughput any load can get out of the profile: c / E[S], requests/s. */
export function saturationThroughputRps(profile: QueueProfile): number {
  return (profile.workers * 1_000_000) / lognormalMeanUs(profile.serviceTime);
}

/** The model's latency percentiles, error rate and throughput at `load` (a seeded simulation). */
export function modelFigures(
  profile: QueueProfile,
  load: ModelLoad,
  options: SimulationOptions = {},
): ModelFigures {
  return summarize(simulateModel(profile, load, options));
}

/**
 * The requests themselves: a seeded run of `options.requests` requests (after a warm-up of a tenth
 * as many) on the model — what a probe of that many requests against the emulator would see.
 */
export function simulateModel(
  profile: QueueProfile,
  load: ModelLoad,
  options: SimulationOptions = {},
): SimulatedRun {
  const requests = options.requests ?? 40_000;
  const random = seededRandom(options.seed ?? 1);
  const overheadUs = options.overheadUs ?? 0;
  return load.by === 'concurrency'
    ? simulateClosed(profile, Math.max(1, Math.floor(load.users)), requests, random, overheadUs)
    : simulateOpen(profile, load, requests, random, overheadUs);
}

/** Latencies of successful requests (µs) with their start times, failures, and the measured span. */
export interface SimulatedRun {
  latenciesUs: Float64Array;
  /** When each successful request started (µs from the end of the warm-up), same order. */
  startsUs: Float64Array;
  ok: number;
  failed: number;
  spanUs: number;
}

function simulateClosed(
  profile: QueueProfile,
  users: number,
  requests: number,
  random: Random,
  overheadUs: number,
): SimulatedRun {
  const warmup = Math.floor(requests / 10);
  const free = new MinHeap(); // when each worker frees
  for (let i = 0; i < profile.workers; i++) free.push(0);
  const ready = new MinHeap(); // when each user sends its next request
  for (let i = 0; i < users; i++) ready.push(0);
  const latenciesUs = new Float64Array(requests);
  const startsUs = new Float64Array(requests);
  let firstUs = 0;
  let lastUs = 0;
  for (let i = 0; i < warmup + requests; i++) {
    const sentUs = ready.pop();
    const startUs = Math.max(sentUs, free.pop());
    const endUs = startUs + sampleLognormalUs(profile.serviceTime, random);
    free.push(endUs);
    ready.push(endUs + overheadUs);
    if (i === warmup) firstUs = sentUs;
    if (i >= warmup) {
      latenciesUs[i - warmup] = endUs - sentUs + overheadUs;
      startsUs[i - warmup] = sentUs - firstUs;
      lastUs = Math.max(lastUs, endUs);
    }
  }
  // Users never exceed c + K here when users ≤ c + K; a closed loop beyond that would throttle.
  return { latenciesUs, startsUs, ok: requests, failed: 0, spanUs: Math.max(1, lastUs - firstUs) };
}

function simulateOpen(
  profile: QueueProfile,
  load: Extract<ModelLoad, { by: 'arrival-rate' }>,
  requests: number,
  random: Random,
  overheadUs: number,
): SimulatedRun {
  const warmup = Math.floor(requests / 10);
  const gapUs = 1_000_000 / load.rateRps;
  const poisson = load.arrivals === 'poisson';
  const maxInFlight = load.maxInFlight ?? 256;
  const free = new MinHeap();
  for (let i = 0; i < profile.workers; i++) free.push(0);
  const waitingStarts = new Fifo(); // start times of accepted requests not started yet (nondecreasing)
  const ends = new MinHeap(); // end times of accepted requests (in flight until then)
  const latencies: number[] = [];
  const starts: number[] = [];
  const firstUs = (warmup + 1) * gapUs;
  let failed = 0;
  let arrivalUs = 0;
  for (let i = 0; i < warmup + requests; i++) {
    arrivalUs += poisson ? exponential(random, gapUs) : gapUs;
    const serviceUs = sampleLognormalUs(profile.serviceTime, random); // drawn either way: CRN
    while (ends.size > 0 && ends.peek() <= arrivalUs) ends.pop();
    waitingStarts.dropUntil(arrivalUs);
    const measured = i >= warmup;
    if (ends.size >= maxInFlight) {
      if (measured) failed++; // dropped by the generator
      continue;
    }
    const earliestFreeUs = free.peek();
    if (earliestFreeUs > arrivalUs && waitingStarts.size >= profile.queueCapacity) {
      if (measured) failed++; // throttled: every worker busy and the queue full
      continue;
    }
    free.pop();
    const startUs = Math.max(arrivalUs, earliestFreeUs);
    const endUs = startUs + serviceUs;
    free.push(endUs);
    ends.push(endUs);
    if (startUs > arrivalUs) waitingStarts.push(startUs);
    if (measured) {
      latencies.push(endUs - arrivalUs + overheadUs);
      starts.push(arrivalUs - firstUs);
    }
  }
  const spanUs = requests * gapUs;
  return {
    latenciesUs: Float64Array.from(latencies),
    startsUs: Float64Array.from(starts),
    ok: latencies.length,
    failed,
    spanUs,
  };
}

function summarize(run: SimulatedRun): ModelFigures {
  const sorted = Float64Array.from(run.latenciesUs).sort();
  const q = (p: number) =>
    sorted.length === 0
      ? Infinity
      : (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0) / 1000;
  const total = run.ok + run.failed;
  let sumUs = 0;
  for (const v of sorted) sumUs += v;
  return {
    meanMs: sorted.length === 0 ? Infinity : sumUs / sorted.length / 1000,
    p50Ms: q(0.5),
    p95Ms: q(0.95),
    p99Ms: q(0.99),
    errorRate: total === 0 ? 0 : run.failed / total,
    throughputRps: (run.ok * 1_000_000) / run.spanUs,
  };
}

/** True when the figures meet every limit of the SLO. */
export function meetsSlo(figures: ModelFigures, slo: KneeSlo): boolean {
  return (
    (slo.p50Ms === undefined || figures.p50Ms <= slo.p50Ms) &&
    (slo.p95Ms === undefined || figures.p95Ms <= slo.p95Ms) &&
    (slo.p99Ms === undefined || figures.p99Ms <= slo.p99Ms) &&
    figures.errorRate <= (slo.errorRate ?? 0.01)
  );
}

/** The true capacity: the highest load that meets the SLO, and the model's figures there. */
export interface TrueCapacity {
  /** Users (concurrency) or requests/s (arrival-rate); 0 when even the smallest load breaks the SLO. */
  limit: number;
  unit: 'users' | 'rps';
  /** Figures at the limit (undefined when the limit is 0). */
  atLimit: ModelFigures | undefined;
  /** c / E[S]: the ceiling no load passes. */
  saturationRps: number;
}

export interface KneeOptions extends SimulationOptions {
  /** Highest load considered. Default: 4 × (c + K) users, or the saturation rate. */
  maxLoad?: number;
  /** Open loop: arrival process and generator cap (see ModelLoad). */
  arrivals?: 'constant' | 'poisson';
  maxInFlight?: number;
  /** Open loop: relative precision of the rate. Default 0.002. */
  precision?: number;
}

/** The highest concurrency (whole users) or arrival rate that meets `slo` on `profile`. */
export function trueCapacity(
  profile: QueueProfile,
  slo: KneeSlo,
  by: 'concurrency' | 'arrival-rate',
  options: KneeOptions = {},
): TrueCapacity {
  const saturationRps = saturationThroughputRps(profile);
  if (by === 'concurrency') {
    const figuresAt = (users: number) => closedFigures(profile, users, options);
    const maxUsers = Math.floor(options.maxLoad ?? 4 * (profile.workers + profile.queueCapacity));
    const limit = highestMeeting(1, maxUsers, (n) => meetsSlo(figuresAt(n), slo));
    return { limit, unit: 'users', atLimit: limit > 0 ? figuresAt(limit) : undefined, saturationRps };
  }
  const figuresAt = (rateRps: number) =>
    modelFigures(
      profile,
      {
        by: 'arrival-rate',
        rateRps,
        ...(options.arrivals ? { arrivals: options.arrivals } : {}),
        ...(options.maxInFlight ? { maxInFlight: options.maxInFlight } : {}),
      },
      options,
    );
  const maxRate = options.maxLoad ?? saturationRps;
  const limit = highestRate(maxRate, options.precision ?? 0.002, (r) => meetsSlo(figuresAt(r), slo));
  return { limit, unit: 'rps', atLimit: limit > 0 ? figuresAt(limit) : undefined, saturationRps };
}

/** Closed loop figures; exact (no simulation) while nobody waits (users ≤ workers). */
function closedFigures(profile: QueueProfile, users: number, options: SimulationOptions): ModelFigures {
  if (users > profile.workers) return modelFigures(profile, { by: 'concurrency', users }, options);
  const overheadMs = (options.overheadUs ?? 0) / 1000;
  const q = (p: number) => lognormalQuantileUs(profile.serviceTime, p) / 1000 + overheadMs;
  const cycleUs = lognormalMeanUs(profile.serviceTime) + (options.overheadUs ?? 0);
  return {
    meanMs: cycleUs / 1000,
    p50Ms: q(0.5),
    p95Ms: q(0.95),
    p99Ms: q(0.99),
    errorRate: 0,
    throughputRps: (users * 1_000_000) / cycleUs,
  };
}

/** Largest whole n in [low, high] with ok(n), for a monotone ok; 0 when none. Doubling, then bisection. */
function highestMeeting(low: number, high: number, ok: (n: number) => boolean): number {
  if (!ok(low)) return 0;
  let good = low;
  let bad = high + 1;
  for (let n = low * 2; n <= high; n *= 2) {
    if (!ok(n)) {
      bad = n;
      break;
    }
    good = n;
  }
  if (bad === high + 1 && good < high) {
    if (ok(high)) return high;
    bad = high;
  }
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (ok(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

/** Highest rate in (0, max] with ok(rate) to a relative precision, for a monotone ok; 0 when none. */
function highestRate(max: number, precision: number, ok: (rate: number) => boolean): number {
  if (ok(max)) return max;
  let good = 0;
  let bad = max;
  let probe = max / 2;
  while (probe > max * 1e-6 && !ok(probe)) {
    bad = probe;
    probe /= 2;
  }
  if (probe <= max * 1e-6) return 0;
  good = probe;
  while (bad / good - 1 > precision) {
    const mid = Math.sqrt(good * bad);
    if (ok(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

/** A binary min-heap of numbers. */
class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): number {
    return this.items[0] ?? Infinity;
  }

  push(value: number): void {
    const a = this.items;
    a.push(value);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((a[parent] as number) <= value) break;
      a[i] = a[parent] as number;
      i = parent;
    }
    a[i] = value;
  }

  pop(): number {
    const a = this.items;
    const top = a[0] ?? Infinity;
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= a.length) break;
      const right = left + 1;
      const child = right < a.length && (a[right] as number) < (a[left] as number) ? right : left;
      if ((a[child] as number) >= last) break;
      a[i] = a[child] as number;
      i = child;
    }
    a[i] = last;
    return top;
  }
}

/** A queue of nondecreasing numbers. */
class Fifo {
  private readonly items: number[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(value: number): void {
    this.items.push(value);
  }

  /** Removes every value ≤ t from the front. */
  dropUntil(t: number): void {
    while (this.head < this.items.length && (this.items[this.head] as number) <= t) this.head++;
  }
}

/**
 * The queueing model of a variant as src/emulator/state/deployed.ts builds it: workers and queue per
 * instance times the instance count, the profile's service time times the model's latency factor
 * (and the deployment's drift, 1 without `noise.drift`).
 */
export function queueProfileFor(
  profile: Pick<
    InstanceProfile,
    'workersPerInstance' | 'queuePerInstance' | 'serviceTimeMedianMs' | 'serviceTimeSigma'
  >,
  instanceCount = 1,
  latencyScale = 1,
): QueueProfile {
  return {
    workers: profile.workersPerInstance * instanceCount,
    queueCapacity: profile.queuePerInstance * instanceCount,
    serviceTime: {
      medianUs: profile.serviceTimeMedianMs * 1000 * latencyScale,
      sigma: profile.serviceTimeSigma,
    },
  };
}
