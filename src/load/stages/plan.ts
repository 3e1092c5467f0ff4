/**
 * The staged ramp as a timeline: the warm-up (unmeasured) followed by the configured stages, each
 * with its start and end target and its ramp. Targets are users (closed loop) or requests/s
 * (open loop); between `startTarget` and `target` the change is linear over `rampMs`, then flat.
 */
import type { LoadConfig } from '../../config/load-schema.js';

/** One stage as the engine runs it. */
export interface StagePlan {
  readonly name: string;
  /** Length of the stage including its ramp. */
  readonly durationMs: number;
  /** Target at the stage start (the previous stage's target when the stage ramps, else `target`). */
  readonly startTarget: number;
  /** Target once the ramp is over. */
  readonly target: number;
  readonly rampMs: number;
  /** False for the warm-up: it runs like any stage but is left out of the statistics. */
  readonly measured: boolean;
}

export const WARMUP_STAGE_NAME = 'warmup';

/**
 * Warm-up plus stages. The warm-up runs at the first stage's target. A stage that ramps starts
 * from the previous stage's target; the first stage ramps from the warm-up (so not at all) or,
 * without a warm-up, from zero.
 */
export function planStages(load: Pick<LoadConfig, 'warmupMs' | 'stages'>): StagePlan[] {
  const plans: StagePlan[] = [];
  const first = load.stages[0];
  if (load.warmupMs > 0 && first) {
    plans.push({
      name: WARMUP_STAGE_NAME,
      durationMs: load.warmupMs,
      startTarget: first.target,
      target: first.target,
      rampMs: 0,
      measured: false,
    });
  }
  let previous = load.warmupMs > 0 && first ? first.target : 0;
  for (const stage of load.stages) {
    plans.push({
      name: stage.name,
      durationMs: stage.durationMs,
      startTarget: stage.rampMs > 0 ? previous : stage.target,
      target: stage.target,
      rampMs: stage.rampMs,
      measured: true,
    });
    previous = stage.target;
  }
  return plans;
}

/** Target `offsetMs` into a stage: linear during the ramp, flat after it. */
export function targetAt(stage: StagePlan, offsetMs: number): number {
  if (stage.rampMs <= 0 || offsetMs >= stage.rampMs) return stage.target;
  const fraction = Math.max(0, offsetMs) / stage.rampMs;
  return stage.startTarget + (stage.target - stage.startTarget) * fraction;
}

/** Start offsets of each stage from the run start, and the total length. */
export interface Timeline {
  readonly stages: readonly StagePlan[];
  readonly startsMs: readonly number[];
  readonly totalMs: number;
}

export function timelineOf(stages: readonly StagePlan[]): Timeline {
  const startsMs: number[] = [];
  let at = 0;
  for (const stage of stages) {
    startsMs.push(at);
    at += stage.durationMs;
  }
  return { stages, startsMs, totalMs: at };
}

/** Index of the stage running `offsetMs` after the run start (-1 before, stages.length after). */
export function stageIndexAt(timeline: Timeline, offsetMs: number, hint = 0): number {
  if (offsetMs < 0) return -1;
  let index = Math.max(0, Math.min(hint, timeline.stages.length - 1));
  while (index > 0 && offsetMs < (timeline.startsMs[index] ?? 0)) index--;
  while (
    index < timeline.stages.length &&
    offsetMs >= (timeline.startsMs[index] ?? 0) + (timeline.stages[index]?.durationMs ?? 0)
  )
    index++;
  return index;
}
