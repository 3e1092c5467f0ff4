/**
 * Paired mode under simulation. Each paired run draws one drift factor that slows both endpoints
 * alike (runner, network, time of day: what pairing is meant to cancel), then alternates ABBA
 * blocks of `block-duration` between the baseline endpoint and the candidate, each endpoint getting
 * the stage's length in total. A second A/A set gives each endpoint its own drift draw as well
 * (instance-to-instance differences), which no within-run design can cancel — reported so the
 * limit is visible.
 */
import { abbaOrder, pairsForStage } from '../../src/compare/paired/abba.js';
import { comparePairedStages, type PairedBlock } from '../../src/compare/paired/paired-analysis.js';
import { worstState } from '../../src/compare/stage-comparison.js';
import type { CompareConfig } from '../../src/config/gate-schema.js';
import { deriveSeed, seededRandom } from '../../src/core/random.js';
import { simulateStage } from './closed-loop-sim.js';
import { CHANGES, driftFactor, stageModel, type ChangeName } from './campaign-model.js';
import { blockStats } from './simulated-analysis.js';
import { count, emptyTally, median, rate, upper95, type Tally } from './tally.js';

export interface PairedCampaignOptions {
  drift: number;
  aaComparisons: number;
  changeComparisons: number;
  stageSeconds: number;
  compare: CompareConfig;
  seed: number;
}

export function runPairedCampaign(options: PairedCampaignOptions) {
  const random = seededRandom(deriveSeed(options.seed, `paired/${options.drift}`));
  const blockSeconds = Math.max(1, Math.round(options.compare.blockDurationMs / 1000));
  const order = abbaOrder(pairsForStage(options.stageSeconds * 1000, options.compare.blockDurationMs));
  const model = stageModel(blockSeconds, 0);

  const pairedRun = (change: number, endpointDrift: number) => {
    const shared = driftFactor(random, options.drift);
    const own = {
      baseline: driftFactor(random, endpointDrift),
      candidate: driftFactor(random, endpointDrift),
    };
    const blocks: PairedBlock[] = order.map((role) => ({
      role,
      stats: blockStats(
        simulateStage(model, shared * own[role] * (role === 'candidate' ? change : 1), random),
      ),
    }));
    return comparePairedStages([{ name: 'steady', blocks }], options.compare);
  };

  const tallies: Record<ChangeName | 'aaPerEndpointDrift', Tally> = {
    aa: emptyTally(),
    p95Up10: emptyTally(),
    throughputDown10: emptyTally(),
    aaPerEndpointDrift: emptyTally(),
  };
  const bandP95: number[] = [];
  for (let i = 0; i < options.aaComparisons; i++) {
    const sets =
      i < options.changeComparisons ? (['aa', 'p95Up10', 'throughputDown10'] as const) : (['aa'] as const);
    for (const name of sets) {
      const { stages } = pairedRun(CHANGES[name], 0);
      count(tallies[name], worstState(stages.map((s) => ({ gated: true, state: s.state }))));
      const band = stages[0]?.metrics.find((m) => m.metric === 'p95')?.noiseBand;
      if (name === 'aa' && band != null) bandP95.push(band);
    }
    if (i < options.changeComparisons) {
      const { stages } = pairedRun(CHANGES.aa, options.drift);
      count(tallies.aaPerEndpointDrift, worstState(stages.map((s) => ({ gated: true, state: s.state }))));
    }
  }
  const n = options.changeComparisons;
  return {
    blockSeconds,
    pairs: order.length / 2,
    falseAlarm: rate(tallies.aa.regression, options.aaComparisons),
    falseAlarmUpper95: upper95(tallies.aa.regression, options.aaComparisons),
    detectionP95Up10: rate(tallies.p95Up10.regression, n),
    detectionThroughputDown10: rate(tallies.throughputDown10.regression, n),
    inconclusiveAA: rate(tallies.aa.inconclusive, options.aaComparisons),
    inconclusiveP95Up10: rate(tallies.p95Up10.inconclusive, n),
    inconclusiveThroughputDown10: rate(tallies.throughputDown10.inconclusive, n),
    medianNoiseBandP95: median(bandP95),
    falseAlarmIfDriftIsPerEndpoint: rate(tallies.aaPerEndpointDrift.regression, n),
  };
}
