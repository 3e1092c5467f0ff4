/**
 * The instance comparison through the gate in process (what the CLI runs), with the real SDK clients
 * against the emulator: three instance types whose capacities differ (profiles set here, so the
 * analytic truth of src/emulator/capacity/knee.ts is known) are deployed, searched and torn down one
 * after another; result.json carries one comparison row per type and the recommendation, the report a
 * table, and nothing is left deployed. The guardrails refuse the set before anything is created.
 *
 * One real comparison serves both recommendation rules: the gate's own run recommends by cost per 1M
 * requests (no expected load), and the rule for `load.capacity.expected-load` is checked by the pure
 * row builder the gate calls (src/cost/comparison-rows.ts) on that run's measured capacities.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config/parse.js';
import { comparisonRows, type MeasuredType } from '../../src/cost/comparison-rows.js';
import { UserInputError } from '../../src/core/errors.js';
import { queueProfileFor, trueCapacity } from '../../src/emulator/capacity/knee.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runGate } from '../../src/gate/run-gate.js';
import { resultDocumentSchema } from '../../src/result/document.js';
import { emulatorGateDeps, gateContext } from '../support/gate-deps.js';
import { runLeftovers } from '../support/emulator-fixtures.js';

// Truths: 4, 9 and 22 users (a closed loop's capacity in users does not change when the service
// times and the SLO are scaled together; they are long here next to a busy machine's delays, which
// `max-client-delay` accepts). At most about 70 req/s at any probe (8 workers at 120 ms on g5), so
// the in-process generator and emulator stay far from what a loaded machine can serve.
const SLO_P95_MS = 400;
const PROFILES = {
  'ml.m5.xlarge': { median: 240, sigma: 0.2, workers: 4, queue: 64 },
  'ml.c5.xlarge': { median: 240, sigma: 0.2, workers: 8, queue: 64 },
  'ml.g5.xlarge': { median: 120, sigma: 0.2, workers: 8, queue: 64 },
} as const;
type InstanceType = keyof typeof PROFILES;
const TYPES = Object.keys(PROFILES) as InstanceType[];

function truth(type: InstanceType): number {
  const p = PROFILES[type];
  const model = queueProfileFor({
    workersPerInstance: p.workers,
    queuePerInstance: p.queue,
    serviceTimeMedianMs: p.median,
    serviceTimeSigma: p.sigma,
  });
  return trueCapacity(model, { p95Ms: SLO_P95_MS }, 'concurrency').limit;
}

let emulator: RunningEmulator;
const savedEnv = { ...process.env };
const dir = mkdtempSync(join(tmpdir(), 'instance-comparison-'));

beforeAll(async () => {
  emulator = await startEmulator({
    lifecycle: { createDelayMs: 200, updateDelayMs: 200, deleteDelayMs: 100 },
    scenario: {
      'instance-profiles': Object.fromEntries(
        TYPES.map((t) => {
          const p = PROFILES[t];
          return [t, { median: `${p.median}ms`, sigma: p.sigma, workers: p.workers, queue: p.queue }];
        }),
      ),
    },
  });
  Object.assign(process.env, emulator.env);
});
afterAll(async () => {
  await emulator.close();
  process.env = savedEnv;
});

function rawConfig(extra: { deploy?: object; guardrails?: object; capacity?: object } = {}) {
  return {
    endpoint: {
      region: 'us-east-1',
      deploy: {
        model: { image: 'emulator/model:1', environment: { EMULATOR_LATENCY_FACTOR: '1' } },
        'instance-types': TYPES,
        'poll-interval': '100ms',
        'wait-timeout': '20s',
        ...extra.deploy,
      },
    },
    request: { payloads: [{ json: { inputs: [1, 2] } }] },
    load: {
      mode: 'capacity',
      warmup: '300ms',
      workers: 2,
      'max-client-delay': '200ms',
      // Start 3 and short probes: four to seven probes per type bracket each truth within 10 %, which
      // leaves most of the tolerance below to a busy machine's delays. The budget only bounds a
      // type's search on a loaded machine; the searches normally end by themselves within it.
      capacity: {
        by: 'concurrency',
        start: 3,
        max: 32,
        probe: '600ms',
        resolution: '10%',
        budget: '20s',
        ...extra.capacity,
      },
    },
    slo: { p95: `${SLO_P95_MS}ms` },
    ...(extra.guardrails ? { guardrails: extra.guardrails } : {}),
    baseline: { store: 'file', path: 'baseline-comparison.json' },
    report: { 'output-dir': join(dir, 'out'), cloudwatch: false },
  };
}

function config(extra: Parameters<typeof rawConfig>[0] = {}): Config {
  return parseConfig(rawConfig(extra), { env: { GITHUB_WORKSPACE: dir } });
}

const context = () => gateContext('push', dir);

const deps = (runId: string) => emulatorGateDeps({ env: emulator.env, run: runId, seed: 5 });

/** Resources of a run still alive (Deleting ones are on their way out). */
const leftovers = (runId: string) => runLeftovers(emulator, runId);

describe('instance comparison through the gate', () => {
  it('searches each type in turn, orders and recommends them as the analytic capacities predict, and leaves nothing deployed', async () => {
    const d = deps('cmp-push');
    const cfg = config();
    const outcome = await runGate(cfg, context(), d.deps);
    if (outcome.kind !== 'judged') throw new Error('expected a judged run');
    const rows = outcome.result.comparison ?? [];
    const log = d.logger.lines.filter((l) => /capacity probe|comparison|budget/.test(l));
    expect(
      rows.map((r) => r.instanceType),
      log.join('\n'),
    ).toEqual(TYPES);
    const truths = TYPES.map(truth);
    // The truths differ by about 2× from type to type; a busy machine moves a found limit a little.
    for (const [i, row] of rows.entries()) {
      expect(row.limit, `${row.instanceType}: truth ${truths[i]}\n${log.join('\n')}`).not.toBeNull();
      expect(
        Math.abs((row.limit ?? 0) / (truths[i] ?? 1) - 1),
        `${row.instanceType}: found ${row.limit}, truth ${truths[i]}\n${log.join('\n')}`,
      ).toBeLessThanOrEqual(0.3);
      expect(row.hourlyUsd).toBeGreaterThan(0);
      expect(row.costPerMillionRequestsUsd).toBeGreaterThan(0);
      expect(row.p95Ms).toBeLessThanOrEqual(SLO_P95_MS * 1.2);
    }
    const limits = rows.map((r) => r.limit ?? 0);
    expect(limits[0], log.join('\n')).toBeLessThan(limits[1] ?? 0);
    expect(limits[1], log.join('\n')).toBeLessThan(limits[2] ?? 0);
    // Cheapest per 1M requests: c5 ($0.204/h for about twice m5's capacity; g5 costs $1.408/h for
    // at most twice c5's throughput).
    expect(rows.filter((r) => r.recommended).map((r) => r.instanceType)).toEqual(['ml.c5.xlarge']);
    expect(rows.every((r) => r.meetsExpectedLoad === undefined)).toBe(true);
    // The judged result is the recommended type's, and it is a valid result document.
    expect(outcome.result.target.instanceType).toBe('ml.c5.xlarge');
    resultDocumentSchema.parse(outcome.result);
    const written = JSON.parse(readFileSync(outcome.paths.resultPath, 'utf8')) as { comparison?: unknown[] };
    expect(written.comparison).toHaveLength(3);
    const report = readFileSync(join(dir, 'out', 'report.md'), 'utf8');
    expect(report).toContain('### Instance comparison');
    expect(report).toMatch(/Recommended: \*\*ml\.c5\.xlarge\*\*/);
    expect(report).toContain('1 × ml.g5.xlarge');
    expect(leftovers('cmp-push')).toEqual([]);
    expect(emulator.resources().endpoints.filter((e) => e.status !== 'Deleting')).toEqual([]);

    // load.capacity.expected-load, on the capacities this run measured: the rows the gate builds
    // (src/cost/comparison-rows.ts, called by src/gate/instance-comparison.ts with the config) with an
    // expected load of 12 users, which only g5 reaches (truths 4, 9, 22) within the SLO.
    const base = outcome.result.capacity;
    if (!base) throw new Error('expected a capacity result');
    const measured: MeasuredType[] = rows.map((r) => ({
      instanceType: r.instanceType,
      instanceCount: r.instanceCount,
      result: {
        ...outcome.result,
        capacity: {
          ...base,
          outcome: r.outcome,
          limit: r.limit,
          brokeAt: r.brokeAt ?? null,
          throughputRps: r.throughputRps,
          latency: r.p95Ms === null ? null : { p50Ms: r.p95Ms, p95Ms: r.p95Ms, p99Ms: r.p95Ms },
          probes: [],
          message: r.message,
        },
      },
    }));
    // The same rows as the gate's without an expected load (the reconstruction is faithful) ...
    expect(comparisonRows(measured, cfg)).toEqual(rows);
    // ... and with one, the cheapest type per hour that meets it.
    const withExpected = config({ capacity: { 'expected-load': 12 } });
    expect(withExpected.load.capacity?.expectedLoad).toBe(12);
    const expectedRows = comparisonRows(measured, withExpected);
    expect(
      expectedRows.map((r) => r.meetsExpectedLoad),
      log.join('\n'),
    ).toEqual([false, false, true]);
    expect(expectedRows.filter((r) => r.recommended).map((r) => r.instanceType)).toEqual(['ml.g5.xlarge']);
  }, 240_000);

  it('applies the guardrails to the whole set before anything is created (exit 2, naming the field)', async () => {
    const before = emulator.resources();
    const refused = async (extra: Parameters<typeof rawConfig>[0]) => {
      try {
        await runGate(config(extra), context(), deps('cmp-guard').deps);
      } catch (error) {
        if (error instanceof UserInputError) return error.issues.map((i) => `${i.field}: ${i.message}`);
        throw error;
      }
      throw new Error('expected a refusal');
    };
    expect(
      await refused({ guardrails: { 'allowed-instance-types': ['ml.m5.xlarge', 'ml.c5.xlarge'] } }),
    ).toEqual([
      expect.stringMatching(/^endpoint\.deploy\.instance-types: instance type "ml\.g5\.xlarge".*not allowed/),
    ]);
    // Each type alone is under $0.30; the three together are not.
    expect(await refused({ guardrails: { 'max-cost-usd': 0.3 } })).toEqual([
      expect.stringMatching(/^guardrails\.max-cost-usd: the run is estimated at \$0\.3\d, over the ceiling/),
    ]);
    expect(emulator.resources()).toEqual(before);
    expect(leftovers('cmp-guard')).toEqual([]);
  });
});
