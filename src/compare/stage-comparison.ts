/**
 * History mode: every stage of the current run against the same stage of the history runs, with the
 * confidence corrected for the number of gated comparisons, and the rules that keep an untrustworthy
 * run from passing silently (saturated load generator, too few samples).
 */
import type { CompareConfig } from '../config/gate-schema.js';
import type { MetricComparison, StageVerdict, VerdictState } from './verdict.js';
import { correctedConfidence } from './metric-decision.js';
import { compareMetric, uncomparedMetric } from './metric-comparison.js';
import { METRIC_SPECS, toleranceOf } from './metric-spec.js';
import type { RunAnalysis, StageAnalysis } from './run-analysis.js';

export interface StageComparisons {
  stages: StageVerdict[];
  /** Confidence per gated metric after the correction. */
  correctedConfidence: number;
  /** Number of gated comparisons the correction was made for. */
  tests: number;
  notes: string[];
}

type CompareSettings = Pick<CompareConfig, 'tolerance' | 'confidence' | 'noiseFloor' | 'minSamples'>;

/** Compares the current run's stages with the history (history may be empty: a first run). */
export function compareStages(
  current: RunAnalysis,
  history: readonly RunAnalysis[],
  compare: CompareSettings,
): StageComparisons {
  const notes: string[] = [];
  const usable = history.filter((run) => {
    if (run.incompleteReasons.length > 0) {
      notes.push(
        `Baseline run ${run.runId} was left out: it is incomplete (${run.incompleteReasons.join('; ')}).`,
      );
      return false;
    }
    if (!run.clientSaturated) return true;
    notes.push(`Baseline run ${run.runId} was left out: its load generator was saturated.`);
    return false;
  });
  // A baseline that exists but cannot be trusted is not a first run: the change cannot be judged.
  const untrustedOnly = history.length > 0 && usable.length === 0;
  const historyByStage = new Map<string, StageAnalysis[]>();
  for (const stage of current.stages) {
    const matches = usable.flatMap((run) => run.stages.filter((s) => s.name === stage.name));
    const enough = matches.filter((s) => s.ok >= compare.minSamples);
    if (matches.length > enough.length) {
      notes.push(
        `Stage "${stage.name}": ${matches.length - enough.length} baseline run(s) had fewer than ${compare.minSamples} successful requests and were left out.`,
      );
    }
    if (usable.length > 0 && enough.length === 0) {
      notes.push(
        `Stage "${stage.name}" has no comparable baseline (new or renamed stage): reported, not compared.`,
      );
    }
    historyByStage.set(stage.name, enough);
  }

  const gatedSpecs = METRIC_SPECS.filter((spec) => toleranceOf(spec, compare) !== undefined);
  let tests = 0;
  for (const stage of current.stages) {
    if ((historyByStage.get(stage.name) ?? []).length === 0) continue;
    tests += gatedSpecs.filter((spec) => stage.metrics[spec.metric] !== undefined).length;
  }
  const confidence = correctedConfidence(compare.confidence, tests);

  const stages = current.stages.map((stage) => {
    const hStages = historyByStage.get(stage.name) ?? [];
    const metrics: MetricComparison[] = [];
    for (const spec of METRIC_SPECS) {
      const estimate = stage.metrics[spec.metric];
      if (!estimate) continue;
      const tolerance = toleranceOf(spec, compare);
      const past = hStages.flatMap((h) => {
        const m = h.metrics[spec.metric];
        return m ? [m] : [];
      });
      const comparison =
        past.length === 0
          ? untrustedOnly && tolerance !== undefined
            ? {
                ...uncomparedMetric(spec, estimate, tolerance, ''),
                state: 'inconclusive' as const,
                reason: `no trustworthy baseline: all ${history.length} stored run(s) were left out (saturated load generator or incomplete run)`,
              }
            : uncomparedMetric(
                spec,
                estimate,
                tolerance,
                history.length === 0 ? 'first run: no baseline yet' : 'no baseline for this stage',
              )
          : compareMetric(spec, estimate, past, {
              tolerance,
              confidence,
              noiseFloor: compare.noiseFloor,
            });
      metrics.push(distrust(comparison, stage, current, compare.minSamples));
    }
    if (stage.bootstrapBlocks < 6 && stage.intervals >= 2) {
      notes.push(
        `Stage "${stage.name}" lasted ${stage.intervals} s: only ${stage.bootstrapBlocks} bootstrap blocks, so its within-run error is rough; longer stages help.`,
      );
    }
    if (stage.ok < compare.minSamples) {
      notes.push(
        `Stage "${stage.name}" had only ${stage.ok} successful requests (min-samples ${compare.minSamples}): it cannot pass or fail on its own figures.`,
      );
    }
    return { stage: stage.name, state: worstState(metrics), metrics };
  });
  if (current.incompleteReasons.length > 0) {
    notes.push(
      `This run is incomplete, so it cannot pass or fail on its figures: ${current.incompleteReasons.join('; ')}`,
    );
  }
  if (current.clientSaturated) {
    notes.push(
      `The load generator was saturated, so measured latencies include its own queueing and this run cannot pass or fail on them` +
        (current.clientWarnings.length ? `: ${current.clientWarnings.join('; ')}` : '.'),
    );
  }
  return { stages, correctedConfidence: confidence, tests, notes };
}

/** Gated metrics of a run that cannot be trusted become inconclusive, keeping what was measured. */
function distrust(
  comparison: MetricComparison,
  stage: StageAnalysis,
  run: RunAnalysis,
  minSamples: number,
): MetricComparison {
  if (!comparison.gated) return comparison;
  const why = run.incompleteReasons.length
    ? `the run is incomplete (${run.incompleteReasons.join('; ')})`
    : run.clientSaturated
      ? 'the load generator was saturated'
      : stage.ok < minSamples
        ? `only ${stage.ok} successful requests (min-samples ${minSamples})`
        : undefined;
  if (why === undefined) return comparison;
  return { ...comparison, state: 'inconclusive', reason: `${why}; measured: ${comparison.reason}` };
}

const SEVERITY: Record<VerdictState, number> = {
  pass: 0,
  improvement: 1,
  inconclusive: 2,
  regression: 3,
  broken: 4,
};

/** The most severe state among gated metrics (regression > inconclusive > improvement > pass). */
export function worstState(metrics: readonly Pick<MetricComparison, 'gated' | 'state'>[]): VerdictState {
  let worst: VerdictState = 'pass';
  for (const m of metrics) if (m.gated && SEVERITY[m.state] > SEVERITY[worst]) worst = m.state;
  return worst;
}
