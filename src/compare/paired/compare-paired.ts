/** Paired mode, end to end: the blocks of a paired run → the verdict (same shape as history mode). */
import type { CompareConfig, SloConfig } from '../../config/gate-schema.js';
import type { Verdict } from '../verdict.js';
import { checkSloFigures, type SloFigures } from '../slo-check.js';
import { summarizeVerdict } from '../verdict-summary.js';
import { checkFailures, sumFigures, type StageFailureInput } from '../failure-check.js';
import { comparePairedStages, type PairedStage } from './paired-analysis.js';
import { perLookConfidence } from './sequential.js';

export interface PairedRun {
  scenarioKey: string;
  /** The endpoint the candidate alternated with. */
  baselineEndpoint: string;
  /** Each stage's blocks, in the order they ran (ABBA…). */
  stages: PairedStage[];
  /** The candidate's own figures (its blocks merged), for the SLO checks. */
  candidate?: SloFigures;
  clientSaturated: boolean;
  clientWarnings: string[];
  /**
   * Sequential run (`compare.sequential`): the most looks any stage planned. The verdict then uses
   * each look's share of the error (`perLookConfidence`), the same as the stopping rule did.
   */
  sequentialLooks?: number | undefined;
  /** Replication (`compare.pairs`): how many baseline/candidate endpoint pairs ran. */
  endpointPairs?: number | undefined;
  /** A/B (`compare.baseline-deploy`): the baselines were deployed for this run from the base commit. */
  baselineDeployedFrom?: string | undefined;
}

/** The verdict of a paired run under the `compare:` and `slo:` settings. */
export function comparePaired(run: PairedRun, compare: CompareConfig, slo: SloConfig): Verdict {
  const settings = run.sequentialLooks
    ? { ...compare, confidence: perLookConfidence(compare.confidence, run.sequentialLooks) }
    : compare;
  const result = comparePairedStages(run.stages, settings);
  const notes = [...result.notes];
  if (run.sequentialLooks) notes.push(sequentialNote(run, compare.confidence, settings.confidence));
  if (run.baselineDeployedFrom) notes.push(abNote(run, run.baselineDeployedFrom));
  // A/B always says which per-endpoint spread it accounts for; other paired runs when one is declared.
  const spread = endpointSpreadNote(run, compare.endpointSpread);
  if (spread && (run.baselineDeployedFrom || compare.endpointSpread !== undefined)) notes.push(spread);
  let stages = result.stages;
  if (run.clientSaturated) {
    notes.push(
      `The load generator was saturated, so measured latencies include its own queueing and this run cannot pass or fail on them` +
        (run.clientWarnings.length ? `: ${run.clientWarnings.join('; ')}` : '.'),
    );
    stages = stages.map((s) => {
      const metrics = s.metrics.map((m) =>
        m.gated
          ? {
              ...m,
              state: 'inconclusive' as const,
              reason: `the load generator was saturated; measured: ${m.reason}`,
            }
          : m,
      );
      return { ...s, metrics, state: metrics.some((m) => m.gated) ? ('inconclusive' as const) : s.state };
    });
  }
  return summarizeVerdict({
    stages,
    slos: run.candidate ? checkSloFigures(run.candidate, slo) : [],
    baseline: {
      mode: 'paired',
      scenarioKey: run.scenarioKey,
      runs: [],
      mergeBaseFound: false,
      firstRun: false,
      endpoint: run.baselineEndpoint,
    },
    correctedConfidence: result.correctedConfidence,
    notes,
    failures: checkFailures(candidateFigures(run), compare.failures),
    failOn: compare.failOn,
  });
}

/**
 * The candidate's figures per stage for the failure checks (its merged blocks, else its blocks
 * summed), with the baseline endpoint's error rate over the same stage's blocks.
 */
function candidateFigures(run: PairedRun): StageFailureInput[] {
  return run.stages.map((stage) => {
    const own = run.candidate?.stages.find((s) => s.name === stage.name)?.stats;
    const side = (role: 'baseline' | 'candidate') =>
      sumFigures(stage.blocks.filter((b) => b.role === role).map((b) => b.stats));
    const baseline = side('baseline');
    return {
      name: stage.name,
      stats: own ?? side('candidate'),
      baselineErrorRate: baseline.requests > 0 ? baseline.errorRate : undefined,
    };
  });
}

/** A/B with deployed baselines: what was deployed, and that the report's run cost is one candidate's. */
function abNote(run: PairedRun, from: string): string {
  const pairs = run.endpointPairs ?? 1;
  return (
    `A/B: the baseline${pairs === 1 ? ' was' : 's were'} deployed for this run from the base commit ${from.slice(0, 12)} ` +
    `(${pairs} baseline/candidate pair${pairs === 1 ? '' : 's'}, ${2 * pairs} candidates, all torn down); ` +
    `the run cost shown is the pull request's candidate's, the whole run cost about ${2 * pairs} times that.`
  );
}

/**
 * Which per-endpoint spread the verdict accounts for (an instance slower than its twin): measured
 * between endpoint pairs (said in the stage notes), declared (`compare.endpoint-spread`), the larger
 * of the two, or none.
 */
function endpointSpreadNote(run: PairedRun, declared: number | undefined): string | undefined {
  const pairs = run.endpointPairs ?? 1;
  const shown = `${((declared ?? 0) * 100).toFixed(1)} %`;
  if (pairs > 1) {
    // Measured, and stated per stage (paired-analysis.ts), as without a declaration.
    return declared === undefined
      ? undefined
      : `Per-endpoint spread: the larger of the declared \`compare.endpoint-spread\` ${shown} and the one measured between the ${pairs} pairs was used, per stage and metric (stage notes).`;
  }
  return declared === undefined
    ? 'The per-endpoint spread (an instance slower than its twin) is neither measured nor declared, so this verdict does not account for it: ' +
        'set `compare.pairs` to 2 or more to measure it, or declare it with `compare.endpoint-spread` (e.g. the spread a run with 2 pairs reports).'
    : `Per-endpoint spread: one endpoint pair cannot measure it, so the declared \`compare.endpoint-spread\` ${shown} was used for the ratio metrics (p95, throughput, …).`;
}

/** What a sequential run did, for the report: looks, their level, block pairs run per stage. */
function sequentialNote(run: PairedRun, confidence: number, perLook: number): string {
  const ran = run.stages.map((s) => `${s.name} ${Math.floor(s.blocks.length / 2)}`).join(', ');
  return (
    `Sequential decisions: every stage looked at its blocks every 2 block pairs and stopped once its verdict was certain ` +
    `(at most ${run.sequentialLooks ?? 0} looks, each at ${(perLook * 100).toPrecision(4)} % one-sided, so the false-alarm rate stays at ` +
    `${((1 - confidence) * 100).toPrecision(2)} %); block pairs run: ${ran}.`
  );
}
