/**
 * Generator reports → per-stage results: snapshots of the same stage merged losslessly across
 * generators, then summarized into the result document's `StageResult` form.
 */
import { availableParallelism } from 'node:os';
import { assessClientHealth, type WorkerHealth } from '../../metrics/client-health.js';
import { mergeHistograms, percentileMs } from '../../metrics/histogram.js';
import { mergeStageSnapshots, type MergedStage } from '../../metrics/stage-snapshot.js';
import { intervalRecords, stageStats } from '../../metrics/stage-stats.js';
import type { ClientHealth, StageResult } from '../../result/document.js';
import type { GeneratorReport } from '../generator/generator.js';
import type { StagePlan, Timeline } from '../stages/plan.js';

/** One stage of a run: what was planned, the result-document figures, and the merged histograms. */
export interface RunStageResult {
  readonly plan: StagePlan;
  /** `index` is the stage's position in the list that was run. */
  readonly result: StageResult;
  /** Decoded, merged histograms and counts (for lossless merging across runs, blocks or stages). */
  readonly merged: MergedStage;
}

export interface MergeContext {
  readonly timeline: Timeline;
  /** Wall-clock epoch ms at which the first stage started. */
  readonly startedAtMs: number;
  readonly intervalMs: number;
  readonly openLoop: boolean;
  readonly streaming: boolean;
  /** Goodput is measured (`slo.request` set). Default false. */
  readonly goodput?: boolean;
}

export function mergeReports(reports: readonly GeneratorReport[], ctx: MergeContext): RunStageResult[] {
  return ctx.timeline.stages.map((plan, index) => {
    const merged = mergeStageSnapshots(reports.flatMap((r) => (r.stages[index] ? [r.stages[index]] : [])));
    const startedAtMs = ctx.startedAtMs + (ctx.timeline.startsMs[index] ?? 0);
    const result: StageResult = {
      name: plan.name,
      index,
      target: plan.target,
      startTarget: plan.startTarget,
      rampMs: plan.rampMs,
      plannedDurationMs: plan.durationMs,
      startedAtMs,
      endedAtMs: startedAtMs + plan.durationMs,
      stats: stageStats(merged, {
        elapsedMs: plan.durationMs,
        openLoop: ctx.openLoop,
        streaming: ctx.streaming,
        goodput: ctx.goodput ?? false,
      }),
      intervals: intervalRecords(merged.intervals, ctx.intervalMs, plan.durationMs),
    };
    return { plan, result, merged };
  });
}

/**
 * Client health of a run: every worker's figures plus the send lag over the measured stages, judged
 * against `maxClientDelayMs` (`load.max-client-delay`) when given.
 */
export function runClientHealth(
  stages: readonly RunStageResult[],
  workers: readonly WorkerHealth[],
  maxClientDelayMs?: number,
): ClientHealth {
  const measured = stages.filter((s) => s.plan.measured);
  const lag = mergeHistograms(
    (measured.length > 0 ? measured : stages).map((s) => s.merged.histograms.sendLag),
  );
  return assessClientHealth(workers, percentileMs(lag, 99), availableParallelism(), maxClientDelayMs);
}
