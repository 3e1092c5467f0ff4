/**
 * `npm run bench:gate` — how often the verdict cries wolf and how often it catches a real change,
 * at run-to-run drift of 1 %, 3 % and 8 %, against the naive rule measured on the same comparisons.
 * Prints one JSON line. Run it under the shared lock:
 *
 *   flock /tmp/perf-gate-bench.lock npm run bench:gate
 *
 * Environment: GATE_BENCH_COMPARISONS (default 500 per true change; A/A sets are 4× and 2× larger in
 * history and paired mode, for a tighter false-alarm estimate), GATE_BENCH_DRIFTS (default 0.01,0.03,0.08),
 * GATE_BENCH_HTTP=0 skips the validation campaign through the real engine and emulator.
 * GATE_BENCH_BROKEN: runs per error fraction of the broken-run campaign (default 200; 0 skips it).
 * GATE_BENCH_QUICK=1: a few minutes in all — 100 comparisons, drifts 0.01 and 0.08, 20 s stages for
 * the broken-run campaign, smaller A/B and change-point sets, no HTTP validation (unless the variables
 * above say otherwise). GATE_BENCH_NOISE=0 skips the A/B and change-point campaigns
 * (bench/gate/noise-campaigns.ts).
 */
import { compareSchema, sloSchema } from '../src/config/gate-schema.js';
import { runHttpValidation } from './gate/http-validation.js';
import { runHistoryCampaign } from './gate/history-campaign.js';
import { runPairedCampaign } from './gate/paired-campaign.js';
import { runBrokenRunCampaign } from './gate/broken-run-campaign.js';
import { INSTANCE_TYPE, USERS } from './gate/campaign-model.js';
import { runNoiseCampaigns } from './gate/noise-campaigns.js';

const quick = process.env.GATE_BENCH_QUICK === '1';
const comparisons = Number(process.env.GATE_BENCH_COMPARISONS ?? (quick ? 100 : 500));
const drifts = (process.env.GATE_BENCH_DRIFTS ?? (quick ? '0.01,0.08' : '0.01,0.03,0.08'))
  .split(',')
  .map(Number);
const STAGE_SECONDS = 60;
const HISTORY_RUNS = 5;
const SEED = 20250101;
// The product's defaults: tolerance p95 +10 % / throughput −10 %, 99 % one-sided, Bonferroni over
// the 2 gated metrics, 1000 bootstrap resamples in blocks of 5 s, paired blocks of 10 s.
const compare = compareSchema.parse({});

const started = performance.now();
const levels = drifts.map((drift) => {
  const t0 = performance.now();
  const history = runHistoryCampaign({
    drift,
    aaComparisons: 4 * comparisons,
    changeComparisons: comparisons,
    historyRuns: HISTORY_RUNS,
    stageSeconds: STAGE_SECONDS,
    compare,
    seed: SEED,
  });
  const t1 = performance.now();
  const paired = runPairedCampaign({
    drift,
    aaComparisons: 2 * comparisons,
    changeComparisons: comparisons,
    stageSeconds: STAGE_SECONDS,
    compare,
    seed: SEED,
  });
  const t2 = performance.now();
  process.stderr.write(
    `drift ${drift}: history ${((t1 - t0) / 1000).toFixed(1)} s, paired ${((t2 - t1) / 1000).toFixed(1)} s\n`,
  );
  return { drift, history: history.ours, naive: history.naive, paired };
});

// Validation through the real engine and emulator over HTTP (a shorter stage, fewer comparisons).
const validation =
  (process.env.GATE_BENCH_HTTP ?? (quick ? '0' : '1')) === '0'
    ? undefined
    : await runHttpValidation({
        drift: 0.01,
        aaComparisons: Number(process.env.GATE_BENCH_HTTP_COMPARISONS ?? 30),
        changeComparisons: Number(process.env.GATE_BENCH_HTTP_COMPARISONS ?? 30),
        stageSeconds: 5,
        historyRuns: HISTORY_RUNS,
        compare,
        slo: sloSchema.parse({}),
        seed: SEED,
        simulatedComparisons: comparisons,
      });
if (validation)
  process.stderr.write(
    `http validation: ${'seconds' in validation ? `${validation.seconds} s` : validation.skipped}\n`,
  );

const noise =
  process.env.GATE_BENCH_NOISE === '0'
    ? undefined
    : runNoiseCampaigns({
        drifts,
        pairCounts: [1, 2, 4],
        abAAComparisons: quick ? 1000 : 4000,
        abChangeComparisons: quick ? 200 : 1000,
        histories: quick ? 20 : 100,
        confidence: compare.confidence,
        trendFalsePositiveRate: 0.001,
        seed: SEED,
      });
const brokenRuns = Number(process.env.GATE_BENCH_BROKEN ?? 200);
const brokenStarted = performance.now();
const broken =
  brokenRuns > 0
    ? runBrokenRunCampaign({
        fractions: [0, 0.005, 0.01, 0.05, 0.3, 1],
        runs: brokenRuns,
        drift: 0.03,
        historyRuns: HISTORY_RUNS,
        stageSeconds: quick ? 20 : STAGE_SECONDS,
        compare,
        seed: SEED,
      })
    : undefined;
if (broken)
  process.stderr.write(`broken runs: ${((performance.now() - brokenStarted) / 1000).toFixed(1)} s\n`);

const goals = {
  ...(broken
    ? {
        noFalseFailureAt0PctErrors: broken.filter((b) => b.errorPct === 0).every((b) => b.failedCheck === 0),
        atLeast99PctFailedAt5PctErrorsAndAbove: broken
          .filter((b) => b.errorPct >= 5)
          .every((b) => b.failedCheck >= 0.99),
      }
    : {}),
  falseAlarmsAtMost1PctEveryDrift: levels.every(
    (l) => l.history.falseAlarm <= 0.01 && l.paired.falseAlarm <= 0.01,
  ),
  detectionAtLeast95PctAt1PctDrift: levels
    .filter((l) => l.drift === 0.01)
    .every((l) => l.history.detectionP95Up10 >= 0.95 && l.history.detectionThroughputDown10 >= 0.95),
  pairedDetectionAtLeast95PctAt8PctDrift: levels
    .filter((l) => l.drift === 0.08)
    .every(
      (l) =>
        l.paired.detectionP95Up10 >= 0.95 &&
        l.paired.detectionThroughputDown10 >= 0.95 &&
        l.paired.falseAlarm <= 0.01,
    ),
};

console.log(
  JSON.stringify({
    bench: 'gate',
    setup: {
      model: `emulator ${INSTANCE_TYPE} profile, closed loop ${USERS} users, ${STAGE_SECONDS} s stage`,
      comparisons: {
        historyAA: 4 * comparisons,
        pairedAA: 2 * comparisons,
        perTrueChange: comparisons,
        pairedAAWithPerEndpointDrift: comparisons,
      },
      historyRuns: HISTORY_RUNS,
      tolerance: { p95: compare.tolerance.p95, throughput: compare.tolerance.throughput },
      confidence: compare.confidence,
      naiveRule: 'fail if p95 / p95 of the last stored result > 1.10',
    },
    levels,
    brokenRuns: broken,
    validation,
    noise,
    goals,
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  }),
);
