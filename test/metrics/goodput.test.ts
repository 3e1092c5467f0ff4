import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/random.js';
import type { Outcome } from '../../src/load/invoke/outcome.js';
import { StageRecorder } from '../../src/metrics/stage-recorder.js';
import { mergeStageSnapshots } from '../../src/metrics/stage-snapshot.js';
import { stageStats } from '../../src/metrics/stage-stats.js';
import { mergeStageStats } from '../../src/merge/merge-stats.js';

interface Request {
  startUs: number;
  latencyUs: number;
  ok: boolean;
  ttftUs?: number;
  tokens?: number;
}

function outcome(r: Request): Outcome {
  return {
    outcome: r.ok ? 'ok' : 'throttled',
    statusCode: r.ok ? 200 : 429,
    message: r.ok ? undefined : 'throttled',
    originalStatus: undefined,
    bytesReceived: 10,
    endUs: r.startUs + r.latencyUs,
    stream:
      r.ttftUs === undefined
        ? undefined
        : {
            firstTokenUs: r.startUs + r.ttftUs,
            tokenEvents: r.tokens ?? 0,
            serverTokens: undefined,
            gapsUs: [],
          },
  };
}

function requests(seed: number, count: number, streaming: boolean): Request[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const latencyUs = Math.round(50_000 + random.next() * 900_000);
    const tokens = 1 + Math.floor(random.next() * 40);
    return {
      startUs: i * 1000,
      latencyUs,
      ok: random.next() > 0.05,
      ...(streaming ? { ttftUs: Math.round(latencyUs * random.next() * 0.5), tokens } : {}),
    };
  });
}

function record(list: readonly Request[], slo: ConstructorParameters<typeof StageRecorder>[2]) {
  const recorder = new StageRecorder(0, 1_000_000, slo);
  for (const r of list) {
    recorder.started(r.startUs, r.startUs, 10);
    recorder.completed(r.startUs, r.startUs, outcome(r), 0);
  }
  return recorder.snapshot();
}

describe('goodput', () => {
  it('counts exactly the successful requests within the latency limit (sort oracle)', () => {
    const list = requests(1, 5000, false);
    const snapshot = record(list, { latencyUs: 500_000 });
    // Oracle: sort the successful latencies and find how many are ≤ the limit.
    const sorted = list
      .filter((r) => r.ok)
      .map((r) => r.latencyUs)
      .sort((a, b) => a - b);
    let good = 0;
    while (good < sorted.length && (sorted[good] as number) <= 500_000) good++;
    expect(snapshot.counts.good).toBe(good);
    const stats = stageStats(mergeStageSnapshots([snapshot]), {
      elapsedMs: 5000,
      openLoop: false,
      streaming: false,
      goodput: true,
    });
    expect(stats.goodRequests).toBe(good);
    expect(stats.goodputRps).toBeCloseTo(good / 5, 9);
    expect(stats.goodputRps).toBeLessThan(stats.throughputRps);
  });

  it('streaming: TTFT and time per output token per request, every limit at once', () => {
    const list = requests(2, 4000, true);
    const slo = { latencyUs: 800_000, ttftUs: 200_000, tpotUs: 20_000 };
    const snapshot = record(list, slo);
    const expected = list.filter((r) => {
      if (!r.ok || r.latencyUs > slo.latencyUs || (r.ttftUs as number) > slo.ttftUs) return false;
      const tokens = r.tokens as number;
      return tokens <= 1 || (r.latencyUs - (r.ttftUs as number)) / (tokens - 1) <= slo.tpotUs;
    }).length;
    expect(expected).toBeGreaterThan(100);
    expect(snapshot.counts.good).toBe(expected);
  });

  it('adds up across generators and shards (counts, not ratios)', () => {
    const a = requests(3, 2000, false);
    const b = requests(4, 3000, false);
    const slo = { latencyUs: 400_000 };
    const options = { elapsedMs: 5000, openLoop: false, streaming: false, goodput: true };
    const both = stageStats(mergeStageSnapshots([record(a, slo), record(b, slo)]), options);
    const whole = record([...a, ...b], slo).counts.good;
    expect(both.goodRequests).toBe(whole);
    const shards = mergeStageStats([
      stageStats(mergeStageSnapshots([record(a, slo)]), options),
      stageStats(mergeStageSnapshots([record(b, slo)]), options),
    ]);
    expect(shards.goodRequests).toBe(whole);
    expect(shards.goodputRps).toBeCloseTo(whole / 5, 9);
  });

  it('is absent without slo.request', () => {
    const stats = stageStats(mergeStageSnapshots([record(requests(5, 100, false), undefined)]), {
      elapsedMs: 1000,
      openLoop: false,
      streaming: false,
    });
    expect(stats.goodRequests).toBeUndefined();
  });
});
