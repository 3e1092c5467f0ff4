import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/random.js';
import type { Outcome } from '../../src/load/invoke/outcome.js';
import { assessClientHealth } from '../../src/metrics/client-health.js';
import { decodeHistogram } from '../../src/metrics/histogram.js';
import { StageRecorder } from '../../src/metrics/stage-recorder.js';
import { mergeStageSnapshots } from '../../src/metrics/stage-snapshot.js';
import { intervalRecords, stageStats } from '../../src/metrics/stage-stats.js';
import { resultDocumentSchema } from '../../src/result/document.js';

const ok = (endUs: number, stream?: Outcome['stream']): Outcome => ({
  outcome: 'ok',
  statusCode: 200,
  message: undefined,
  originalStatus: undefined,
  bytesReceived: 10,
  endUs,
  stream,
});

/** Nearest-rank percentile of sorted values. */
function oracle(sorted: readonly number[], p: number): number {
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] ?? 0;
}

describe('stage recording → snapshots → merge → summary', () => {
  it('keeps every percentile within 0.2 % of a sort-based oracle on the same samples, across generators', () => {
    const random = seededRandom(11);
    const startUs = 1_000_000;
    const recorders = [0, 1, 2].map(() => new StageRecorder(startUs));
    const samplesUs: number[] = [];
    for (let i = 0; i < 60_000; i++) {
      // Lognormal body with a heavy tail of stalls, like a real endpoint.
      const base =
        8_000 *
        Math.exp(0.5 * Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next()));
      const latencyUs = Math.round(random.next() < 0.02 ? base + 400_000 * random.next() : base);
      const sentUs = startUs + i * 100;
      const recorder = recorders[i % 3] as StageRecorder;
      recorder.started(sentUs, sentUs, 100);
      recorder.completed(sentUs, sentUs, ok(sentUs + latencyUs), 0);
      samplesUs.push(latencyUs);
    }
    const merged = mergeStageSnapshots(recorders.map((r) => r.snapshot()));
    const stats = stageStats(merged, { elapsedMs: 6000, openLoop: true, streaming: false });
    samplesUs.sort((a, b) => a - b);
    const pairs: [number, number][] = [
      [stats.latency.p50Ms, 50],
      [stats.latency.p90Ms, 90],
      [stats.latency.p95Ms, 95],
      [stats.latency.p99Ms, 99],
      [stats.latency.p999Ms, 99.9],
    ];
    for (const [ms, p] of pairs) {
      const exactMs = oracle(samplesUs, p) / 1000;
      expect(Math.abs(ms - exactMs) / exactMs, `p${p}`).toBeLessThan(0.002);
    }
    expect(
      Math.abs(stats.latency.maxMs - (samplesUs.at(-1) as number) / 1000) / stats.latency.maxMs,
    ).toBeLessThan(0.002);
    expect(stats).toMatchObject({
      requests: 60_000,
      ok: 60_000,
      throughputRps: 10_000,
      bytesSent: 6_000_000,
    });
    // The interval series partitions the stage: intervals add up to the stage exactly.
    const intervals = intervalRecords(merged.intervals, 1000, 6000);
    expect(intervals.map((i) => i.ok)).toEqual([10_000, 10_000, 10_000, 10_000, 10_000, 10_000]);
    const total = intervals.reduce((n, i) => n + decodeHistogram(i.histogram).totalCount, 0);
    expect(total).toBe(60_000);
  });

  it('seals finished intervals early (bounded memory) without losing requests still in flight', () => {
    const recorder = new StageRecorder(0, 1_000_000);
    recorder.started(100, 100, 1);
    recorder.started(200, 200, 1);
    recorder.completed(100, 100, ok(5_000), 0);
    recorder.sealFinished(1_500_000); // interval 0 still has a request in flight
    recorder.completed(200, 200, ok(1_600_000), 0);
    recorder.dropped(1_200_000);
    recorder.sealFinished(3_000_000);
    const snapshot = recorder.snapshot();
    expect(snapshot.intervals.map((i) => [i.index, i.ok, i.dropped])).toEqual([
      [0, 2, 0],
      [1, 0, 1],
    ]);
  });

  it('tallies errors by class with first/last seen, a sample and model error statuses', () => {
    const recorder = new StageRecorder(0);
    const fail = (outcome: Outcome['outcome'], originalStatus?: number): Outcome => ({
      ...ok(10),
      outcome,
      message: `${outcome} happened`,
      originalStatus,
    });
    recorder.started(0, 0, 1);
    recorder.completed(0, 0, fail('model_error', 400), 1000);
    recorder.started(0, 0, 1);
    recorder.completed(0, 0, fail('model_error', 500), 3000);
    recorder.started(0, 0, 1);
    recorder.completed(0, 0, fail('throttled'), 2000);
    const merged = mergeStageSnapshots([recorder.snapshot(), recorder.snapshot()]);
    expect(merged.errorsByClass).toEqual({
      model_error: {
        count: 4,
        firstSeenMs: 1000,
        lastSeenMs: 3000,
        sampleMessage: 'model_error happened',
        originalStatus: { 400: 2, 500: 2 },
      },
      throttled: { count: 2, firstSeenMs: 2000, lastSeenMs: 2000, sampleMessage: 'throttled happened' },
    });
    const stats = stageStats(merged, { elapsedMs: 1000, openLoop: false, streaming: false });
    expect(stats).toMatchObject({
      requests: 6,
      errors: 6,
      ok: 0,
      errorRate: 1,
      throughputRps: 0,
      completionRps: 6,
    });
  });

  it('summarizes streaming: TTFT, inter-token gaps, tokens/s and where token counts came from', () => {
    const recorder = new StageRecorder(0);
    recorder.started(0, 0, 1);
    recorder.completed(
      0,
      0,
      ok(1_000_000, { firstTokenUs: 200_000, tokenEvents: 9, serverTokens: 10, gapsUs: [100_000, 100_000] }),
      0,
    );
    recorder.started(0, 0, 1);
    recorder.completed(
      0,
      0,
      ok(500_000, { firstTokenUs: 100_000, tokenEvents: 5, serverTokens: undefined, gapsUs: [100_000] }),
      0,
    );
    const stats = stageStats(mergeStageSnapshots([recorder.snapshot()]), {
      elapsedMs: 1000,
      openLoop: false,
      streaming: true,
    });
    const streaming = stats.streaming;
    expect(streaming).toMatchObject({
      outputTokens: 15,
      tokenCountSource: 'mixed',
      ttft: { count: 2 },
      interTokenLatency: { count: 3 },
    });
    // Histogram resolution: 3 significant digits.
    expect(streaming?.ttft.p50Ms).toBeCloseTo(100, 0);
    expect(streaming?.ttft.maxMs).toBeCloseTo(200, 0);
    expect(streaming?.interTokenLatency.p50Ms).toBeCloseTo(100, 0);
    expect(streaming?.outputTokensPerSecond.count).toBe(2);
    expect(streaming?.outputTokensPerSecond.p50).toBeCloseTo(10, 1); // 5 tokens in 0.5 s; 10 in 1 s
  });
});

describe('client health', () => {
  it('flags a saturated generator with the reason and the remedy', () => {
    const healthy = assessClientHealth(
      [{ cpuPct: 40, eventLoopDelayP99Ms: 1, eventLoopDelayMaxMs: 3 }],
      0.3,
      4,
    );
    expect(healthy).toMatchObject({ saturated: false, warnings: [], maxWorkerCpuPct: 40, workers: 1 });
    const busy = assessClientHealth(
      [
        { cpuPct: 40, eventLoopDelayP99Ms: 1, eventLoopDelayMaxMs: 3 },
        { cpuPct: 97, eventLoopDelayP99Ms: 2, eventLoopDelayMaxMs: 9 },
      ],
      4.5,
      4,
    );
    expect(busy.saturated).toBe(true);
    expect(busy.warnings[0]).toMatch(/p99 send lag 4\.5 ms.*97 % of a core.*load\.workers.*2 of 4 cores/);
    expect(resultDocumentSchema.shape.clientHealth.parse(busy)).toEqual(busy);
  });
});

describe('health monitor', () => {
  it('does not count precise sleeps as CPU (event-loop utilization would)', async () => {
    const { HealthMonitor } = await import('../../src/metrics/client-health.js');
    const { preciseSleepMs, waitUntil } = await import('../../src/load/generator/precise-wait.js');
    const { systemClock } = await import('../../src/core/clock.js');
    const monitor = new HealthMonitor(preciseSleepMs);
    monitor.start();
    const endUs = systemClock.monotonicUs() + 400_000;
    while (systemClock.monotonicUs() < endUs)
      await waitUntil(systemClock.monotonicUs() + 900, systemClock.monotonicUs);
    const health = monitor.stop();
    expect(preciseSleepMs()).toBeGreaterThan(100);
    expect(health.cpuPct).toBeLessThan(60);
  });
});
