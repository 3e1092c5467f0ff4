/**
 * The generator side of `bench/loadgen.ts`, run as its own process (pinned to one core by the
 * parent). Modes:
 *   engine-closed URL USERS SECONDS INVOKER   closed loop through the engine (inline: one thread)
 *   sdk-loop      URL USERS SECONDS           the plain SDK client: USERS async loops of client.send
 *   engine-open   URL RATE SECONDS            open loop through the engine (latency, send lag)
 *   engine-rss    URL USERS SECONDS           closed loop, RSS sampled every second
 *   undici-open   URL RATE SECONDS            the reference for engine-open: a bare undici Pool sending
 *                                             the same unsigned body on the same schedule with the same
 *                                             waits, latency from the intended start — the floor any
 *                                             Node client reaches on this machine
 * Prints one JSON line with what it measured (CPU per call from this process's own CPU time).
 */
import { Agent } from 'node:http';
import { Pool } from 'undici';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { computeScenario } from '../src/baseline/scenario-key.js';
import { parseConfig } from '../src/config/parse.js';
import { runLoadTest } from '../src/load/engine/run-load-test.js';
import type { InvokerKind } from '../src/load/invoke/invoker.js';
import { waitUntil } from '../src/load/generator/precise-wait.js';

const [mode = '', url = '', amountText = '', secondsText = '', invoker = 'fast'] = process.argv.slice(2);
const amount = Number(amountText);
const seconds = Number(secondsText);
const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };
const BODY = '{"inputs":[1,2,3]}';

function engineConfig(load: Record<string, unknown>) {
  return parseConfig(
    {
      endpoint: { name: 'bench', region: 'us-east-1' },
      request: { payloads: [{ json: JSON.parse(BODY) as unknown }] },
      load,
    },
    { env: {} },
  );
}

async function engine(load: Record<string, unknown>) {
  const cpu = process.cpuUsage();
  const result = await runLoadTest(
    engineConfig(load),
    { credentials: async () => credentials, env: {} },
    {
      scenarioFor: (digest) => computeScenario(engineConfig(load), digest),
      threads: 'inline',
      preflight: false,
      endpointUrl: url,
      invoker: invoker as InvokerKind,
    },
  );
  const used = process.cpuUsage(cpu);
  const stage = result.stages[0];
  if (!stage) throw new Error('no stage');
  return { result, stage, cpuUs: used.user + used.system };
}

async function main(): Promise<unknown> {
  if (mode === 'engine-closed') {
    // A short run first so the measured one runs JIT-compiled code.
    await engine({ mode: 'concurrency', warmup: '0s', stages: [{ duration: '1s', target: amount }] });
    const { stage, cpuUs } = await engine({
      mode: 'concurrency',
      warmup: '0s',
      stages: [{ duration: `${seconds}s`, target: amount }],
    });
    return {
      callsPerSec: stage.stats.completionRps,
      errors: stage.stats.errors,
      cpuUsPerCall: cpuUs / stage.stats.requests,
      p50Ms: stage.stats.latency.p50Ms,
      p99Ms: stage.stats.latency.p99Ms,
    };
  }
  if (mode === 'engine-open') {
    const { stage, result } = await engine({
      mode: 'arrival-rate',
      warmup: '1s',
      'max-in-flight': 1000,
      stages: [{ duration: `${seconds}s`, target: amount }],
    });
    return {
      startedAtMs: stage.startedAtMs,
      endedAtMs: stage.endedAtMs,
      requests: stage.stats.requests,
      dropped: stage.stats.dropped,
      errors: stage.stats.errors,
      p50Ms: stage.stats.latency.p50Ms,
      p99Ms: stage.stats.latency.p99Ms,
      p999Ms: stage.stats.latency.p999Ms,
      sendLagP99Ms: stage.stats.sendLag?.p99Ms,
      clientHealth: result.clientHealth,
    };
  }
  if (mode === 'engine-rss') {
    const samples: number[] = [];
    const timer = setInterval(() => samples.push(process.memoryUsage().rss), 1000);
    const { stage } = await engine({
      mode: 'concurrency',
      warmup: '0s',
      stages: [{ duration: `${seconds}s`, target: amount }],
    });
    clearInterval(timer);
    const mb = (bytes: number) => bytes / 1024 / 1024;
    // Baseline after the first few seconds (JIT, pools, first histograms), then the growth after it.
    const baseline = samples[Math.min(4, samples.length - 1)] ?? 0;
    return {
      requests: stage.stats.requests,
      rssBaselineMb: mb(baseline),
      rssEndMb: mb(samples.at(-1) ?? 0),
      rssMaxMb: mb(Math.max(...samples)),
      rssGrowthMb: mb(Math.max(...samples) - baseline),
    };
  }
  if (mode === 'undici-open') {
    const target = new URL(url);
    const pool = new Pool(target.origin, { connections: 1000, pipelining: 1 });
    const body = Buffer.from(BODY);
    const path = '/endpoints/bench/invocations';
    const monotonicUs = () => performance.now() * 1000;
    const gapUs = 1e6 / amount;
    const warmup = amount; // one second, as the engine's warm-up
    const latenciesMs: number[] = [];
    let pending = 0;
    const startUs = monotonicUs() + 100_000;
    const startedAtMs = Date.now() + 100 + 1000;
    for (let i = 0; i < warmup + amount * seconds; i++) {
      const intendedUs = startUs + i * gapUs;
      await waitUntil(intendedUs, monotonicUs);
      pending++;
      void pool
        .request({ path, method: 'POST', headers: { 'content-type': 'application/json' }, body })
        .then(async (res) => {
          await res.body.dump();
          if (i >= warmup) latenciesMs.push((monotonicUs() - intendedUs) / 1000);
        })
        .finally(() => pending--);
    }
    while (pending > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await pool.close();
    latenciesMs.sort((a, b) => a - b);
    const at = (q: number) =>
      latenciesMs[Math.min(latenciesMs.length - 1, Math.ceil(q * latenciesMs.length) - 1)];
    return {
      startedAtMs,
      endedAtMs: startedAtMs + seconds * 1000,
      requests: latenciesMs.length,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
    };
  }
  if (mode === 'sdk-loop') {
    const client = new SageMakerRuntimeClient({
      region: 'us-east-1',
      endpoint: url,
      maxAttempts: 1,
      credentials,
      requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: amount }) },
    });
    const body = Buffer.from(BODY);
    const send = () =>
      client.send(
        new InvokeEndpointCommand({ EndpointName: 'bench', Body: body, ContentType: 'application/json' }),
      );
    const loop = async (untilMs: number, count: { n: number }) => {
      while (performance.now() < untilMs) {
        await send();
        count.n++;
      }
    };
    await Promise.all(Array.from({ length: amount }, () => loop(performance.now() + 1000, { n: 0 }))); // warm-up
    const count = { n: 0 };
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(Array.from({ length: amount }, () => loop(started + seconds * 1000, count)));
    const elapsedS = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    client.destroy();
    return { callsPerSec: count.n / elapsedS, cpuUsPerCall: (used.user + used.system) / count.n };
  }
  throw new Error(`unknown mode "${mode}"`);
}

main().then(
  (out) => {
    process.stdout.write(`${JSON.stringify(out)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
