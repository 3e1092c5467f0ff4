import {
  CreateEndpointCommand,
  DeleteEndpointCommand,
  DescribeEndpointCommand,
  waitUntilEndpointDeleted,
  waitUntilEndpointInService,
} from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type ScenarioInput } from '../../src/emulator/index.js';
import { closedLoop, quantile } from './closed-loop.js';
import { startHarness, type Harness } from './support.js';

const scenario: ScenarioInput = {
  'instance-profiles': { 'ml.c5.xlarge': { workers: 8, median: '10ms', sigma: 0 } },
  models: { m: {} },
  endpoints: {
    stally: { variants: [{ model: 'm', 'instance-type': 'ml.c5.xlarge' }] },
    calm: { variants: [{ model: 'm', 'instance-type': 'ml.c5.xlarge' }] },
  },
  noise: {
    drift: '10%',
    stalls: [{ every: '500ms', duration: '200ms', offset: '300ms', endpoint: 'stally' }],
  },
  faults: { deletion: [{ endpoint: 'calm', 'extra-delay': '400ms' }] },
};

describe('noise: stalls, drift, slow deletes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ scenario, seed: 21, lifecycle: { createDelayMs: 50, deleteDelayMs: 50 } });
  });
  afterAll(() => h.close());

  it('freezes the workers of a stalled endpoint periodically', async () => {
    const stalled = await closedLoop({
      url: h.emulator.url,
      endpoint: 'stally',
      concurrency: 4,
      durationMs: 1300,
    });
    const max = Math.max(...stalled.latenciesMs);
    console.log(`stalls: p50 ${quantile(stalled.latenciesMs, 0.5).toFixed(1)} ms, max ${max.toFixed(1)} ms`);
    expect(max).toBeGreaterThan(195);
    expect(max).toBeLessThan(350); // one stall (200 ms) plus one service time, with room for a busy machine
    const calm = await closedLoop({ url: h.emulator.url, endpoint: 'calm', concurrency: 4, durationMs: 600 });
    expect(Math.max(...calm.latenciesMs)).toBeLessThan(150);
  });

  it('draws a drift factor per endpoint creation, repeatably for a seed', async () => {
    const first = h.emulator.endpoint('stally')?.driftFactor ?? 1;
    const other = h.emulator.endpoint('calm')?.driftFactor ?? 1;
    expect(first).not.toBe(1);
    expect(first).not.toBe(other);
    expect(h.emulator.endpoint('stally')?.variants[0]?.serviceTime.medianUs).toBeCloseTo(10_000 * first, 6);
    const twin = await startEmulator({ scenario, seed: 21 });
    expect(twin.endpoint('stally')?.driftFactor).toBe(first);
    await twin.close();
    // A re-created endpoint draws again.
    await h.sagemaker.send(new DeleteEndpointCommand({ EndpointName: 'stally' }));
    await waitUntilEndpointDeleted(
      { client: h.sagemaker, minDelay: 0.05, maxDelay: 0.1, maxWaitTime: 5 },
      { EndpointName: 'stally' },
    );
    await h.sagemaker.send(
      new CreateEndpointCommand({ EndpointName: 'stally', EndpointConfigName: 'stally-config' }),
    );
    await waitUntilEndpointInService(
      { client: h.sagemaker, minDelay: 0.05, maxDelay: 0.1, maxWaitTime: 5 },
      { EndpointName: 'stally' },
    );
    expect(h.emulator.endpoint('stally')?.driftFactor).not.toBe(first);
  });

  it('keeps a slow-deleting endpoint in Deleting for the extra time', async () => {
    await h.sagemaker.send(new DeleteEndpointCommand({ EndpointName: 'calm' }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      (await h.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'calm' }))).EndpointStatus,
    ).toBe('Deleting');
    await waitUntilEndpointDeleted(
      { client: h.sagemaker, minDelay: 0.05, maxDelay: 0.1, maxWaitTime: 5 },
      { EndpointName: 'calm' },
    );
    expect(h.emulator.resources().endpoints.map((e) => e.name)).not.toContain('calm');
  });
});
