/**
 * Every ready config in examples/ parses with the real config parser, its payloads load (files
 * present and valid), and it shows what it is there to show.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeScenario } from '../../src/baseline/scenario-key.js';
import { loadConfigFile, type Config } from '../../src/config/parse.js';
import { loadPayloads } from '../../src/load/payloads/load-payloads.js';
import { loadRequestPayloads } from '../../src/load/payloads/request-payloads.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');

async function load(name: string): Promise<Config> {
  return loadConfigFile(join(EXAMPLES, name, 'perf-gate.yml'), {});
}

describe('examples/*/perf-gate.yml', () => {
  const names = readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((e) => e.isDirectory() && readdirSync(join(EXAMPLES, e.name)).includes('perf-gate.yml'))
    .map((e) => e.name);

  it('has the configs the README and docs point to', () => {
    expect(names.sort()).toEqual([
      'arrival-rate',
      'async',
      'candidate-deploy',
      'inference-component',
      'json-model',
      'llm-streaming',
      'llm-vllm-openai',
      'multi-model',
      'serverless',
    ]);
  });

  it('each hosting kind deploys as its kind, with the settings it needs', async () => {
    const component = await load('inference-component');
    expect(component.endpoint.deploy?.kind).toBe('inference-component');
    expect(component.endpoint.name).toBe('shared-ranker-host');
    expect(component.endpoint.deploy?.component).toMatchObject({ copies: 1, memoryMb: 4096, cpuCores: 2 });
    const serverless = await load('serverless');
    expect(serverless.endpoint.deploy?.serverless).toMatchObject({ memoryMb: 3072, maxConcurrency: 10 });
    expect(serverless.load.coldStart).toMatchObject({ idleMs: 0, timeoutMs: 180_000 });
    expect(serverless.compare.tolerance.coldStart).toBeCloseTo(0.5);
    const asyncConfig = await load('async');
    expect(asyncConfig.endpoint.deploy?.async?.outputPath).toBe('s3://perf-gate-async/outputs');
    expect(asyncConfig.request.asyncInputPath).toBe('s3://perf-gate-async/inputs');
  });

  it.each(names)('%s parses, and its payloads load', async (name) => {
    const config = await load(name);
    const payloads = await loadRequestPayloads(config.request, config.baseDir, config.workspaceDir);
    expect(payloads.payloads.length).toBeGreaterThan(0);
    expect(computeScenario(config, payloads.digest).key).toMatch(/^[0-9a-f]{16}$/);
  });

  it('json-model tests an existing endpoint with SLOs', async () => {
    const config = await load('json-model');
    expect(config.endpoint.name).toBe('fraud-scoring');
    expect(config.endpoint.deploy).toBeUndefined();
    expect(config.slo.all.p95Ms).toBe(250);
  });

  it('llm-streaming streams SSE chunks and gates time to first token', async () => {
    const config = await load('llm-streaming');
    expect(config.request).toMatchObject({ stream: true, streamFormat: 'sse' });
    expect(config.slo.all.ttftP95Ms).toBe(800);
  });

  it('llm-vllm-openai sends a seeded synthetic chat workload with usage, gates TTFT and measures goodput', async () => {
    const config = await load('llm-vllm-openai');
    expect(config.request).toMatchObject({ format: 'openai-chat', stream: true, streamFormat: 'openai' });
    expect(config.request.synthetic).toMatchObject({ inputTokens: { mean: 550, stddev: 150 }, seed: 7 });
    const payloads = await loadRequestPayloads(config.request, config.baseDir, config.workspaceDir);
    expect(payloads.payloads).toHaveLength(500);
    const first = payloads.payloads[0]?.body;
    expect(first?.kind === 'json' ? first.value : undefined).toMatchObject({
      stream_options: { include_usage: true },
    });
    expect(config.slo.all.ttftP95Ms).toBe(800);
    // Per-request SLOs: goodput counts the requests within them.
    expect(config.slo.request).toEqual({ latencyMs: undefined, ttftMs: 800, tpotMs: 50 });
  });

  it('multi-model names a target model per payload, weighted', async () => {
    const config = await load('multi-model');
    const payloads = await loadPayloads(config.request.payloads, config.baseDir, config.workspaceDir);
    expect(config.request.selection).toBe('weighted');
    expect(new Set(payloads.payloads.map((p) => p.targetModel)).size).toBe(3);
  });

  it('candidate-deploy clones an endpoint with overrides inside guardrails', async () => {
    const config = await load('candidate-deploy');
    expect(config.endpoint.deploy).toMatchObject({
      fromEndpoint: 'ranker-prod',
      instanceType: 'ml.g5.2xlarge',
      environment: { MAX_BATCH_SIZE: '8' },
    });
    expect(config.guardrails.allowedInstanceTypes).toContain('ml.g5.2xlarge');
    expect(config.guardrails.maxCostUsd).toBe(3);
  });

  it('arrival-rate is an open loop with Poisson arrivals and a per-stage SLO', async () => {
    const config = await load('arrival-rate');
    expect(config.load).toMatchObject({ mode: 'arrival-rate', arrivals: 'poisson', maxInFlight: 200 });
    expect(config.slo.stages['spike']?.p99Ms).toBe(3000);
  });
});
