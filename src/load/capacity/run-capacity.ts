/**
 * Runs a capacity search (`load.mode: capacity`) on an open load session: a warm-up, then each probe
 * as an ordinary stage — preceded by a short unmeasured settle stage at the same load, so queues reach
 * their steady state before anything is counted — judged by the search (src/load/capacity/search.ts).
 * Returns every stage run (so result.json, reports, merges and CSVs see ordinary stages) and the
 * `capacity` section.
 */
import { mergeMergedStages } from '../../metrics/stage-snapshot.js';
import { stageStats } from '../../metrics/stage-stats.js';
import { SATURATED_CPU_PCT, type WorkerHealth } from '../../metrics/client-health.js';
import type { CapacityProbe, CapacityResult } from '../../result/capacity-schema.js';
import type { StageStats } from '../../result/document.js';
import type { LoadSession, StageRunResult } from '../engine/session.js';
import { runClientHealth, type RunStageResult } from '../engine/stage-results.js';
import type { LoadSpec } from '../engine/load-spec.js';
import type { LoadTarget } from '../engine/target.js';
import { WARMUP_STAGE_NAME, type StagePlan } from '../stages/plan.js';
import { DEFAULT_CAPACITY_ERROR_RATE, probeCounts } from './probe-counts.js';
import { searchCapacity, type ProbeRecord, type SearchResult } from './search.js';

export interface CapacityRunInputs {
  readonly session: LoadSession;
  readonly target: LoadTarget;
  readonly config: LoadSpec;
  /** Wall clock (ms) the budget is measured on. */
  readonly nowMs: () => number;
  /** Called after each probe is judged (the CLI prints the probe table as it goes). */
  readonly onProbe?: ((probe: CapacityProbe, index: number) => void) | undefined;
}

export interface CapacityRun {
  readonly run: StageRunResult;
  readonly capacity: CapacityResult;
}

/** Longest settle stage before a probe. */
const MAX_SETTLE_MS = 2000;
/** Set-up cost of one `runStages` call (start lead, job hand-over), counted against the budget. */
const RUN_OVERHEAD_MS = 250;

/** Runs the search; the session must be open (and the endpoint probed once). */
export async function runCapacitySearch(inputs: CapacityRunInputs): Promise<CapacityRun> {
  const { session, target, config } = inputs;
  const capacity = config.load.capacity;
  if (!capacity) throw new Error('runCapacitySearch needs load.capacity');
  const settleMs = Math.min(MAX_SETTLE_MS, Math.round(capacity.probeMs / 4));
  const unit = capacity.by === 'concurrency' ? 'users' : 'rps';
  const stages: RunStageResult[] = [];
  const workerHealth: WorkerHealth[] = [];
  /** Measured stages of the attempt being judged (pooled over its extensions). */
  let attempt: RunStageResult[] = [];
  /** Measured stages of the last attempt that met the SLO, by load (for the figures at the limit). */
  const byLoad = new Map<number, RunStageResult[]>();
  const probes: CapacityProbe[] = [];
  let startedAtMs: number | undefined;
  let endedAtMs = 0;
  let probeNumber = 0;

  const searched = await searchCapacity(
    { ...capacity, probeMs: capacity.probeMs + settleMs + RUN_OVERHEAD_MS },
    async (load, extension) => {
      if (extension === 0) probeNumber++;
      const name = `probe-${String(probeNumber).padStart(2, '0')}${extension > 0 ? `.${extension + 1}` : ''}-${load}${unit}`;
      const plans = planProbe(name, load, capacity.probeMs, {
        warmupMs: stages.length === 0 ? config.load.warmupMs : 0,
        settleMs: extension === 0 ? settleMs : 0,
      });
      const run = await session.runStages(target, plans, {
        profile: {
          mode: config.load.mode,
          arrivals: config.load.arrivals,
          maxInFlight: config.load.maxInFlight,
          seed: config.load.seed + probeNumber,
          // `load.max-client-delay` applies to every probe, as to a staged run.
          maxClientDelayMs: config.load.maxClientDelayMs,
        },
      });
      startedAtMs ??= run.startedAtMs;
      endedAtMs = run.endedAtMs;
      stages.push(...run.stages);
      workerHealth.push(...run.workerHealth);
      const measured = run.stages.filter((s) => s.plan.measured);
      attempt = [...(extension === 0 ? [] : attempt), ...measured];
      return {
        counts: probeCounts(
          attempt.map((s) => s.merged),
          config.slo.all,
        ),
        saturated: run.clientHealth.saturated ? saturationReason(run) : undefined,
        slack: slackCounts(run, attempt, config),
      };
    },
    inputs.nowMs,
    (record) => {
      if (record.verdict === 'meets') byLoad.set(record.load, attempt);
      const probe = describeProbe(record, attempt, config);
      probes.push(probe);
      inputs.onProbe?.(probe, probes.length - 1);
    },
  );
  const run: StageRunResult = {
    stages,
    clientHealth: runClientHealth(stages, workerHealth, config.load.maxClientDelayMs),
    workerHealth,
    startedAtMs: startedAtMs ?? inputs.nowMs(),
    endedAtMs,
  };
  return { run, capacity: capacitySection(searched, probes, byLoad, config) };
}

/** Warm-up (first probe only), settle (unmeasured), then the measured probe, all at `load`. */
function planProbe(
  name: string,
  load: number,
  probeMs: number,
  pre: { warmupMs: number; settleMs: number },
): StagePlan[] {
  const flat = (stageName: string, durationMs: number, measured: boolean): StagePlan => ({
    name: stageName,
    durationMs,
    startTarget: load,
    target: load,
    rampMs: 0,
    measured,
  });
  const plans: StagePlan[] = [];
  if (pre.warmupMs > 0) plans.push(flat(WARMUP_STAGE_NAME, pre.warmupMs, false));
  if (pre.settleMs > 0) plans.push(flat(`${name}-settle`, pre.settleMs, false));
  plans.push(flat(name, probeMs, true));
  return plans;
}

/**
 * The counts against limits raised by the client's own delay, when the generator's CPU was not the
 * problem (a starved machine delays callbacks; a CPU-bound generator also sends too little).
 */
function slackCounts(run: StageRunResult, stages: readonly RunStageResult[], config: LoadSpec) {
  const h = run.clientHealth;
  if (!h.saturated || h.maxWorkerCpuPct > SATURATED_CPU_PCT) return undefined;
  const delayMs = h.eventLoopDelayP99Ms + h.sendLagP99Ms;
  const raise = (ms: number | undefined) => (ms === undefined ? undefined : ms + delayMs);
  const slo = config.slo.all;
  return probeCounts(
    stages.map((s) => s.merged),
    {
      ...slo,
      p50Ms: raise(slo.p50Ms),
      p95Ms: raise(slo.p95Ms),
      p99Ms: raise(slo.p99Ms),
      ttftP95Ms: raise(slo.ttftP95Ms),
    },
  );
}

function saturationReason(run: StageRunResult): string {
  const h = run.clientHealth;
  return `worker CPU up to ${h.maxWorkerCpuPct.toFixed(0)} % of a core, event-loop delay p99 ${h.eventLoopDelayP99Ms.toFixed(1)} ms, send lag p99 ${h.sendLagP99Ms.toFixed(1)} ms`;
}

/** The pooled figures of every stage run at one load. */
function pooledStats(stages: readonly RunStageResult[], config: LoadSpec): StageStats | undefined {
  if (stages.length === 0) return undefined;
  return stageStats(mergeMergedStages(stages.map((s) => s.merged)), {
    elapsedMs: stages.reduce((sum, s) => sum + s.plan.durationMs, 0),
    openLoop: config.load.mode === 'arrival-rate',
    streaming: config.request.stream,
    goodput: config.slo.request !== undefined,
  });
}

function describeProbe(
  record: ProbeRecord,
  stages: readonly RunStageResult[],
  config: LoadSpec,
): CapacityProbe {
  const stats = pooledStats(stages, config);
  return {
    load: record.load,
    outcome: record.verdict === 'unclear' ? 'breaks' : record.verdict,
    stages: stages.length > 0 ? stages.map((s) => s.plan.name) : ['(none)'],
    p95Ms: stats?.latency.p95Ms ?? 0,
    throughputRps: stats?.throughputRps ?? 0,
    ...(stats?.goodputRps !== undefined ? { goodputRps: stats.goodputRps } : {}),
    errorRate: stats?.errorRate ?? 0,
    why: record.why,
  };
}

function capacitySection(
  searched: SearchResult,
  probes: CapacityProbe[],
  byLoad: ReadonlyMap<number, RunStageResult[]>,
  config: LoadSpec,
): CapacityResult {
  const capacity = config.load.capacity;
  if (!capacity) throw new Error('capacitySection needs load.capacity');
  const slo = config.slo.all;
  const atLimit = searched.limit === null ? undefined : pooledStats(byLoad.get(searched.limit) ?? [], config);
  return {
    by: capacity.by,
    unit: capacity.by === 'concurrency' ? 'users' : 'rps',
    outcome: searched.outcome,
    limit: searched.limit,
    brokeAt: searched.brokeAt,
    slo: {
      ...(slo.p50Ms !== undefined ? { p50Ms: slo.p50Ms } : {}),
      ...(slo.p95Ms !== undefined ? { p95Ms: slo.p95Ms } : {}),
      ...(slo.p99Ms !== undefined ? { p99Ms: slo.p99Ms } : {}),
      ...(slo.ttftP95Ms !== undefined ? { ttftP95Ms: slo.ttftP95Ms } : {}),
      errorRate: slo.errorRate ?? DEFAULT_CAPACITY_ERROR_RATE,
    },
    resolution: capacity.resolution,
    throughputRps: atLimit?.throughputRps ?? null,
    ...(config.slo.request ? { goodputRps: atLimit?.goodputRps ?? null } : {}),
    latency: atLimit
      ? { p50Ms: atLimit.latency.p50Ms, p95Ms: atLimit.latency.p95Ms, p99Ms: atLimit.latency.p99Ms }
      : null,
    probes,
    message: searched.message,
    budgetMs: capacity.budgetMs,
    elapsedMs: searched.elapsedMs,
  };
}
