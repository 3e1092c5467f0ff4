/**
 * The load engine's lower-level API: a session holds warm generators (worker threads, their
 * connections and payloads) and runs any list of stages against any endpoint, returning per-stage
 * results. Paired mode alternates blocks between two endpoints in one session; scale-out gives the
 * session its shard's share and a shared wall-clock start.
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Arrivals, LoadMode } from '../../config/load-schema.js';
import type { RequestConfig } from '../../config/request-schema.js';
import { systemClock, type Clock } from '../../core/clock.js';

/** Load is generated in real time, whatever clock is injected for wall-clock stamps. */
const realTime = systemClock;
import type { Logger } from '../../core/logger.js';
import type { WorkerHealth } from '../../metrics/client-health.js';
import type { RequestSloUs } from '../../metrics/stage-recorder.js';
import type { ClientHealth } from '../../result/document.js';
import type { GeneratorJob } from '../generator/generator.js';
import { createInvoker } from '../invoke/create-invoker.js';
import type { InvokerKind } from '../invoke/invoker.js';
import type { Outcome } from '../invoke/outcome.js';
import type { PayloadSet } from '../payloads/payload.js';
import { RequestSource } from '../generator/request-source.js';
import { timelineOf, type StagePlan } from '../stages/plan.js';
import { subShare, unitsInShare, WHOLE, type LoadShare } from '../stages/share.js';
import { startGeneratorPool, type GeneratorPool, type ThreadMode } from '../workers/generator-pool.js';
import { CredentialKeeper } from './credential-keeper.js';
import { ProgressTracker, type ProgressSnapshot } from './progress-tracker.js';
import { mergeReports, runClientHealth, type RunStageResult } from './stage-results.js';
import { invocationSpecFor, type LoadTarget } from './target.js';

export interface LoadSessionOptions {
  readonly request: RequestConfig;
  readonly payloads: PayloadSet;
  /** Generator threads. */
  readonly workers: number;
  /** Default `fast`. */
  readonly invoker?: InvokerKind;
  /** `workers` (default): one generator per worker thread; `inline`: one generator in this thread. */
  readonly threads?: ThreadMode;
  /** This session's share of the load (scale-out shards). Default: all of it. */
  readonly share?: LoadShare;
  /** Per-request limits for goodput (`slo.request`), µs. Default: goodput not measured. */
  readonly requestSlo?: RequestSloUs | undefined;
}

export interface LoadSessionDeps {
  /** AWS credentials (production: `fromNodeProviderChain()`). */
  readonly credentials: AwsCredentialIdentityProvider;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** How load is generated (from `load:`). */
export interface LoadProfile {
  readonly mode: LoadMode;
  readonly arrivals: Arrivals;
  readonly maxInFlight: number;
  readonly seed: number;
  /** Client-side delay (p99 send lag, p99 event-loop delay) tolerated before a run is saturated, ms. */
  readonly maxClientDelayMs?: number | undefined;
}

export interface StageRunOptions {
  readonly profile: LoadProfile;
  /** Wall-clock epoch ms at which the first stage starts (shards align on it). Default: right away. */
  readonly startAtMs?: number;
  /** Length of the interval series' intervals. Default 1000. */
  readonly intervalMs?: number;
  /** Live progress, about every `progressEveryMs` (default 5000). */
  readonly onProgress?: (snapshot: ProgressSnapshot) => void;
  readonly progressEveryMs?: number;
}

export interface StageRunResult {
  /** One per stage given, in order (unmeasured ones included, `plan.measured` false). */
  readonly stages: readonly RunStageResult[];
  readonly clientHealth: ClientHealth;
  readonly workerHealth: readonly WorkerHealth[];
  /** Wall clock of the first stage's start and the last stage's planned end. */
  readonly startedAtMs: number;
  readonly endedAtMs: number;
}

export interface LoadSession {
  readonly workers: number;
  readonly invoker: InvokerKind;
  /** Runs `stages` against `target` and returns per-stage results. */
  runStages(
    target: LoadTarget,
    stages: readonly StagePlan[],
    options: StageRunOptions,
  ): Promise<StageRunResult>;
  /** One request (not counted anywhere) to check the endpoint answers at all. */
  probe(target: LoadTarget): Promise<Outcome>;
  /** Stops starting requests (in-flight ones complete; the current run then returns). */
  cancel(): void;
  close(): Promise<void>;
}

/** Lead time between handing jobs to the workers and the first stage start. */
const START_LEAD_MS = 100;

/** Starts the generators (and resolves credentials) — ready for `runStages`. */
export async function openLoadSession(
  options: LoadSessionOptions,
  deps: LoadSessionDeps,
): Promise<LoadSession> {
  const clock = deps.clock ?? systemClock;
  const keeper = await CredentialKeeper.start(deps.credentials);
  const mode = options.threads ?? 'workers';
  const size = mode === 'inline' ? 1 : Math.max(1, options.workers);
  const pool = await startGeneratorPool(size, keeper.credentials, mode);
  keeper.watch((c) => pool.setCredentials(c), deps.logger);
  const kind = options.invoker ?? 'fast';
  const sessionShare = options.share ?? WHOLE;
  return {
    workers: pool.size,
    invoker: kind,
    runStages: (target, stages, run) =>
      runStages(pool, clock, deps.logger, options, kind, sessionShare, target, stages, run),
    probe: async (target) => {
      const invoker = createInvoker(
        kind,
        invocationSpecFor(target, options.request, options.payloads.tokenizerPath),
        {
          monotonicUs: realTime.monotonicUs,
          nowMs: realTime.nowMs,
          credentials: () => keeper.credentials,
          maxConnections: 1,
        },
      );
      try {
        return await invoker.invoke(
          new RequestSource(options.payloads.payloads, options.request, WHOLE).next(),
        );
      } finally {
        await invoker.close();
      }
    },
    cancel: () => pool.cancel(),
    close: async () => {
      keeper.stop();
      await pool.close();
    },
  };
}

async function runStages(
  pool: GeneratorPool,
  clock: Clock,
  logger: Logger | undefined,
  options: LoadSessionOptions,
  kind: InvokerKind,
  sessionShare: LoadShare,
  target: LoadTarget,
  stages: readonly StagePlan[],
  run: StageRunOptions,
): Promise<StageRunResult> {
  const timeline = timelineOf(stages);
  const intervalMs = run.intervalMs ?? 1000;
  const nowMs = clock.nowMs();
  const startedAtMs = Math.max(run.startAtMs ?? 0, nowMs + START_LEAD_MS);
  if (run.startAtMs !== undefined && run.startAtMs < nowMs + START_LEAD_MS) {
    logger?.warning(
      `The shared start time ${new Date(run.startAtMs).toISOString()} has passed (${Math.round(nowMs - run.startAtMs)} ms ago): starting now, out of step with the other shards.`,
    );
  }
  // Generators measure on the process's monotonic clock (shared by all threads); only wall-clock
  // times come from the injected clock.
  const startUs = realTime.monotonicUs() + (startedAtMs - nowMs) * 1000;
  const shares = Array.from({ length: pool.size }, (_, i) => subShare(sessionShare, i, pool.size));
  const jobs: GeneratorJob[] = shares.map((share) => ({
    payloads: options.payloads.payloads,
    body: options.request,
    stages,
    mode: run.profile.mode,
    arrivals: run.profile.arrivals,
    maxInFlight: run.profile.maxInFlight,
    seed: run.profile.seed,
    share,
    startUs,
    intervalMs,
    requestSlo: options.requestSlo,
  }));
  const peak = Math.max(1, ...stages.map((s) => Math.ceil(Math.max(s.startTarget, s.target))));
  const connections = Math.max(
    ...shares.map((share) =>
      unitsInShare(share, run.profile.mode === 'concurrency' ? peak : run.profile.maxInFlight),
    ),
    1,
  );
  const tracker = new ProgressTracker(timeline, pool.size, startUs);
  const display = run.onProgress
    ? setInterval(
        () => run.onProgress?.(tracker.snapshot(realTime.monotonicUs())),
        run.progressEveryMs ?? 5000,
      )
    : undefined;
  try {
    const reports = await pool.run({
      jobs,
      invocation: invocationSpecFor(target, options.request, options.payloads.tokenizerPath),
      invoker: kind,
      maxConnections: connections,
      progressEveryMs: 1000,
      onProgress: (generator, progress) => tracker.add(generator, progress),
    });
    const merged = mergeReports(reports, {
      timeline,
      startedAtMs,
      intervalMs,
      openLoop: run.profile.mode === 'arrival-rate',
      streaming: options.request.stream,
      goodput: options.requestSlo !== undefined,
    });
    const workerHealth = reports.map((r) => r.health);
    return {
      stages: merged,
      clientHealth: runClientHealth(merged, workerHealth, run.profile.maxClientDelayMs),
      workerHealth,
      startedAtMs,
      endedAtMs: startedAtMs + timeline.totalMs,
    };
  } finally {
    if (display) clearInterval(display);
  }
}
