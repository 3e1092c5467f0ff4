/**
 * Live progress of a run, from the generators' periodic reports: per stage, the latest counts of
 * each generator and a histogram of every latency reported so far (so "p95 so far" is exact to
 * the histogram's resolution, not an average of averages).
 */
import { createHistogram, decodeHistogram, percentileMs, type Histogram } from '../../metrics/histogram.js';
import { emptyCounts, type StageCounts } from '../../metrics/stage-snapshot.js';
import type { StageProgress } from '../generator/generator.js';
import type { Timeline } from '../stages/plan.js';

/** What a progress display shows. */
export interface ProgressSnapshot {
  readonly stageIndex: number;
  readonly stageName: string;
  readonly stageCount: number;
  /** False for the warm-up. */
  readonly measured: boolean;
  readonly stageElapsedMs: number;
  readonly stageDurationMs: number;
  readonly runElapsedMs: number;
  readonly runDurationMs: number;
  /** The current stage so far. */
  readonly requests: number;
  readonly ok: number;
  readonly errors: number;
  readonly dropped: number;
  /** Completions per second since the previous snapshot. */
  readonly recentRps: number;
  readonly p95Ms: number;
}

interface StageState {
  readonly counts: StageCounts[];
  readonly latency: Histogram;
}

export class ProgressTracker {
  private readonly stages: StageState[];
  private last = { atUs: 0, completions: 0 };

  constructor(
    private readonly timeline: Timeline,
    private readonly generators: number,
    private readonly startUs: number,
  ) {
    this.stages = timeline.stages.map(() => ({
      counts: Array.from({ length: generators }, emptyCounts),
      latency: createHistogram(),
    }));
    this.last = { atUs: startUs, completions: 0 };
  }

  /** A generator's periodic report. */
  add(generator: number, progress: readonly StageProgress[]): void {
    for (const p of progress) {
      const stage = this.stages[p.stageIndex];
      if (!stage || generator >= this.generators) continue;
      stage.counts[generator] = p.counts;
      const delta = decodeHistogram(p.latencyDelta);
      if (delta.totalCount > 0) stage.latency.add(delta);
    }
  }

  snapshot(nowUs: number): ProgressSnapshot {
    const runElapsedMs = Math.max(0, (nowUs - this.startUs) / 1000);
    let index = this.timeline.stages.length - 1;
    for (let i = 0; i < this.timeline.stages.length; i++) {
      const end = (this.timeline.startsMs[i] ?? 0) + (this.timeline.stages[i]?.durationMs ?? 0);
      if (runElapsedMs < end) {
        index = i;
        break;
      }
    }
    const plan = this.timeline.stages[index];
    const state = this.stages[index];
    const total = emptyCounts();
    for (const counts of state?.counts ?? []) {
      total.requests += counts.requests;
      total.ok += counts.ok;
      total.errors += counts.errors;
      total.dropped += counts.dropped;
    }
    const completions = this.stages.reduce((n, s) => n + s.counts.reduce((m, c) => m + c.requests, 0), 0);
    const windowS = (nowUs - this.last.atUs) / 1e6;
    const recentRps = windowS > 0 ? (completions - this.last.completions) / windowS : 0;
    this.last = { atUs: nowUs, completions };
    return {
      stageIndex: index,
      stageName: plan?.name ?? '',
      stageCount: this.timeline.stages.length,
      measured: plan?.measured ?? true,
      stageElapsedMs: Math.min(
        plan?.durationMs ?? 0,
        Math.max(0, runElapsedMs - (this.timeline.startsMs[index] ?? 0)),
      ),
      stageDurationMs: plan?.durationMs ?? 0,
      runElapsedMs: Math.min(runElapsedMs, this.timeline.totalMs),
      runDurationMs: this.timeline.totalMs,
      requests: total.requests,
      ok: total.ok,
      errors: total.errors,
      dropped: total.dropped,
      recentRps: Math.max(0, recentRps),
      p95Ms: state ? percentileMs(state.latency, 95) : 0,
    };
  }
}
