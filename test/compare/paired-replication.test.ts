/**
 * Replication in the paired verdict (`compare.pairs`): blocks tagged with their endpoint pair are
 * judged with the pair as the unit (src/compare/paired/pair-level.ts). An instance that is slower
 * on its own — one pair's candidate 15 % slower, the others unchanged — widens the band, so the
 * check is not failed on it; a change every pair shows is still a regression; one pair is the
 * block test, unchanged; and the notes state the per-endpoint spread measured.
 */
import { describe, expect, it } from 'vitest';
import { abbaOrder } from '../../src/compare/paired/abba.js';
import { comparePaired, type PairedRun } from '../../src/compare/paired/compare-paired.js';
import type { PairedBlock } from '../../src/compare/paired/paired-analysis.js';
import { normal, seededRandom } from '../../src/core/random.js';
import type { StageStats } from '../../src/result/document.js';
import { gateSettings } from './fixtures.js';
import { scaledStageStats } from '../support/result-builder.js';

const { compare, slo } = gateSettings();

const stats = (factor: number): StageStats => scaledStageStats(factor, 200 / factor);

/** Block pairs interleaved over the endpoint pairs as the runner runs them; `candidate[j]` is pair j's change. */
function replicatedRun(candidate: readonly number[], blockPairs = 6, seed = 3): PairedRun {
  const random = seededRandom(seed);
  const order = abbaOrder(blockPairs);
  const blocks: PairedBlock[] = [];
  for (let i = 0; i < blockPairs; i++)
    candidate.forEach((change, j) => {
      for (const role of order.slice(2 * i, 2 * i + 2))
        blocks.push({
          role,
          pair: candidate.length > 1 ? j : undefined,
          stats: stats((role === 'candidate' ? change : 1) * Math.exp(0.01 * normal(random))),
        });
    });
  return {
    scenarioKey: 'scenario0000001',
    baselineEndpoint: 'b1, b2',
    stages: [{ name: 'steady', blocks }],
    clientSaturated: false,
    clientWarnings: [],
  };
}

const p95 = (run: PairedRun) =>
  comparePaired(run, compare, slo).stages[0]?.metrics.find((m) => m.metric === 'p95');

const declared = (spread: string) => gateSettings({ compare: { 'endpoint-spread': spread } }).compare;
const ab = (run: PairedRun, pairs: number): PairedRun => ({
  ...run,
  endpointPairs: pairs,
  baselineDeployedFrom: '0123456789abcdef',
});

describe('the paired verdict with several endpoint pairs', () => {
  it('one odd instance (one pair 15 % slower, the rest unchanged) widens the band: not a regression', () => {
    const odd = replicatedRun([1.15, 1, 1, 1]);
    const metric = p95(odd);
    expect(metric?.state).not.toBe('regression');
    // Taken as one pair, the same odd instance would fail the check.
    expect(p95(replicatedRun([1.15]))?.state).toBe('regression');
    expect(metric?.noise?.runToRunSd).toBeGreaterThan(0.05);
  });

  it('a change every pair shows is a regression', () => {
    const run = replicatedRun([1.3, 1.3, 1.3]);
    expect(p95(run)?.state).toBe('regression');
    expect(comparePaired(run, compare, slo).state).toBe('regression');
  });

  it('states the per-endpoint spread and each pair’s change in the notes', () => {
    const notes = comparePaired(replicatedRun([1.15, 1, 1, 1]), compare, slo).notes.join('\n');
    expect(notes).toMatch(
      /^Stage "steady": 4 endpoint pairs, judged with the endpoint pair as the unit; p95 per-endpoint spread (\d+\.\d) % \(block noise \d+\.\d %; pair 1 \+1[45]\.\d %, pair 2 [+−]\d\.\d %, pair 3 [+−]\d\.\d %, pair 4 [+−]\d\.\d %\); throughput per-endpoint spread/m,
    );
    // One endpoint's own offset: the pairs' spread σ_e (about 7 % here: one pair of four 14 % off) / √2.
    const spread = Number(/p95 per-endpoint spread (\d+\.\d) %/.exec(notes)?.[1]);
    expect(spread).toBeGreaterThan(3.5);
    expect(spread).toBeLessThan(7);
    const sigmaE = comparePaired(replicatedRun([1.15, 1, 1, 1]), compare, slo).stages[0]?.metrics.find(
      (m) => m.metric === 'p95',
    )?.noise?.runToRunSd;
    expect(spread / 100).toBeCloseTo(Math.exp(Math.log(1 + (sigmaE ?? 0)) / Math.SQRT2) - 1, 3);
    // One pair: no spread note (it cannot be measured).
    expect(comparePaired(replicatedRun([1]), compare, slo).notes.join('\n')).not.toMatch(
      /per-endpoint spread/,
    );
  });
});

describe('a declared per-endpoint spread (compare.endpoint-spread)', () => {
  it('one pair: the odd instance that fails the block test widens the band instead', () => {
    const odd = replicatedRun([1.15]);
    const plain = comparePaired(odd, compare, slo).stages[0]?.metrics.find((m) => m.metric === 'p95');
    const wide = comparePaired(odd, declared('8%'), slo).stages[0]?.metrics.find((m) => m.metric === 'p95');
    expect(plain?.state).toBe('regression');
    expect(wide?.state).not.toBe('regression');
    expect(wide?.noiseBand).toBeGreaterThan(3 * (plain?.noiseBand ?? 1));
    expect(wide?.delta).toBe(plain?.delta);
    // Its run-to-run part is the declared spread (√2·ln 1.08 for the pair's difference), not measured.
    expect(wide?.noise?.assumed).toBe(true);
    expect(plain?.noise?.assumed).toBe(false);
    expect(Math.log(1 + (wide?.noise?.runToRunSd ?? 0))).toBeCloseTo(Math.SQRT2 * Math.log(1.08), 12);
    // The error rate (percentage points) is not a ratio metric: the declaration leaves it alone.
    const errors = (c: typeof compare) =>
      comparePaired(odd, c, slo).stages[0]?.metrics.find((m) => m.metric === 'error-rate');
    expect(errors(declared('8%'))).toEqual(errors(compare));
    // A change far beyond the declared spread is still a regression.
    expect(comparePaired(replicatedRun([1.6]), declared('8%'), slo).state).toBe('regression');
  });

  it('absent: the same verdict as before, and the A/B note says it is neither measured nor declared', () => {
    const run = ab(replicatedRun([1.05]), 1);
    const verdict = comparePaired(run, compare, slo);
    expect(verdict.stages).toEqual(comparePaired(replicatedRun([1.05]), compare, slo).stages);
    expect(verdict.notes).toContain(
      'The per-endpoint spread (an instance slower than its twin) is neither measured nor declared, so this verdict does not account for it: ' +
        'set `compare.pairs` to 2 or more to measure it, or declare it with `compare.endpoint-spread` (e.g. the spread a run with 2 pairs reports).',
    );
    // With several pairs it is measured and stated per stage, as before.
    const replicated = comparePaired(ab(replicatedRun([1, 1]), 2), compare, slo).notes.join('\n');
    expect(replicated).not.toMatch(/neither measured nor declared|compare\.endpoint-spread/);
  });

  it('the notes say which spread was used: the declared one with one pair, the larger with several', () => {
    expect(comparePaired(ab(replicatedRun([1]), 1), declared('3%'), slo).notes).toContain(
      'Per-endpoint spread: one endpoint pair cannot measure it, so the declared `compare.endpoint-spread` 3.0 % was used for the ratio metrics (p95, throughput, …).',
    );
    const agree = comparePaired(ab(replicatedRun([1, 1]), 2), declared('3%'), slo).notes.join('\n');
    expect(agree).toContain(
      'Per-endpoint spread: the larger of the declared `compare.endpoint-spread` 3.0 % and the one measured between the 2 pairs was used, per stage and metric (stage notes).',
    );
    expect(agree).toMatch(
      /p95 per-endpoint spread \d+\.\d % \(block noise [^)]*\), the declared 3\.0 % used;/,
    );
    const odd = comparePaired(ab(replicatedRun([1.15, 1, 1, 1]), 4), declared('1%'), slo).notes.join('\n');
    expect(odd).toMatch(
      /p95 per-endpoint spread \d+\.\d % \(block noise [^)]*\), measured used \(above the declared 1\.0 %\);/,
    );
  });
});
