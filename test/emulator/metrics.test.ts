import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { closedLoop } from './closed-loop.js';

describe('metrics store (what the CloudWatch surface serves)', () => {
  let emulator: RunningEmulator;
  let startMs: number;
  beforeAll(async () => {
    emulator = await startEmulator({
      seed: 4,
      scenario: {
        'instance-profiles': { 'ml.g5.xlarge': { workers: 4, median: '10ms', sigma: 0.2 } },
        models: { m: {} },
        endpoints: { gpu: { variants: [{ model: 'm', 'instance-count': 2 }] } },
      },
    });
    startMs = Date.now() - 1000;
    await closedLoop({ url: emulator.url, endpoint: 'gpu', concurrency: 4, requests: 200 });
    emulator.faults.addInvocationFaults({ endpoint: 'gpu', rates: { throttle: 1 } });
    await closedLoop({ url: emulator.url, endpoint: 'gpu', concurrency: 2, requests: 10 });
    emulator.faults.addInvocationFaults({
      endpoint: 'gpu',
      rates: { throttle: 0, modelError: 1, modelErrorStatus: 503 },
    });
    await closedLoop({ url: emulator.url, endpoint: 'gpu', concurrency: 2, requests: 6 });
  });
  afterAll(() => emulator.close());

  const query = (
    metric: Parameters<RunningEmulator['metrics']['query']>[0]['metric'],
    stat: 'Sum' | 'Average' | 'Maximum' | 'SampleCount',
  ) =>
    emulator.metrics.query({
      endpointName: 'gpu',
      variantName: 'AllTraffic',
      metric,
      stat,
      startMs,
      endMs: Date.now() + 1000,
      periodSec: 60,
    });

  it('counts invocations and errors by class', () => {
    expect(query('Invocations', 'Sum').values).toEqual([216]);
    expect(query('InvocationsPerInstance', 'Sum').values).toEqual([108]);
    expect(query('Invocation4XXErrors', 'Sum').values).toEqual([10]);
    expect(query('Invocation5XXErrors', 'Sum').values).toEqual([6]);
    expect(query('Invocation4XXErrors', 'Average').values[0]).toBeCloseTo(10 / 216, 9);
    expect(query('Invocations', 'Sum').timestampsMs).toEqual([startMs]);
  });

  it('reports ModelLatency in microseconds, equal to the recorded service times', () => {
    const served = emulator.requests('gpu').filter((r) => r.outcome === 'ok' || r.outcome === 'modelError');
    const meanUs = served.reduce((sum, r) => sum + r.serviceUs, 0) / served.length;
    expect(query('ModelLatency', 'SampleCount').values).toEqual([206]);
    expect(query('ModelLatency', 'Average').values[0]).toBeCloseTo(meanUs, 3);
    expect(query('ModelLatency', 'Average').values[0]).toBeGreaterThan(8_000);
    // Overhead (queueing + dispatch) is recorded for every request, in µs (well under a second).
    expect(query('OverheadLatency', 'SampleCount').values).toEqual([216]);
    expect(query('OverheadLatency', 'Average').values[0]).toBeLessThan(1_000_000);
  });

  it('derives utilization from busy worker time (GPU summed over devices)', () => {
    const gpu = query('GPUUtilization', 'Maximum').values[0] ?? -1;
    expect(gpu).toBeGreaterThan(0);
    expect(gpu).toBeLessThanOrEqual(100);
    expect(query('CPUUtilization', 'Average').values[0]).toBeGreaterThan(0);
    expect(emulator.metrics.listSeries()).toEqual([{ endpointName: 'gpu', variantName: 'AllTraffic' }]);
    expect(
      emulator.metrics.query({
        endpointName: 'none',
        metric: 'Invocations',
        stat: 'Sum',
        startMs,
        endMs: Date.now(),
        periodSec: 60,
      }),
    ).toEqual({
      timestampsMs: [],
      values: [],
    });
  });
});
