/**
 * One result document from the shards of a scaled-out run: stage by stage and interval by interval,
 * histograms merged losslessly, counts and rates summed, client health combined. A missing shard, a
 * shard that did not finish every stage, or one whose stages did not line up in time makes the result
 * `incomplete`, so the verdict on it is inconclusive and names the shard — never a pass on partial load.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import {
  RESULT_SCHEMA_ID,
  RESULT_SCHEMA_VERSION,
  type ClientHealth,
  type ResultDocument,
  type StageResult,
} from '../result/document.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { mergeIntervals } from './merge-intervals.js';
import { mergeStageStats } from './merge-stats.js';
import { planShardSet, shardLabel, type PlacedShard, type ShardInput } from './shard-set.js';

/** Default for {@link MergeOptions.alignmentToleranceMs}. */
const DEFAULT_ALIGNMENT_TOLERANCE_MS = 1000;

export interface MergeOptions {
  /** Stamps `createdAt`. */
  clock: Pick<Clock, 'nowMs'>;
  /** How many shards were launched, when known (the matrix size). Default: what the documents say. */
  expectedCount?: number;
  /**
   * A shard whose stage started further than this from the other shards' did not overlap their load;
   * the merged result is then incomplete. Default 1000 ms (one interval).
   */
  alignmentToleranceMs?: number;
  /** Shards known to have failed before writing a result (e.g. a failed matrix job), with why. */
  knownFailures?: readonly { index: number; reason: string }[];
}

/**
 * Merges shard result documents into the result of the whole run.
 * @throws UserInputError when the documents are not shards of one run of one scenario (names the file)
 */
export function mergeShardDocuments(inputs: readonly ShardInput[], options: MergeOptions): ResultDocument {
  const set = planShardSet(inputs, options.expectedCount);
  const { count, shards } = set;
  const reference = shards[0];
  if (!reference) throw new Error('unreachable: a shard set has at least one shard');
  const problems = new Problems(count);
  for (const index of set.missing) {
    const known = options.knownFailures?.find((f) => f.index === index);
    problems.missing(index, known ? known.reason : 'produced no result document');
  }

  const stageNames = orderedStageNames(shards);
  const tolerance = options.alignmentToleranceMs ?? DEFAULT_ALIGNMENT_TOLERANCE_MS;
  const stages = stageNames.map((name) => mergeStage(name, shards, tolerance, problems));
  const doc = reference.document;

  const merged: ResultDocument = {
    schema: RESULT_SCHEMA_ID,
    version: RESULT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    runId: mergedRunId(shards),
    createdAt: new Date(options.clock.nowMs()).toISOString(),
    scenario: doc.scenario,
    source: {
      ...doc.source,
      ...maxDefined(
        'workflowRunAttempt',
        shards.map((s) => s.document.source.workflowRunAttempt),
      ),
    },
    target: doc.target,
    // Shards record the whole run's targets and max-in-flight; only the generator threads add up.
    load: { ...doc.load, workers: shards.reduce((total, s) => total + s.document.load.workers, 0) },
    shards: shards.map((s) => ({ index: s.index, runId: s.document.runId })),
    stages,
    overall: mergeStageStats(shards.map((s) => s.document.overall)),
    clientHealth: mergeClientHealth(shards),
    config: withoutShard(doc.config),
  };
  const incomplete = problems.result();
  if (incomplete) merged.incomplete = incomplete;
  return merged;
}

function mergeStage(
  name: string,
  shards: readonly PlacedShard[],
  toleranceMs: number,
  problems: Problems,
): StageResult {
  const present: { shard: PlacedShard; stage: StageResult }[] = [];
  for (const shard of shards) {
    const stage = shard.document.stages.find((s) => s.name === name);
    if (stage) present.push({ shard, stage });
    else problems.failed(shard.index, `has no result for stage "${name}" (its run did not finish)`);
  }
  const first = present[0]?.stage;
  if (!first) throw new Error(`unreachable: stage "${name}" came from some shard`);
  const starts = present.map((p) => p.stage.startedAtMs).sort((a, b) => a - b);
  const referenceStartMs = starts[Math.floor((starts.length - 1) / 2)] ?? first.startedAtMs;
  for (const { shard, stage } of present) {
    const offMs = stage.startedAtMs - referenceStartMs;
    if (Math.abs(offMs) > toleranceMs) {
      problems.misaligned(
        shard.index,
        `started stage "${name}" ${(Math.abs(offMs) / 1000).toFixed(1)} s ${offMs > 0 ? 'after' : 'before'} the other shards, so its load did not line up with theirs`,
      );
    }
  }
  const mergedStartMs = starts[0] ?? first.startedAtMs;
  return {
    name,
    index: first.index,
    // Every shard records the whole stage's target (it generates its share of it).
    target: first.target,
    startTarget: first.startTarget,
    rampMs: first.rampMs,
    plannedDurationMs: first.plannedDurationMs,
    startedAtMs: mergedStartMs,
    endedAtMs: Math.max(...present.map((p) => p.stage.endedAtMs)),
    stats: mergeStageStats(present.map((p) => p.stage.stats)),
    intervals: mergeIntervals(
      present.map((p) => p.stage),
      mergedStartMs,
    ),
  };
}

/** Every stage any shard reported, in run order. */
function orderedStageNames(shards: readonly PlacedShard[]): string[] {
  const order = new Map<string, number>();
  for (const shard of shards)
    for (const stage of shard.document.stages) if (!order.has(stage.name)) order.set(stage.name, stage.index);
  return [...order.entries()].sort((a, b) => a[1] - b[1]).map(([name]) => name);
}

/** Saturated if any shard was; every warning keeps the name of its shard. */
function mergeClientHealth(shards: readonly PlacedShard[]): ClientHealth {
  const healths = shards.map((s) => ({
    label: shardLabel(s.index, s.count),
    health: s.document.clientHealth,
  }));
  const max = (pick: (h: ClientHealth) => number) => Math.max(...healths.map((h) => pick(h.health)));
  const warnings = healths.flatMap(({ label, health }) => {
    const own = health.warnings.map((w) => `shard ${label}: ${w}`);
    return health.saturated && own.length === 0 ? [`shard ${label}: the load generator was saturated`] : own;
  });
  return {
    workers: healths.reduce((total, h) => total + h.health.workers, 0),
    maxWorkerCpuPct: max((h) => h.maxWorkerCpuPct),
    eventLoopDelayP99Ms: max((h) => h.eventLoopDelayP99Ms),
    sendLagP99Ms: max((h) => h.sendLagP99Ms),
    saturated: healths.some((h) => h.health.saturated),
    warnings,
  };
}

/** Deterministic: merging the same shards twice gives the same run id. */
function mergedRunId(shards: readonly PlacedShard[]): string {
  const digest = createHash('sha256')
    .update(shards.map((s) => `${s.index}:${s.document.runId}`).join('\n'))
    .digest('hex')
    .slice(0, 12);
  return `merged-${digest}`;
}

function maxDefined<K extends string>(
  key: K,
  values: readonly (number | undefined)[],
): Partial<Record<K, number>> {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length === 0 ? {} : ({ [key]: Math.max(...defined) } as Partial<Record<K, number>>);
}

/** The effective config without the shard position (the merged result is the whole run). */
function withoutShard(config: unknown): unknown {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return config;
  const copy: Record<string, unknown> = { ...(config as Record<string, unknown>) };
  delete copy.shard;
  return copy;
}

/** Collects why the merged run is incomplete, one reason per shard and problem. */
class Problems {
  private readonly missingShards = new Set<number>();
  private readonly failedShards = new Set<number>();
  private readonly misalignedShards = new Set<number>();
  private readonly reasons: string[] = [];
  constructor(private readonly count: number) {}

  missing(index: number, reason: string): void {
    this.missingShards.add(index);
    this.reasons.push(`shard ${shardLabel(index, this.count)} ${reason}`);
  }

  failed(index: number, reason: string): void {
    this.failedShards.add(index);
    this.reasons.push(`shard ${shardLabel(index, this.count)} ${reason}`);
  }

  /** A shard off in time is off in every later stage too: only its first such stage is reported. */
  misaligned(index: number, reason: string): void {
    if (this.misalignedShards.has(index)) return;
    this.misalignedShards.add(index);
    this.failed(index, reason);
  }

  result(): ResultDocument['incomplete'] {
    if (this.reasons.length === 0) return undefined;
    return {
      missingShards: [...this.missingShards].sort((a, b) => a - b),
      failedShards: [...this.failedShards].sort((a, b) => a - b),
      reasons: this.reasons,
    };
  }
}
