/**
 * Paired mode's result document: the candidate's blocks of each stage joined into one stage (figures
 * over all its blocks, merged losslessly; its 1-second intervals in the order they ran), so the
 * report, the artifacts and the baseline history read a paired run like any other.
 */
import type { BlockRole } from '../compare/paired/abba.js';
import type { StageRunResult } from '../load/engine/session.js';
import type { RunStageResult } from '../load/engine/stage-results.js';
import { mergeMergedStages } from '../metrics/stage-snapshot.js';
import { stageStats } from '../metrics/stage-stats.js';
import type { ClientHealth } from '../result/document.js';

export interface PairedBlockResult {
  stage: string;
  role: BlockRole;
  result: StageRunResult;
}

/** The candidate's side of a paired run, shaped as one run of the measured stages. */
export function candidateRun(
  blocks: readonly PairedBlockResult[],
  options: { openLoop: boolean; streaming: boolean },
): StageRunResult {
  const candidate = blocks.filter((b) => b.role === 'candidate');
  const names = [...new Set(candidate.map((b) => b.stage))];
  const stages = names.map((name, index): RunStageResult => {
    const parts = candidate
      .filter((b) => b.stage === name)
      .flatMap((b) => (b.result.stages[0] ? [b.result.stages[0]] : []));
    const first = parts[0];
    if (!first) throw new Error(`paired mode produced no candidate block for stage "${name}"`);
    const durationMs = parts.reduce((sum, p) => sum + p.plan.durationMs, 0);
    const merged = mergeMergedStages(parts.map((p) => p.merged));
    let offsetMs = 0;
    const intervals = parts.flatMap((p) => {
      const shifted = p.result.intervals.map((i) => ({ ...i, offsetMs: offsetMs + i.offsetMs }));
      offsetMs += p.plan.durationMs;
      return shifted;
    });
    return {
      plan: { ...first.plan, durationMs },
      merged,
      result: {
        ...first.result,
        index,
        plannedDurationMs: durationMs,
        endedAtMs: parts.at(-1)?.result.endedAtMs ?? first.result.endedAtMs,
        stats: stageStats(merged, { elapsedMs: durationMs, ...options }),
        intervals,
      },
    };
  });
  const runs = blocks.map((b) => b.result);
  return {
    stages,
    clientHealth: combinedHealth(runs.map((r) => r.clientHealth)),
    workerHealth: runs.flatMap((r) => r.workerHealth),
    startedAtMs: Math.min(...runs.map((r) => r.startedAtMs)),
    endedAtMs: Math.max(...runs.map((r) => r.endedAtMs)),
  };
}

function combinedHealth(all: readonly ClientHealth[]): ClientHealth {
  const max = (pick: (h: ClientHealth) => number) => Math.max(0, ...all.map(pick));
  return {
    workers: max((h) => h.workers) || 1,
    maxWorkerCpuPct: max((h) => h.maxWorkerCpuPct),
    eventLoopDelayP99Ms: max((h) => h.eventLoopDelayP99Ms),
    sendLagP99Ms: max((h) => h.sendLagP99Ms),
    saturated: all.some((h) => h.saturated),
    warnings: [...new Set(all.flatMap((h) => h.warnings))],
  };
}
