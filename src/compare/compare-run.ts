/**
 * History mode, end to end: the current result against the selected history → the verdict.
 * Pure apart from CPU: no I/O, deterministic for a given `compare.seed`.
 */
import type { History } from '../baseline/history.js';
import type { CompareConfig, SloConfig } from '../config/gate-schema.js';
import type { ResultDocument } from '../result/document.js';
import type { BaselineInfo, Verdict } from './verdict.js';
import { checkFailures } from './failure-check.js';
import { compareCapacity } from './capacity-comparison.js';
import { analyzeRun, type RunAnalysis } from './run-analysis.js';
import { checkColdStart } from './cold-start-check.js';
import { checkSlos } from './slo-check.js';
import { compareStages } from './stage-comparison.js';
import { summarizeVerdict } from './verdict-summary.js';

export interface CompareRunOptions {
  /**
   * Analyses a result (bootstrap included). Default: `analyzeRun` with the compare settings. Pass a
   * memoizing one to reuse analyses across many comparisons (the benchmark does).
   */
  analyze?: (document: ResultDocument) => RunAnalysis;
}

/** Compares `current` with `history` under the `compare:` and `slo:` settings. */
export function compareRun(
  current: ResultDocument,
  history: History,
  compare: CompareConfig,
  slo: SloConfig,
  options: CompareRunOptions = {},
): Verdict {
  const analyze =
    options.analyze ??
    ((document: ResultDocument) =>
      analyzeRun(document, {
        iterations: compare.bootstrapIterations,
        blockIntervals: compare.bootstrapBlock,
        seed: compare.seed,
      }));
  const notes = [...history.notes];
  // A run is never compared with a different scenario, whatever a store or a caller hands in.
  const comparable = history.runs.filter((run) => {
    if (run.scenario.key === current.scenario.key) return true;
    notes.push(
      `Baseline run ${run.runId} is for scenario ${run.scenario.key}, not ${current.scenario.key}: left out (results of different scenarios are never compared).`,
    );
    return false;
  });
  const failuresOf = (stages: ResultDocument['stages']) =>
    checkFailures(
      stages.map((stage) => ({
        name: stage.name,
        stats: stage.stats,
        baselineErrorRate: baselineErrorRate(stage.name, comparable),
      })),
      compare.failures,
    );
  if (current.capacity) {
    // A capacity search is judged on its capacity; its probes' loads differ from run to run.
    const capacity = compareCapacity(current, comparable, compare);
    // Probes above the limit break the SLO by design (errors included); the first, lowest-load
    // probe must still be healthy, or the run is broken whatever the search found.
    const verdict = summarizeVerdict({
      stages: [capacity.stage],
      slos: capacity.slos,
      baseline: historyBaseline(current, comparable, history),
      correctedConfidence: compare.confidence,
      notes: [...notes, ...capacity.notes],
      failures: failuresOf(current.stages.slice(0, 1)),
      failOn: compare.failOn,
    });
    return (comparable.length === 0 && verdict.state === 'pass') || verdict.state === 'broken'
      ? verdict
      : { ...verdict, headline: capacity.headline };
  }
  const stageComparisons = compareStages(analyze(current), comparable.map(analyze), compare);
  return summarizeVerdict({
    stages: stageComparisons.stages,
    slos: [
      ...checkSlos(current, slo),
      ...checkColdStart(current, comparable, compare.tolerance.coldStart, slo.coldStartMs),
    ],
    baseline: historyBaseline(current, comparable, history),
    correctedConfidence: stageComparisons.correctedConfidence,
    notes: [...notes, ...stageComparisons.notes],
    failures: failuresOf(current.stages),
    failOn: compare.failOn,
  });
}

/** What the verdict says of the history it compared with. */
function historyBaseline(
  current: ResultDocument,
  comparable: readonly ResultDocument[],
  history: History,
): BaselineInfo {
  return {
    mode: 'history',
    scenarioKey: current.scenario.key,
    runs: comparable.map((run) => ({ runId: run.runId, sha: run.source.sha, createdAt: run.createdAt })),
    mergeBaseFound: history.mergeBaseFound && comparable[0] === history.runs[0],
    firstRun: comparable.length === 0,
  };
}

/** The mean error rate of `stage` over the history runs that have it (undefined: none has). */
function baselineErrorRate(stage: string, history: readonly ResultDocument[]): number | undefined {
  const rates = history.flatMap((run) =>
    run.stages.filter((s) => s.name === stage && s.stats.requests > 0).map((s) => s.stats.errorRate),
  );
  return rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : undefined;
}
