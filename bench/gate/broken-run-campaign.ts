/**
 * The broken-run campaign: how often a run whose requests fail at a given rate fails the check,
 * under the product's defaults (max-error-rate 2 %, max-error-rate-rise 1 pp, fail-on regression).
 * Each run is the simulated closed-loop stage of the other campaigns (about 260 requests per
 * simulated second) with every request failing independently with probability `fraction`
 * (ServiceUnavailable), compared with a rolling 5-run history of healthy runs through the real
 * comparison, failure checks and the one decision (`summarizeVerdict` → `decideOutcome`).
 * Goals: no false failure at 0 %, at least 99 % failed at 5 % and above.
 */
import { checkFailures, type FailureFigures } from '../../src/compare/failure-check.js';
import type { RunAnalysis } from '../../src/compare/run-analysis.js';
import { compareStages } from '../../src/compare/stage-comparison.js';
import { summarizeVerdict } from '../../src/compare/verdict-summary.js';
import type { CompareConfig } from '../../src/config/gate-schema.js';
import { deriveSeed, seededRandom, type Random } from '../../src/core/random.js';
import { CHANGES, driftFactor, stageModel } from './campaign-model.js';
import { simulateStage } from './closed-loop-sim.js';
import { SCENARIO_KEY, analyzeSimulatedRun } from './simulated-analysis.js';
import { rate } from './tally.js';

export interface BrokenRunCampaignOptions {
  /** Error fractions to test (0.05 = 5 % of requests fail). */
  fractions: readonly number[];
  /** Runs per fraction. */
  runs: number;
  drift: number;
  historyRuns: number;
  stageSeconds: number;
  compare: CompareConfig;
  seed: number;
}

/** Per fraction: the share of runs that failed the check, and how (broken vs regression). */
export function runBrokenRunCampaign(options: BrokenRunCampaignOptions) {
  const random = seededRandom(deriveSeed(options.seed, `broken/${options.drift}`));
  const model = stageModel(options.stageSeconds);
  let serial = 0;
  const run = (): { analysis: RunAnalysis; requests: number } => {
    const intervals = simulateStage(model, driftFactor(random, options.drift) * CHANGES.aa, random);
    const requests = intervals.reduce((sum, i) => sum + i.length, 0);
    return { analysis: analyzeSimulatedRun(`r${serial++}`, intervals, options.compare), requests };
  };
  const k = options.historyRuns;
  const stream = Array.from({ length: options.runs + k }, () => run().analysis);
  return options.fractions.map((fraction) => {
    let failed = 0;
    let broken = 0;
    let regression = 0;
    const observedRates: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const history = stream.slice(i, i + k).reverse();
      const current = run();
      const figures = withFailures(current.requests, fraction, random);
      observedRates.push(figures.errorRate);
      const { stages, correctedConfidence, notes } = compareStages(
        current.analysis,
        history,
        options.compare,
      );
      const verdict = summarizeVerdict({
        stages,
        slos: [],
        baseline: {
          mode: 'history',
          scenarioKey: SCENARIO_KEY,
          runs: [],
          mergeBaseFound: true,
          firstRun: false,
        },
        correctedConfidence,
        notes,
        failures: checkFailures(
          [{ name: 'steady', stats: figures, baselineErrorRate: 0 }],
          options.compare.failures,
        ),
        failOn: options.compare.failOn,
      });
      if (verdict.failed) failed++;
      if (verdict.state === 'broken') broken++;
      if (verdict.state === 'regression') regression++;
    }
    observedRates.sort((a, b) => a - b);
    return {
      errorPct: fraction * 100,
      runs: options.runs,
      failedCheck: rate(failed, options.runs),
      broken: rate(broken, options.runs),
      regression: rate(regression, options.runs),
      observedErrorRateMin: Number((observedRates[0] ?? 0).toFixed(5)),
      observedErrorRateMax: Number((observedRates.at(-1) ?? 0).toFixed(5)),
    };
  });
}

/** A stage of `requests` completions where each failed with probability `fraction`. */
function withFailures(requests: number, fraction: number, random: Random): FailureFigures {
  let errors = 0;
  for (let r = 0; r < requests; r++) if (random.next() < fraction) errors++;
  return {
    requests,
    ok: requests - errors,
    errors,
    errorRate: requests > 0 ? errors / requests : 0,
    errorsByClass:
      errors > 0
        ? {
            service_unavailable: {
              count: errors,
              firstSeenMs: 0,
              lastSeenMs: 0,
              sampleMessage: 'InvokeEndpoint on "bench": HTTP 503 ServiceUnavailable: overloaded',
            },
          }
        : {},
  };
}
