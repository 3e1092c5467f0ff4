/**
 * What the gate does with change points (pure): on a push to the default branch, which regression
 * change points the push's own result revealed (present with it, absent without it — so a change
 * already reported by an earlier push does not fail every later one); on a pull request, the
 * sentences that tell the reader the base branch itself moved recently.
 */
import type { TrendPoint } from '../baseline/store.js';
import type { ResultDocument } from '../result/document.js';
import { analyzeTrend, type ChangePoint, type TrendAnalysis, type TrendOptions } from './change-points.js';

export interface CreepReport {
  analysis: TrendAnalysis;
  /** Regression change points that appear only once the newest result is included. */
  newRegressions: ChangePoint[];
}

/** Analyses a push's history (newest first, the push's result included) and names what it revealed. */
export function creepOnPush(newestFirst: readonly TrendPoint[], options: TrendOptions): CreepReport {
  const analysis = analyzeTrend(newestFirst, options);
  const regressions = analysis.changes.filter((c) => c.direction === 'regression');
  if (regressions.length === 0 || newestFirst.length === 0) return { analysis, newRegressions: [] };
  const before = analyzeTrend(newestFirst.slice(1), options);
  const known = new Set(before.changes.map((c) => key(c.stage, c.metric, c.after.runId)));
  return {
    analysis,
    newRegressions: regressions.filter((c) => !known.has(key(c.stage, c.metric, c.after.runId))),
  };
}

/** Sentences for a pull request's comment: the base branch's recent change points. */
export function baseBranchNotes(analysis: TrendAnalysis, sentence: (c: ChangePoint) => string): string[] {
  return analysis.changes
    .filter((c) => c.recent)
    .map(
      (c) =>
        `The base branch itself has a recent change point: ${sentence(c)}. Compare this pull request's numbers with that in mind (details: sagemaker-perf-gate trend).`,
    );
}

/** A stored result as a trend point (the form the stores' `trend()` returns). */
export function trendPointOf(doc: ResultDocument): TrendPoint {
  return {
    runId: doc.runId,
    createdAt: doc.createdAt,
    sha: doc.source.sha,
    stages: doc.stages.map((s) => ({
      name: s.name,
      p95Ms: s.stats.latency.p95Ms,
      throughputRps: s.stats.throughputRps,
      errorRate: s.stats.errorRate,
    })),
  };
}

/** The `change-points` output: JSON, commit ids kept only when they look like commit ids. */
export function changePointsOutput(changes: readonly ChangePoint[]): string {
  const sha = (s: string | undefined) => (s !== undefined && /^[0-9a-f]{7,64}$/.test(s) ? s : '');
  return JSON.stringify(
    changes.map((c) => ({
      stage: c.stage,
      metric: c.metric,
      before: sha(c.before.sha),
      after: sha(c.after.sha),
      change: Number(c.change.toFixed(4)),
      confidence: Number(c.confidence.toFixed(4)),
      direction: c.direction,
      recent: c.recent,
    })),
  );
}

function key(stage: string, metric: string, runId: string): string {
  return JSON.stringify([stage, metric, runId]);
}
