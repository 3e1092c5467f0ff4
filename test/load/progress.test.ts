import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/core/logger.js';
import {
  barProgress,
  formatProgressBar,
  formatProgressLine,
  logProgress,
} from '../../src/load/engine/progress-display.js';
import { ProgressTracker } from '../../src/load/engine/progress-tracker.js';
import { createHistogram, encodeHistogram, recordUs } from '../../src/metrics/histogram.js';
import { emptyCounts } from '../../src/metrics/stage-snapshot.js';
import { planStages, timelineOf } from '../../src/load/stages/plan.js';

const timeline = timelineOf(
  planStages({
    warmupMs: 1000,
    stages: [
      { name: 'low', durationMs: 2000, target: 4, rampMs: 0 },
      { name: 'high', durationMs: 2000, target: 8, rampMs: 0 },
    ],
  }),
);

function delta(latenciesMs: number[]): string {
  const h = createHistogram();
  for (const ms of latenciesMs) recordUs(h, ms * 1000);
  return encodeHistogram(h);
}

describe('progress', () => {
  it('adds up generators and reports the stage so far: req/s since the last snapshot, p95, errors', () => {
    const tracker = new ProgressTracker(timeline, 2, 0);
    const counts = (requests: number, errors: number) => ({
      ...emptyCounts(),
      requests,
      ok: requests - errors,
      errors,
    });
    tracker.add(0, [{ stageIndex: 1, counts: counts(100, 2), latencyDelta: delta(Array(98).fill(10)) }]);
    tracker.add(1, [
      {
        stageIndex: 1,
        counts: counts(100, 0),
        latencyDelta: delta([...Array(90).fill(10), ...Array(10).fill(50)]),
      },
    ]);
    const snapshot = tracker.snapshot(2_000_000); // 2 s into the run: 1 s into `low`
    expect(snapshot).toMatchObject({
      stageName: 'low',
      stageIndex: 1,
      stageCount: 3,
      measured: true,
      stageElapsedMs: 1000,
      runElapsedMs: 2000,
      runDurationMs: 5000,
      requests: 200,
      errors: 2,
      recentRps: 100,
    });
    expect(snapshot.p95Ms).toBeCloseTo(50, 0);
    expect(formatProgressLine(snapshot)).toBe('[low 2/3]  1s/2s  100.0 req/s  p95 50.0 ms  errors 2 (1.0 %)');
    expect(formatProgressBar(snapshot, 10)).toMatch(/^████░░░░░░ {2}40% \[low 2\/3\]/);
    const warmup = tracker.snapshot(500_000);
    expect(formatProgressLine(warmup)).toMatch(/^\[warmup \(not measured\) 1\/3\]/);
  });

  it('logs lines, or redraws one line on a terminal and ends it', () => {
    const logger = memoryLogger();
    const snapshot = new ProgressTracker(timeline, 1, 0).snapshot(1_500_000);
    logProgress(logger).show(snapshot);
    expect(logger.lines).toEqual(['[low 2/3]  500ms/2s  0.0 req/s  p95 0.0 ms  errors 0 (0.0 %)']);
    const written: string[] = [];
    const stream = { write: (text: string) => written.push(text) } as unknown as NodeJS.WritableStream;
    const bar = barProgress(stream);
    bar.show(snapshot);
    bar.show(snapshot);
    bar.done();
    expect(written).toHaveLength(3);
    expect(written[0]?.startsWith('\r\u001b[2K')).toBe(true);
    expect(written[2]).toBe('\n');
  });
});
