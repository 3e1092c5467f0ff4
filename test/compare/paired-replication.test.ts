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
    const spread = Number(/p95 per-endpoint spread (\d+\.\d) %/.exec(notes)?.[1]);
    expect(spread).toBeGreaterThan(5);
    expect(spread).toBeLessThan(10);
    // One pair: no spread note (it cannot be measured).
    expect(comparePaired(replicatedRun([1]), compare, slo).notes.join('\n')).not.toMatch(
      /per-endpoint spread/,
    );
  });
});
