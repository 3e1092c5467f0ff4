import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import type { ScenarioInput } from '../../src/emulator/index.js';
import { createInvoker } from '../../src/load/invoke/create-invoker.js';
import type { InvocationSpec, InvokerKind } from '../../src/load/invoke/invoker.js';
import type { Outcome } from '../../src/load/invoke/outcome.js';
import { startCaptureServer } from './capture-server.js';
import { startTestEmulator, invocationSpec, jsonBody } from './harness.js';

const scenario: ScenarioInput = {
  'instance-profiles': {
    'ml.m5.xlarge': { median: '1ms', sigma: 0, workers: 4 },
    'ml.m5.large': { median: '400ms', sigma: 0, workers: 4 },
  },
  streaming: { 'inter-token': '1ms', 'inter-token-sigma': 0, tokens: 5, 'split-parts': true },
  models: {
    plain: {},
    gen: {
      environment: { EMULATOR_RESPONSE: 'generate', EMULATOR_TTFT_MS: '1', EMULATOR_STREAM_FORMAT: 'sse' },
    },
  },
  endpoints: {
    faulty: { variants: [{ model: 'plain', 'instance-type': 'ml.m5.xlarge' }] },
    streaming: { variants: [{ model: 'gen', 'instance-type': 'ml.m5.xlarge' }] },
    slow: { variants: [{ model: 'plain', 'instance-type': 'ml.m5.large' }] },
  },
  faults: {
    invocation: [
      {
        endpoint: 'faulty',
        throttle: '10%',
        'service-unavailable': '8%',
        'internal-failure': '8%',
        'model-not-ready': '8%',
        'model-error': '15%',
        'model-error-status': 503,
      },
      {
        endpoint: 'streaming',
        'stream-error': '15%',
        'internal-stream-failure': '10%',
        'in-band-error': '15%',
        throttle: '10%',
      },
    ],
  },
};

const body = jsonBody({ inputs: 'a b c' });

const spec = invocationSpec;

async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** What must agree between invokers: the class and everything the result reports about it. */
function comparable(o: Outcome) {
  const transport = o.outcome === 'network';
  return {
    outcome: o.outcome,
    statusCode: o.statusCode,
    originalStatus: o.originalStatus,
    message: transport ? undefined : o.message,
    tokens: o.stream
      ? [o.stream.tokenEvents, o.stream.serverTokens, o.stream.firstTokenUs !== undefined]
      : undefined,
  };
}

async function runScenario(kind: InvokerKind, deadUrl: string) {
  const emulator = await startTestEmulator(scenario, 42);
  const deps = {
    monotonicUs: systemClock.monotonicUs,
    nowMs: systemClock.nowMs,
    credentials: () => ({ accessKeyId: 'A', secretAccessKey: 'S' }),
    maxConnections: 2,
  };
  const calls: [InvocationSpec, number][] = [
    [spec(emulator.url, 'faulty'), 150],
    [spec(emulator.url, 'streaming', { stream: true }), 80],
    [spec(emulator.url, 'no-such-endpoint'), 2],
    [spec(emulator.url, 'faulty', { targetVariant: 'Nope' }), 2],
    [spec(emulator.url, 'slow', { timeoutMs: 100 }), 2],
    [spec(emulator.url, 'streaming', { stream: true, expect: { status: 200, nonEmpty: true, json: [] } }), 1],
    [spec(deadUrl, 'faulty'), 2],
  ];
  const outcomes: ReturnType<typeof comparable>[] = [];
  try {
    for (const [s, times] of calls) {
      const invoker = createInvoker(kind, s, deps);
      for (let i = 0; i < times; i++) outcomes.push(comparable(await invoker.invoke(body)));
      await invoker.close();
    }
    return { outcomes, served: emulator.allOutcomes() };
  } finally {
    await emulator.close();
  }
}

describe('fast invoker vs the SDK client (reference)', () => {
  it('classify the same emulator scenario identically: successes, every error class, streaming', async () => {
    const deadUrl = await closedPort();
    const fast = await runScenario('fast', deadUrl);
    const sdk = await runScenario('sdk', deadUrl);
    expect(fast.served).toEqual(sdk.served); // the emulator saw the same requests
    expect(fast.outcomes).toEqual(sdk.outcomes);
    const classes = new Set(fast.outcomes.map((o) => o.outcome));
    for (const c of [
      'ok',
      'throttled',
      'model_error',
      'validation',
      'not_ready',
      'service_unavailable',
      'internal_failure',
      'timeout',
      'network',
      'stream_error',
      'in_band_stream_error',
    ]) {
      expect(classes, c).toContain(c);
    }
  }, 60_000);

  it('send the same request: path, headers and body', async () => {
    const capture = await startCaptureServer();
    try {
      const sent = [];
      for (const kind of ['fast', 'sdk'] as const) {
        for (const stream of [false, true]) {
          capture.requests.length = 0;
          const invoker = createInvoker(
            kind,
            spec(capture.url, 'ep-1', {
              stream,
              customAttributes: 'k=v',
              targetVariant: 'Blue',
              targetContainer: 'c2',
              inferenceComponent: 'ic',
              accept: 'text/plain',
            }),
            {
              monotonicUs: systemClock.monotonicUs,
              nowMs: systemClock.nowMs,
              credentials: () => ({ accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 'T' }),
              maxConnections: 1,
            },
          );
          await invoker.invoke({ ...body, targetModel: 'm.tar.gz' });
          await invoker.close();
          const r = capture.requests[0];
          if (!r) throw new Error('nothing captured');
          const keep = Object.entries(r.headers).filter(
            ([k]) =>
              k.startsWith('x-amzn-sagemaker-') ||
              ['content-type', 'accept', 'host', 'x-amz-security-token'].includes(k),
          );
          sent.push({
            stream,
            path: r.path,
            body: r.body.toString(),
            headers: Object.fromEntries(keep.sort()),
          });
        }
      }
      expect(sent[0]).toEqual(sent[2]);
      expect(sent[1]).toEqual(sent[3]);
      expect(sent[1]?.headers).toMatchObject({ 'x-amzn-sagemaker-accept': 'text/plain' });
      expect(sent[0]?.headers).toMatchObject({
        'x-amzn-sagemaker-target-model': 'm.tar.gz',
        'x-amz-security-token': 'T',
      });
    } finally {
      await capture.close();
    }
  });
});
