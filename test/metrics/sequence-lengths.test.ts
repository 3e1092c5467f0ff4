/**
 * Input and output sequence lengths per request: recorded into one histogram each per stage,
 * merged across generators (threads) and across shards like every other histogram, and exported as
 * AIPerf's `input_sequence_length` / `output_sequence_length` distributions. Checked against a sort
 * oracle over the very same per-request counts.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom, randomInt } from '../../src/core/random.js';
import type { Outcome } from '../../src/load/invoke/outcome.js';
import { StageRecorder } from '../../src/metrics/stage-recorder.js';
import { mergeStageSnapshots, type StageSnapshot } from '../../src/metrics/stage-snapshot.js';
import { stageStats } from '../../src/metrics/stage-stats.js';
import { mergeStageStats } from '../../src/merge/merge-stats.js';
import { aiperfCsv, aiperfExport } from '../../src/report/aiperf-export.js';
import { resultDocument } from '../support/result-builder.js';
import type { StageStats } from '../../src/result/document.js';

interface Generation {
  output: number;
  /** Prompt tokens the server reported (undefined: none reported). */
  input: number | undefined;
}

function generations(seed: number, count: number): Generation[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => ({
    // Zero-token generations too, and some long ones (above 2,048: 3 significant digits).
    output: random.next() < 0.05 ? 0 : 1 + randomInt(random, random.next() < 0.1 ? 5000 : 300),
    input: random.next() < 0.2 ? undefined : 1 + randomInt(random, 1500),
  }));
}

function record(list: readonly Generation[]): StageSnapshot {
  const recorder = new StageRecorder(0);
  list.forEach((g, i) => {
    const startUs = i * 1000;
    const outcome: Outcome = {
      outcome: 'ok',
      statusCode: 200,
      message: undefined,
      originalStatus: undefined,
      bytesReceived: 10,
      endUs: startUs + 500_000,
      stream: {
        firstTokenUs: startUs + 100_000,
        tokenEvents: g.output,
        serverTokens: g.output,
        gapsUs: [],
        outputTokens: g.output,
        tokenSource: 'usage',
        ...(g.input === undefined ? {} : { inputTokens: g.input }),
      },
    };
    recorder.started(startUs, startUs, 10);
    recorder.completed(startUs, startUs, outcome, 0);
  });
  return recorder.snapshot();
}

const stats = (snapshots: StageSnapshot[]): StageStats =>
  stageStats(mergeStageSnapshots(snapshots), { elapsedMs: 10_000, openLoop: false, streaming: true });

/** The sort oracle: exact order statistics of the counts (nearest rank, as HdrHistogram reads them). */
function oracle(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { min: sorted[0]!, max: sorted.at(-1)!, mean, rank };
}

/** Within HdrHistogram's 3 significant digits (exact below 2,048). */
function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    expected < 2048 ? 0 : expected * 0.001,
  );
}

describe('sequence lengths per request', () => {
  const list = generations(15, 3000);
  const outputs = list.map((g) => g.output);
  const inputs = list.flatMap((g) => (g.input === undefined ? [] : [g.input]));

  it('the stage summaries are the per-request distributions (sort oracle), zeros included', () => {
    const s = stats([record(list)]).streaming!;
    for (const [summary, values] of [
      [s.outputSequenceLength!, outputs],
      [s.inputSequenceLength!, inputs],
    ] as const) {
      const o = oracle(values);
      expect(summary.count).toBe(values.length);
      expect(summary.min).toBe(o.min);
      expectClose(summary.max, o.max);
      expect(summary.mean).toBeCloseTo(o.mean, 0);
      for (const [p, key] of [
        [50, 'p50'],
        [90, 'p90'],
        [99, 'p99'],
      ] as const)
        expectClose(summary[key], o.rank(p));
    }
    expect(s.outputSequenceLength!.min).toBe(0);
    // The totals still add up to the same per-request counts.
    expect(s.outputTokens).toBe(outputs.reduce((a, b) => a + b, 0));
    expect(s.inputTokensReported).toBe(inputs.length);
  });

  it('merges losslessly across threads and across shards', () => {
    const whole = stats([record(list)]).streaming!;
    const parts = [list.slice(0, 1000), list.slice(1000, 1700), list.slice(1700)];
    // Threads: snapshots of one stage merged before the summaries.
    const threads = stats(parts.map(record)).streaming!;
    // Shards: each shard's own result figures merged.
    const shards = mergeStageStats(parts.map((p) => stats([record(p)]))).streaming!;
    for (const merged of [threads, shards]) {
      for (const key of ['outputSequenceLength', 'inputSequenceLength'] as const) {
        const { histogram: _h, ...figures } = merged[key]!;
        const { histogram: _w, ...expected } = whole[key]!;
        expect(figures).toEqual({ ...expected, mean: figures.mean, stdDev: figures.stdDev });
        expect(figures.mean).toBeCloseTo(expected.mean, 9);
      }
      expect(merged.tpot?.count).toBe(whole.tpot?.count);
      expect(merged.inputTokens).toBe(whole.inputTokens);
      expect(merged.inputTokensReported).toBe(whole.inputTokensReported);
      expect(merged.tokenSources).toEqual(whole.tokenSources);
    }
  });

  it('AIPerf export: input and output sequence lengths as distributions with percentiles', () => {
    const overall = stats([record(list)]);
    const exported = aiperfExport(resultDocument({ stages: [], overall })) as Record<
      string,
      Record<string, number>
    >;
    const osl = exported.output_sequence_length!;
    const isl = exported.input_sequence_length!;
    expect(osl.unit).toBe('tokens');
    expect(osl.min).toBe(0);
    expectClose(osl.p50!, oracle(outputs).rank(50));
    expectClose(osl.p99!, oracle(outputs).rank(99));
    expectClose(isl.p5!, oracle(inputs).rank(5));
    expect(isl.avg).toBeCloseTo(oracle(inputs).mean, 0);
    expect(exported.total_isl?.avg).toBe(inputs.reduce((a, b) => a + b, 0));
    // The CSV has them in the distribution section (with percentiles), not the summary one.
    const [distribution] = aiperfCsv(exported).split('\n\n');
    expect(distribution).toMatch(/^Output Sequence Length \(tokens\),/m);
    expect(distribution).toMatch(/^Input Sequence Length \(tokens\),/m);
  });

  it('an older result without the length histograms still exports the mean lengths', () => {
    const overall = stats([record(list)]);
    const { outputSequenceLength: _o, inputSequenceLength: _i, ...older } = overall.streaming!;
    const exported = aiperfExport(
      resultDocument({ stages: [], overall: { ...overall, streaming: older } }),
    ) as Record<string, Record<string, number>>;
    expect(exported.output_sequence_length).toEqual({
      unit: 'tokens',
      avg: outputs.reduce((a, b) => a + b, 0) / outputs.length,
    });
    expect(exported.input_sequence_length?.p50).toBeUndefined();
  });
});
