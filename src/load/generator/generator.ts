/**
 * One load generator: runs a list of stages against one endpoint for its share of the load, in
 * the current thread, and reports per-stage snapshots plus its own health. Worker threads each
 * run one of these; the engine merges their reports.
 */
import type { Arrivals, LoadMode } from '../../config/load-schema.js';
import { deriveSeed, seededRandom } from '../../core/random.js';
import { HealthMonitor, type WorkerHealth } from '../../metrics/client-health.js';
import { encodeHistogram } from '../../metrics/histogram.js';
import { StageRecorder, type RequestSloUs } from '../../metrics/stage-recorder.js';
import type { StageCounts, StageSnapshot } from '../../metrics/stage-snapshot.js';
import type { Invoker } from '../invoke/invoker.js';
import type { Payload } from '../payloads/payload.js';
import { ArrivalCurve, arrivalSchedule } from '../stages/arrivals.js';
import { stageIndexAt, timelineOf, type StagePlan } from '../stages/plan.js';
import { unitsInShare, type LoadShare } from '../stages/share.js';
import { driveClosedLoop } from './closed-loop.js';
import type { DriveContext } from './drive-context.js';
import { driveOpenLoop } from './open-loop.js';
import { preciseSleepMs } from './precise-wait.js';
import { RequestSource, type BodySettings } from './request-source.js';

/** Everything one generator needs to know (plain data: it crosses to worker threads). */
export interface GeneratorJob {
  readonly payloads: readonly Payload[];
  readonly body: BodySettings;
  readonly stages: readonly StagePlan[];
  readonly mode: LoadMode;
  readonly arrivals: Arrivals;
  /** Most requests in flight for the whole run (open loop); this generator takes its share. */
  readonly maxInFlight: number;
  /** Seed of the arrival process (Poisson). */
  readonly seed: number;
  readonly share: LoadShare;
  /** Monotonic µs at which the first stage begins. */
  readonly startUs: number;
  /** Interval length of the interval series. */
  readonly intervalMs: number;
  /** Per-request limits for goodput (`slo.request`), µs; undefined: goodput is not measured. */
  readonly requestSlo?: RequestSloUs | undefined;
}

/** Progress of one stage since the previous report. */
export interface StageProgress {
  readonly stageIndex: number;
  readonly counts: StageCounts;
  /** Latencies recorded since the previous report (encoded). */
  readonly latencyDelta: string;
}

export interface GeneratorReport {
  readonly stages: readonly StageSnapshot[];
  readonly health: WorkerHealth;
}

export interface GeneratorDeps {
  readonly monotonicUs: () => number;
  readonly nowMs: () => number;
  readonly signal: AbortSignal;
  /** Called about every `progressEveryMs` while the stages run. */
  readonly onProgress?: (progress: readonly StageProgress[]) => void;
  readonly progressEveryMs?: number;
}

export async function runGenerator(
  job: GeneratorJob,
  invoker: Invoker,
  deps: GeneratorDeps,
): Promise<GeneratorReport> {
  const timeline = timelineOf(job.stages);
  const recorders = timeline.startsMs.map(
    (offsetMs) => new StageRecorder(job.startUs + offsetMs * 1000, job.intervalMs * 1000, job.requestSlo),
  );
  const ctx: DriveContext = {
    timeline,
    startUs: job.startUs,
    share: job.share,
    invoker,
    source: new RequestSource(job.payloads, job.body, job.share),
    recorders,
    monotonicUs: deps.monotonicUs,
    nowMs: deps.nowMs,
    signal: deps.signal,
  };
  const monitor = new HealthMonitor(preciseSleepMs);
  monitor.start();
  const ticker = setInterval(() => tick(ctx, deps), deps.progressEveryMs ?? 1000);
  try {
    if (job.mode === 'concurrency') {
      await driveClosedLoop(ctx);
    } else {
      const random = seededRandom(deriveSeed(job.seed, `arrivals/${job.share.offset}/${job.share.step}`));
      const schedule = arrivalSchedule(new ArrivalCurve(job.stages), job.arrivals, job.share, random);
      await driveOpenLoop(ctx, schedule, Math.max(1, unitsInShare(job.share, job.maxInFlight)));
    }
  } finally {
    clearInterval(ticker);
  }
  tick(ctx, deps);
  const health = monitor.stop();
  return { stages: recorders.map((r) => r.snapshot()), health };
}

/** Seals finished intervals and reports progress of the current and previous stage. */
function tick(ctx: DriveContext, deps: GeneratorDeps): void {
  const nowUs = deps.monotonicUs();
  for (const recorder of ctx.recorders) recorder.sealFinished(nowUs);
  if (!deps.onProgress) return;
  const current = Math.min(
    ctx.recorders.length - 1,
    Math.max(0, stageIndexAt(ctx.timeline, (nowUs - ctx.startUs) / 1000)),
  );
  const progress: StageProgress[] = [];
  for (let index = Math.max(0, current - 1); index <= current; index++) {
    const recorder = ctx.recorders[index];
    if (!recorder) continue;
    progress.push({
      stageIndex: index,
      counts: { ...recorder.counts },
      latencyDelta: encodeHistogram(recorder.takeProgress()),
    });
  }
  deps.onProgress(progress);
}
