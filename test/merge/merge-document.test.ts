import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/errors.js';
import { mergeShardDocuments } from '../../src/merge/merge-document.js';
import type { ShardInput } from '../../src/merge/shard-set.js';
import {
  createHistogram,
  decodeHistogram,
  mergeHistograms,
  percentileMs,
  recordUs,
} from '../../src/metrics/histogram.js';
import { resultDocumentSchema, type ResultDocument } from '../../src/result/document.js';
import { latencySamples, shardDocument, type FixtureShard } from './fixtures.js';

const START_MS = 1_700_000_000_000;
const clock = { nowMs: () => START_MS + 3_600_000 };

/** Nearest-rank percentile of sorted samples: the oracle. */
function oracleMs(sortedUs: readonly number[], p: number): number {
  return (sortedUs[Math.max(1, Math.ceil((p / 100) * sortedUs.length)) - 1] ?? 0) / 1000;
}

/** n shards, two stages of 4 one-second intervals; shard i is slower than shard 1 so the union matters. */
function makeShards(count: number, tweak: (s: FixtureShard) => FixtureShard = (s) => s): FixtureShard[] {
  return Array.from({ length: count }, (_, k) => {
    const index = k + 1;
    return tweak({
      index,
      count,
      stages: ['low', 'peak'].map((name, stageIndex) => ({
        name,
        target: 6,
        startedAtMs: START_MS + stageIndex * 4000 + index * 3,
        intervalsUs: [0, 1, 2, 3].map((i) =>
          latencySamples(
            index * 100 + stageIndex * 10 + i,
            200 + 50 * index,
            2000 * index * (stageIndex + 1),
          ),
        ),
        errorsPerInterval: index,
      })),
    });
  });
}

function inputs(shards: readonly FixtureShard[]): ShardInput[] {
  return shards.map((s) => ({ source: `shard-${s.index}/result.json`, document: shardDocument(s) }));
}

function expectUserInputError(fn: () => unknown, ...fragments: string[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(UserInputError);
  for (const fragment of fragments) expect((caught as Error).message).toContain(fragment);
}

describe('mergeShardDocuments', () => {
  const fixtures = makeShards(3);
  const merged: ResultDocument = mergeShardDocuments(inputs(fixtures), { clock });

  it('produces a valid result document of the whole run', () => {
    expect(resultDocumentSchema.safeParse(merged).success).toBe(true);
    expect(merged.shard).toBeUndefined();
    expect(merged.shards).toEqual([1, 2, 3].map((index) => ({ index, runId: `run-${index}` })));
    expect(merged.incomplete).toBeUndefined();
    expect(merged.config).toEqual({ load: { mode: 'concurrency' } });
    expect(merged.source.workflowRunAttempt).toBe(3);
    expect(merged.load.workers).toBe(6);
  });

  it('gives each stage the p95 of the union of all shards’ latencies, exactly', () => {
    for (const [stageIndex, stage] of merged.stages.entries()) {
      const raw = fixtures.flatMap((f) => f.stages[stageIndex]?.intervalsUs.flat() ?? []);
      const unionOfRaw = createHistogram();
      for (const us of raw) recordUs(unionOfRaw, us);
      const shardHistograms = inputs(fixtures).map((i) =>
        decodeHistogram(i.document.stages[stageIndex]?.stats.latency.histogram ?? ''),
      );
      for (const p of [50, 95, 99]) {
        const expectedMs = percentileMs(mergeHistograms(shardHistograms), p);
        expect(percentileMs(decodeHistogram(stage.stats.latency.histogram), p)).toBe(expectedMs);
        expect(percentileMs(unionOfRaw, p)).toBe(expectedMs);
      }
      expect(stage.stats.latency.p95Ms).toBe(percentileMs(unionOfRaw, 95));
      const sorted = [...raw].sort((a, b) => a - b);
      const exactMs = oracleMs(sorted, 95);
      expect(Math.abs(stage.stats.latency.p95Ms - exactMs) / exactMs).toBeLessThan(0.001);
      expect(stage.stats.latency.count).toBe(raw.length);
    }
  });

  it('sums counts, rates and bytes; keeps the whole run’s target', () => {
    const docs = inputs(fixtures).map((i) => i.document);
    for (const [stageIndex, stage] of merged.stages.entries()) {
      const parts = docs.map((d) => d.stages[stageIndex]!);
      const sum = (pick: (s: (typeof parts)[number]) => number) => parts.reduce((t, s) => t + pick(s), 0);
      expect(stage.target).toBe(6);
      expect(stage.stats.ok).toBe(sum((s) => s.stats.ok));
      expect(stage.stats.errors).toBe(sum((s) => s.stats.errors));
      expect(stage.stats.errorRate).toBeCloseTo(stage.stats.errors / stage.stats.requests, 12);
      expect(stage.stats.throughputRps).toBeCloseTo(
        sum((s) => s.stats.throughputRps),
        9,
      );
      expect(stage.stats.bytesSent).toBe(sum((s) => s.stats.bytesSent));
      expect(stage.stats.dropped).toBe(3);
      expect(stage.startedAtMs).toBe(Math.min(...parts.map((s) => s.startedAtMs)));
      expect(stage.endedAtMs).toBe(Math.max(...parts.map((s) => s.endedAtMs)));
    }
    expect(merged.overall.ok).toBe(docs.reduce((t, d) => t + d.overall.ok, 0));
  });

  it('merges the interval series by wall clock, interval for interval', () => {
    const stage = merged.stages[1]!;
    expect(stage.intervals.map((i) => i.offsetMs)).toEqual([0, 1000, 2000, 3000]);
    for (const [i, interval] of stage.intervals.entries()) {
      const raw = fixtures.flatMap((f) => f.stages[1]?.intervalsUs[i] ?? []);
      expect(interval.ok).toBe(raw.length);
      expect(interval.errors).toBe(1 + 2 + 3);
      expect(decodeHistogram(interval.histogram).totalCount).toBe(raw.length);
    }
  });

  it('places a shard that started one interval late one interval later', () => {
    const late = makeShards(2, (s) =>
      s.index === 2
        ? { ...s, stages: s.stages.map((st) => ({ ...st, startedAtMs: st.startedAtMs + 1000 })) }
        : s,
    );
    const result = mergeShardDocuments(inputs(late), { clock, alignmentToleranceMs: 5000 });
    const stage = result.stages[0]!;
    expect(stage.intervals.map((i) => i.offsetMs)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(stage.intervals[0]?.ok).toBe(late[0]?.stages[0]?.intervalsUs[0]?.length);
    expect(stage.intervals[4]?.ok).toBe(late[1]?.stages[0]?.intervalsUs[3]?.length);
    expect(result.incomplete).toBeUndefined();
  });

  it('combines errors by class: counts add, first seen earliest, last seen latest', () => {
    const throttled = merged.stages[0]?.stats.errorsByClass.throttled;
    expect(throttled?.count).toBe((1 + 2 + 3) * 4);
    const docs = inputs(fixtures).map((i) => i.document.stages[0]!.stats.errorsByClass.throttled!);
    expect(throttled?.firstSeenMs).toBe(Math.min(...docs.map((d) => d.firstSeenMs)));
    expect(throttled?.lastSeenMs).toBe(Math.max(...docs.map((d) => d.lastSeenMs)));
  });

  it('marks the run saturated when one shard was, naming the shard', () => {
    const result = mergeShardDocuments(inputs(makeShards(3, (s) => ({ ...s, saturated: s.index === 2 }))), {
      clock,
    });
    expect(result.clientHealth.saturated).toBe(true);
    expect(result.clientHealth.warnings).toEqual(['shard 2/3: CPU at 99 %: use more shards']);
    expect(result.clientHealth.maxWorkerCpuPct).toBe(30);
    expect(merged.clientHealth.saturated).toBe(false);
  });

  it('marks the run incomplete, naming the shard, when a shard is missing', () => {
    const result = mergeShardDocuments(inputs(fixtures.filter((f) => f.index !== 2)), { clock });
    expect(result.incomplete?.missingShards).toEqual([2]);
    expect(result.incomplete?.reasons.join('\n')).toContain('shard 2/3 produced no result document');
    expect(result.stages[0]?.target).toBe(6);
    expect(result.stages[0]?.stats.ok).toBeLessThan(merged.stages[0]!.stats.ok);
  });

  it('counts shards the caller launched even when the documents cannot tell', () => {
    const result = mergeShardDocuments(inputs(fixtures), {
      clock,
      expectedCount: 3,
      knownFailures: [{ index: 3, reason: 'job failed' }],
    });
    expect(result.incomplete).toBeUndefined();
    const two = mergeShardDocuments(inputs(fixtures.slice(0, 2)), {
      clock,
      knownFailures: [{ index: 3, reason: 'uploaded no artifact (its job failed)' }],
    });
    expect(two.incomplete?.reasons).toEqual(['shard 3/3 uploaded no artifact (its job failed)']);
  });

  it('marks a shard that did not finish every stage as failed', () => {
    const partial = makeShards(2, (s) => (s.index === 2 ? { ...s, stages: s.stages.slice(0, 1) } : s));
    const result = mergeShardDocuments(inputs(partial), { clock });
    expect(result.incomplete?.failedShards).toEqual([2]);
    expect(result.incomplete?.reasons).toEqual([
      'shard 2/2 has no result for stage "peak" (its run did not finish)',
    ]);
  });

  it('marks a shard whose stages did not line up in time as failed', () => {
    const late = makeShards(3, (s) =>
      s.index === 3
        ? { ...s, stages: s.stages.map((st) => ({ ...st, startedAtMs: st.startedAtMs + 30_000 })) }
        : s,
    );
    const result = mergeShardDocuments(inputs(late), { clock });
    expect(result.incomplete?.failedShards).toEqual([3]);
    expect(result.incomplete?.reasons).toHaveLength(1);
    expect(result.incomplete?.reasons[0]).toBe(
      'shard 3/3 started stage "low" 30.0 s after the other shards, so its load did not line up with theirs',
    );
  });

  it('refuses a shard from another scenario, naming its file', () => {
    const mixed = makeShards(3, (s) => (s.index === 1 ? { ...s, scenarioKey: 'scenario-b' } : s));
    expectUserInputError(
      () => mergeShardDocuments(inputs(mixed), { clock }),
      'shard-1/result.json',
      'shard 1/3 ran another scenario (key scenario-b',
    );
  });

  it('refuses shards of another run, a duplicate shard, a different shard count and a non-shard result', () => {
    const otherRun = makeShards(2, (s) => (s.index === 2 ? { ...s, startAtMs: START_MS + 99_000 } : s));
    expectUserInputError(
      () => mergeShardDocuments(inputs(otherRun), { clock }),
      'shard 2/2 belongs to another run',
    );
    const otherWorkflow = makeShards(2, (s) => (s.index === 2 ? { ...s, workflowRunId: '43' } : s));
    expectUserInputError(() => mergeShardDocuments(inputs(otherWorkflow), { clock }), 'workflow run 43');
    const twice = [...inputs(makeShards(2)), { ...inputs(makeShards(2))[1]!, source: 'copy/result.json' }];
    expectUserInputError(
      () => mergeShardDocuments(twice, { clock }),
      'copy/result.json',
      'appears twice (also in shard-2/result.json)',
    );
    const counts = [...inputs(makeShards(3)).slice(0, 2), ...inputs(makeShards(2)).slice(1)];
    expectUserInputError(() => mergeShardDocuments(counts, { clock }), 'but the run was split into 3 shards');
    const notShard = inputs(makeShards(2)).map((i) => {
      const { shard: _shard, ...rest } = i.document;
      return { source: i.source, document: rest };
    });
    expectUserInputError(() => mergeShardDocuments(notShard, { clock }), 'is not a shard result');
    expectUserInputError(() => mergeShardDocuments([], { clock }), 'no shard result documents');
  });

  it('is deterministic: the same shards give the same merged run id', () => {
    expect(mergeShardDocuments(inputs(fixtures), { clock }).runId).toBe(merged.runId);
    expect(mergeShardDocuments(inputs(fixtures.slice(0, 2)), { clock }).runId).not.toBe(merged.runId);
  });
});
