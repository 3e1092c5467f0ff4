/**
 * History mode, end to end: the current result against the selected history → the verdict.
 * Pure apart from CPU: no I/O, deterministic for a given `compare.seed`.
 */
import type { History } from '../baseline/history.js';
import type { CompareConfig, SloConfig } from '../config/gate-schema.js';
import type { ResultDocument } from '../result/document.js';
import type { Verdict } from './verdict.js';
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
  const stageComparisons = compareStages(analyze(current), comparable.map(analyze), compare);
  return summarizeVerdict({
    stages: stageComparisons.stages,
    slos: [
      ...checkSlos(current, slo),
      ...checkColdStart(current, comparable, compare.tolerance.coldStart, slo.coldStartMs),
    ],
    baseline: {
      mode: 'history',
      scenarioKey: current.scenario.key,
      runs: comparable.map((run) => ({ runId: run.runId, sha: run.source.sha, createdAt: run.createdAt })),
      mergeBaseFound: history.mergeBaseFound && comparable[0] === history.runs[0],
      firstRun: comparable.length === 0,
    },
    correctedConfidence: stageComparisons.correctedConfidence,
    notes: [...notes, ...stageComparisons.notes],
    onInconclusive: compare.onInconclusive,
  });
}
