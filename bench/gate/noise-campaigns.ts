/**
 * The noise campaigns of `npm run bench:gate` (issue 17): A/B with a freshly deployed baseline over
 * shared and per-endpoint drift and k endpoint pairs, fixed-length against sequential, and
 * change-point detection on simulated default-branch histories against the naive rule.
 */
import { seededRandom } from '../../src/core/random.js';
import { runAbCell } from './ab-campaign.js';
import { simulatePool } from './block-pool.js';
import { runChangePointCell, type ChangeShape } from './change-point-campaign.js';

export interface NoiseCampaignOptions {
  drifts: number[];
  pairCounts: number[];
  abAAComparisons: number;
  abChangeComparisons: number;
  histories: number;
  confidence: number;
  /** Per push check, over the series tested. */
  trendFalsePositiveRate: number;
  seed: number;
}

export const BLOCK_SECONDS = 10;
export const FIXED_BLOCK_PAIRS = 6;
export const SEQUENTIAL = { minBlockPairs: 2, lookEvery: 2, maxBlockPairs: 12 };

export function runNoiseCampaigns(o: NoiseCampaignOptions) {
  const t0 = performance.now();
  const blockPool = simulatePool(200, BLOCK_SECONDS, 0, seededRandom(o.seed + 1));
  const runPool = simulatePool(200, 60, 2, seededRandom(o.seed + 2));
  const poolSeconds = (performance.now() - t0) / 1000;
  const ab = o.drifts.flatMap((drift) =>
    (['shared', 'perEndpoint'] as const).flatMap((kind) =>
      o.pairCounts.map((pairs) =>
        runAbCell(blockPool, {
          sharedDrift: drift,
          endpointDrift: kind === 'shared' ? 0 : drift,
          pairs,
          aaComparisons: o.abAAComparisons,
          changeComparisons: o.abChangeComparisons,
          fixedBlockPairs: FIXED_BLOCK_PAIRS,
          sequential: SEQUENTIAL,
          confidence: o.confidence,
          seed: o.seed,
        }),
      ),
    ),
  );
  const t1 = performance.now();
  const shapes: ChangeShape[] = [
    { kind: 'none' },
    { kind: 'step', size: 0.05 },
    { kind: 'step', size: 0.1 },
    { kind: 'step', size: 0.2 },
    { kind: 'creep', perCommit: 0.02, commits: 8 },
  ];
  const changePoints = o.drifts.flatMap((drift) =>
    shapes.map((shape) =>
      runChangePointCell(runPool, {
        drift,
        shape,
        histories: o.histories,
        trend: { falsePositiveRate: o.trendFalsePositiveRate, minSegment: 3, recentResults: 5, seed: o.seed },
        seed: o.seed,
      }),
    ),
  );
  const t2 = performance.now();
  process.stderr.write(
    `noise: pools ${poolSeconds.toFixed(1)} s, A/B ${((t1 - t0) / 1000 - poolSeconds).toFixed(1)} s, change points ${((t2 - t1) / 1000).toFixed(1)} s\n`,
  );
  return { ab, changePoints, goals: noiseGoals(ab), runTime: runTime(ab) };
}

type AbCell = ReturnType<typeof runAbCell>;

function noiseGoals(ab: AbCell[]) {
  const shared8 = ab.filter((c) => c.endpointDrift === 0 && c.sharedDrift === 0.08);
  const endpoint3k2 = ab.filter((c) => c.endpointDrift === 0.03 && c.pairs === 2);
  return {
    abFalseAlarmsAtMost1PctEverywhere: ab.every(
      (c) => c.fixed.falseAlarm <= 0.01 && c.sequential.falseAlarm <= 0.01,
    ),
    abFalseAlarmCellsAbove1Pct: ab
      .filter((c) => c.fixed.falseAlarm > 0.01 || c.sequential.falseAlarm > 0.01)
      .map((c) => `${c.endpointDrift ? 'perEndpoint' : 'shared'} ${c.sharedDrift} k=${c.pairs}`),
    abDetectionAtLeast95PctAt8PctSharedDrift: shared8.every(
      (c) => c.fixed.detectionP95Up10 >= 0.95 && c.fixed.detectionThroughputDown10 >= 0.95,
    ),
    abDetectionAtLeast80PctAt3PctPerEndpointDriftK2: endpoint3k2.every(
      (c) => c.fixed.detectionP95Up10 >= 0.8 && c.fixed.detectionThroughputDown10 >= 0.8,
    ),
    /** What a test knowing the true noise would detect in that cell: the ceiling for any test. */
    oracleDetectionP95Up10At3PctPerEndpointDriftK2: endpoint3k2[0]?.oracleDetectionP95Up10 ?? null,
    /**
     * With `compare.endpoint-spread` declared equal to the simulated per-endpoint drift (the cells
     * without per-endpoint drift have nothing to declare and count as judged without it).
     */
    declaredSpread: {
      abFalseAlarmsAtMost1PctEverywhere: ab.every((c) => declaredFalseAlarm(c) <= 0.01),
      abFalseAlarmCellsAbove1Pct: ab
        .filter((c) => declaredFalseAlarm(c) > 0.01)
        .map((c) => `${c.endpointDrift ? 'perEndpoint' : 'shared'} ${c.sharedDrift} k=${c.pairs}`),
      abDetectionAtLeast80PctAt3PctPerEndpointDriftK2: endpoint3k2.every(
        (c) =>
          (c.declaredSpread?.fixed.detectionP95Up10 ?? 0) >= 0.8 &&
          (c.declaredSpread?.fixed.detectionThroughputDown10 ?? 0) >= 0.8,
      ),
      detectionAt3PctPerEndpointDriftK2: endpoint3k2[0]?.declaredSpread
        ? {
            p95Up10: endpoint3k2[0].declaredSpread.fixed.detectionP95Up10,
            throughputDown10: endpoint3k2[0].declaredSpread.fixed.detectionThroughputDown10,
          }
        : null,
    },
    /**
     * Why 80 % at 3 % per-endpoint drift with k = 2 is out of reach at the product's confidence: what
     * a z-test knowing the noise detects there (99 % one-sided, Bonferroni over 2 metrics), and the
     * confidence it would need for 80 % (see knownVarianceCeiling in ab-campaign.ts).
     */
    knownVarianceCeilingAt3PctPerEndpointDriftK2: endpoint3k2[0]?.knownVarianceCeiling ?? null,
  };
}

/** A cell's worst false-alarm rate (fixed or sequential), with the declared spread where it has one. */
function declaredFalseAlarm(c: AbCell): number {
  const judged = c.declaredSpread ?? c;
  return Math.max(judged.fixed.falseAlarm, judged.sequential.falseAlarm);
}

/** Mean block pairs per endpoint pair, sequential against fixed, over the shared-drift cells. */
function runTime(ab: AbCell[]) {
  const shared = ab.filter((c) => c.endpointDrift === 0);
  const mean = (f: (c: AbCell) => number) =>
    shared.reduce((a, c) => a + f(c), 0) / Math.max(1, shared.length);
  const seqAA = mean((c) => c.sequential.meanBlockPairsAA);
  const seqChange = mean((c) => c.sequential.meanBlockPairsP95Up10);
  return {
    over: 'shared-drift cells',
    fixedBlockPairs: FIXED_BLOCK_PAIRS,
    sequentialBudgetBlockPairs: SEQUENTIAL.maxBlockPairs,
    sequentialMeanBlockPairsAA: Number(seqAA.toFixed(2)),
    sequentialMeanBlockPairsP95Up10: Number(seqChange.toFixed(2)),
    sequentialOverFixedAA: Number((seqAA / FIXED_BLOCK_PAIRS).toFixed(3)),
    sequentialOverFixedP95Up10: Number((seqChange / FIXED_BLOCK_PAIRS).toFixed(3)),
    secondsPerBlockPair: 2 * BLOCK_SECONDS,
  };
}
