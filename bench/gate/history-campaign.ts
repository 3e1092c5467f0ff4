/**
 * History mode under simulation. A stream of unchanged runs, each with its own drift draw, gives
 * rolling 5-run histories (runs i … i+4, the newest playing the merge-base result); comparison i
 * tests run i+5 against history i (A/A), and a fresh run with a true change against the same
 * history. The naive rule — fail if p95 / p95 of the last stored result > 1.10 — is scored on the
 * same comparisons as the reference.
 */
import { compareStages } from '../../src/compare/stage-comparison.js';
import { worstState } from '../../src/compare/stage-comparison.js';
import type { RunAnalysis } from '../../src/compare/run-analysis.js';
import type { CompareConfig } from '../../src/config/gate-schema.js';
import { deriveSeed, seededRandom } from '../../src/core/random.js';
import { simulateStage } from './closed-loop-sim.js';
import { CHANGES, driftFactor, stageModel, type ChangeName } from './campaign-model.js';
import { analyzeSimulatedRun } from './simulated-analysis.js';
import { count, emptyTally, median, rate, upper95, rates, type Tally } from './tally.js';

export interface HistoryCampaignOptions {
  drift: number;
  /** A/A comparisons (false alarms need more than detections for a tight estimate). */
  aaComparisons: number;
  /** Comparisons per true change. */
  changeComparisons: number;
  historyRuns: number;
  stageSeconds: number;
  /** Warm-up simulated before the stage. Default 2 s. */
  warmupSeconds?: number;
  compare: CompareConfig;
  seed: number;
}

export function runHistoryCampaign(options: HistoryCampaignOptions) {
  const random = seededRandom(deriveSeed(options.seed, `history/${options.drift}`));
  const model = stageModel(options.stageSeconds, options.warmupSeconds ?? 2);
  let serial = 0;
  const run = (change: number): RunAnalysis => {
    const runId = `r${serial++}`;
    const intervals = simulateStage(model, driftFactor(random, options.drift) * change, random);
    return analyzeSimulatedRun(runId, intervals, options.compare);
  };

  const k = options.historyRuns;
  const stream: RunAnalysis[] = [];
  for (let i = 0; i < options.aaComparisons + k; i++) stream.push(run(CHANGES.aa));

  const tallies: Record<ChangeName, Tally> = {
    aa: emptyTally(),
    p95Up10: emptyTally(),
    throughputDown10: emptyTally(),
  };
  const naive: Record<ChangeName, number> = { aa: 0, p95Up10: 0, throughputDown10: 0 };
  const byMetric = { p95Up10ByP95: 0, throughputDown10ByThroughput: 0 };
  const bandP95: number[] = [];
  const mdcP95: number[] = [];
  const bandThroughput: number[] = [];
  for (let i = 0; i < options.aaComparisons; i++) {
    // Merge-base result first, then older ones.
    const history = stream.slice(i, i + k).reverse();
    const last = history[0] as RunAnalysis;
    const currents: Partial<Record<ChangeName, RunAnalysis>> = { aa: stream[i + k] as RunAnalysis };
    if (i < options.changeComparisons) {
      currents.p95Up10 = run(CHANGES.p95Up10);
      currents.throughputDown10 = run(CHANGES.throughputDown10);
    }
    for (const name of Object.keys(currents) as ChangeName[]) {
      const current = currents[name] as RunAnalysis;
      const { stages } = compareStages(current, history, options.compare);
      count(tallies[name], worstState(stages.map((s) => ({ gated: true, state: s.state }))));
      const metrics = stages[0]?.metrics ?? [];
      const p95 = metrics.find((m) => m.metric === 'p95');
      const throughput = metrics.find((m) => m.metric === 'throughput');
      if (name === 'aa') {
        if (p95?.noiseBand != null) bandP95.push(p95.noiseBand);
        if (p95?.minDetectable != null) mdcP95.push(p95.minDetectable);
        if (throughput?.noiseBand != null) bandThroughput.push(throughput.noiseBand);
      }
      if (name === 'p95Up10' && p95?.state === 'regression') byMetric.p95Up10ByP95++;
      if (name === 'throughputDown10' && throughput?.state === 'regression')
        byMetric.throughputDown10ByThroughput++;
      const ratio = p95Of(current) / p95Of(last);
      if (ratio > 1.1) naive[name]++;
    }
  }
  const n = options.changeComparisons;
  const nAA = options.aaComparisons;
  return {
    ours: {
      falseAlarm: rate(tallies.aa.regression, nAA),
      falseAlarmUpper95: upper95(tallies.aa.regression, nAA),
      detectionP95Up10: rate(tallies.p95Up10.regression, n),
      detectionThroughputDown10: rate(tallies.throughputDown10.regression, n),
      inconclusiveAA: rate(tallies.aa.inconclusive, nAA),
      inconclusiveP95Up10: rate(tallies.p95Up10.inconclusive, n),
      inconclusiveThroughputDown10: rate(tallies.throughputDown10.inconclusive, n),
      flaggedByTheChangedMetric: {
        p95Up10ByP95: rate(byMetric.p95Up10ByP95, n),
        throughputDown10ByThroughput: rate(byMetric.throughputDown10ByThroughput, n),
      },
      medianNoiseBandP95: median(bandP95),
      medianMinDetectableP95: median(mdcP95),
      medianNoiseBandThroughput: median(bandThroughput),
      outcomes: {
        aa: rates(tallies.aa),
        p95Up10: rates(tallies.p95Up10),
        throughputDown10: rates(tallies.throughputDown10),
      },
    },
    naive: {
      falseAlarm: rate(naive.aa, nAA),
      detectionP95Up10: rate(naive.p95Up10, n),
      detectionThroughputDown10: rate(naive.throughputDown10, n),
      inconclusive: 0,
    },
  };
}

function p95Of(run: RunAnalysis): number {
  return run.stages[0]?.metrics.p95?.value ?? NaN;
}
