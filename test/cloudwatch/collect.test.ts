/**
 * Server-side metrics end to end: load on the emulator, the unmodified CloudWatch client reading
 * GetMetricData from the emulator's CloudWatch surface, figures compared with what the emulator's
 * capacity model recorded per request (service time, queueing, busy workers).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { afterEach, describe, expect, it } from 'vitest';
import { collectServerMetrics } from '../../src/cloudwatch/collect.js';
import { systemClock } from '../../src/core/clock.js';
import { memoryLogger } from '../../src/core/logger.js';
import { cloudwatchControls } from '../../src/emulator/cloudwatch/handler.js';
import { instanceUtilization } from '../../src/emulator/metrics/utilization.js';
import type { ResultDocument } from '../../src/result/document.js';
import { closedLoop } from '../emulator/closed-loop.js';
import { startHarness, type Harness } from '../emulator/support.js';
import { makeResult } from '../report/fixtures.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs two closed-loop stages against `endpoint` and returns their wall-clock spans. */
async function runStages(
  h: Harness,
  endpoint: string,
  durationMs = 1800,
): Promise<{ startedAtMs: number; endedAtMs: number }[]> {
  await sleep(1000 - (Date.now() % 1000) + 20);
  const spans: { startedAtMs: number; endedAtMs: number }[] = [];
  for (const concurrency of [2, 6]) {
    const startedAtMs = Date.now();
    await closedLoop({ url: h.emulator.url, endpoint, concurrency, durationMs, staggerMs: 20 });
    spans.push({ startedAtMs, endedAtMs: Date.now() });
  }
  return spans;
}

function resultFor(
  endpoint: string,
  instanceType: string,
  spans: { startedAtMs: number; endedAtMs: number }[],
): ResultDocument {
  const doc = makeResult({
    instanceType,
    stages: spans.map((_, i) => ({ name: `c${i}`, target: 1, durationS: 1, rps: 1, medianMs: 1 })),
  });
  return {
    ...doc,
    target: { ...doc.target, endpointName: endpoint, variantName: 'AllTraffic' },
    stages: doc.stages.map((s, i) => ({ ...s, ...spans[i]! })),
  };
}

/** What the capacity model recorded for requests that finished inside [startMs, endMs). */
function modelFigures(h: Harness, endpoint: string, startMs: number, endMs: number) {
  const wall = (us: number) => h.emulator.context.time.wallMsAt(us);
  const records = h.emulator.requests(endpoint).filter((r) => {
    const done = wall(r.arrivalUs + r.residenceUs);
    return done >= startMs && done < endMs;
  });
  const mean = (values: number[]) => values.reduce((a, v) => a + v, 0) / values.length;
  let busyUs = 0;
  for (const r of h.emulator.requests(endpoint)) {
    const from = Math.max(wall(r.arrivalUs + r.queueUs), startMs);
    const to = Math.min(wall(r.arrivalUs + r.queueUs + r.serviceUs), endMs);
    if (to > from) busyUs += (to - from) * 1000;
  }
  const view = h.emulator.endpoint(endpoint)!.variants[0]!;
  return {
    invocations: records.length,
    modelLatencyMs: mean(records.map((r) => r.serviceUs)) / 1000,
    overheadLatencyMs: mean(records.map((r) => r.residenceUs - r.serviceUs)) / 1000,
    busyFraction: busyUs / ((endMs - startMs) * 1000 * view.workers),
    profile: h.emulator.settings.profiles[view.instanceType]!,
  };
}

describe('server metrics from CloudWatch (emulator)', () => {
  it('match the emulator’s capacity model within 5 % for each stage window', async () => {
    harness = await startHarness();
    const spans = await runStages(harness, 'demo');
    const cloudwatch = new CloudWatchClient({ maxAttempts: 1 });
    const collected = await collectServerMetrics(cloudwatch, resultFor('demo', 'ml.g5.xlarge', spans), {
      waitMs: 0,
      periodSeconds: 1,
      clock: systemClock,
      logger: memoryLogger(),
    });
    cloudwatch.destroy();
    for (const stage of collected.stages) {
      const m = stage.serverMetrics!;
      expect(m.status, m.message).toBe('ok');
      const model = modelFigures(harness, 'demo', m.windowStartMs, m.windowEndMs);
      expect(model.invocations).toBeGreaterThan(50);
      expect(m.metrics.Invocations?.sum).toBe(model.invocations);
      expect(m.metrics.InvocationsPerInstance?.sum).toBe(model.invocations);
      expect(m.metrics.Invocation5XXErrors?.sum).toBe(0);
      expect(m.metrics.ModelLatency?.average).toBeCloseTo(model.modelLatencyMs, 1);
      expect(Math.abs(m.metrics.ModelLatency!.average! / model.modelLatencyMs - 1)).toBeLessThan(0.05);
      expect(Math.abs(m.metrics.OverheadLatency!.average! - model.overheadLatencyMs)).toBeLessThan(
        Math.max(0.05 * model.overheadLatencyMs, 0.05),
      );
      const gpu = instanceUtilization('GPUUtilization', model.busyFraction, model.profile)!;
      const cpu = instanceUtilization('CPUUtilization', model.busyFraction, model.profile)!;
      expect(Math.abs(m.metrics.GPUUtilization!.average! / gpu - 1)).toBeLessThan(0.05);
      expect(Math.abs(m.metrics.CPUUtilization!.average! / cpu - 1)).toBeLessThan(0.05);
      expect(m.metrics.MemoryUtilization?.average).toBeGreaterThanOrEqual(30);
      expect(m.metrics.DiskUtilization?.average).toBe(12);
    }
    // More users, more busy time: the second stage's GPU is busier.
    const [low, high] = collected.stages.map((s) => s.serverMetrics!.metrics.GPUUtilization!.average!);
    expect(high).toBeGreaterThan(low!);
  });

  it('waits for late datapoints, and reports what never arrived', async () => {
    harness = await startHarness({
      scenario: {
        models: { m: { image: 'emulator/echo:latest' } },
        endpoints: {
          cpu: {
            variants: [
              { name: 'AllTraffic', model: 'm', 'instance-type': 'ml.c5.xlarge', 'instance-count': 1 },
            ],
          },
        },
      },
    });
    const spans = await runStages(harness, 'cpu', 600);
    const controls = cloudwatchControls(harness.emulator.context);
    const cloudwatch = new CloudWatchClient({ maxAttempts: 1 });
    const result = resultFor('cpu', 'ml.c5.xlarge', spans);
    // Datapoints appear 1.5 s after their period closes: the collector polls until they are all there.
    controls.publishDelayMs = 1500;
    const logger = memoryLogger();
    const waited = await collectServerMetrics(cloudwatch, result, {
      waitMs: 10_000,
      pollIntervalMs: 300,
      periodSeconds: 1,
      clock: systemClock,
      logger,
    });
    for (const stage of waited.stages) expect(stage.serverMetrics!.status).toBe('ok');
    expect(logger.lines.some((l) => l.includes('still incomplete'))).toBe(true);
    // A CPU instance publishes no GPU metrics; that is not waited for, just left out.
    expect(waited.stages[0]!.serverMetrics!.metrics.GPUUtilization).toBeUndefined();
    expect(waited.stages[0]!.serverMetrics!.metrics.CPUUtilization).toBeDefined();
    // A minute-long delay and no patience: nothing at all arrives.
    controls.publishDelayMs = 60_000;
    const impatient = await collectServerMetrics(cloudwatch, result, {
      waitMs: 0,
      periodSeconds: 1,
      clock: systemClock,
      logger: memoryLogger(),
    });
    const missing = impatient.stages[0]!.serverMetrics!;
    expect(missing.status).toBe('missing');
    expect(missing.message).toContain('CloudWatch had no datapoints for cpu/AllTraffic after waiting 0ms');
    cloudwatch.destroy();
  });

  it('records denied access on every stage and carries on', async () => {
    harness = await startHarness();
    cloudwatchControls(harness.emulator.context).denyAccess = true;
    const cloudwatch = new CloudWatchClient({ maxAttempts: 1 });
    const now = Date.now();
    const logger = memoryLogger();
    const result = resultFor('demo', 'ml.g5.xlarge', [
      { startedAtMs: now - 4000, endedAtMs: now - 2000 },
      { startedAtMs: now - 2000, endedAtMs: now },
    ]);
    const collected = await collectServerMetrics(cloudwatch, result, {
      waitMs: 60_000,
      clock: systemClock,
      logger,
    });
    cloudwatch.destroy();
    for (const stage of collected.stages) {
      expect(stage.serverMetrics).toMatchObject({ status: 'access-denied', metrics: {} });
      expect(stage.serverMetrics!.message).toMatch(
        /CloudWatch denied GetMetricData for demo\/AllTraffic \(User: .* is not authorized to perform: cloudwatch:GetMetricData/,
      );
    }
    expect(logger.lines.filter((l) => l.startsWith('warning: CloudWatch denied'))).toHaveLength(1);
  });
});
