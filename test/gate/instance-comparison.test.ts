/** The comparison rows and the recommendation (src/gate/instance-comparison.ts), and their table. */
import { describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config/parse.js';
import { comparisonRows, type MeasuredType } from '../../src/gate/instance-comparison.js';
import type { ResultDocument } from '../../src/result/document.js';
import { comparisonTable, recommendationLine } from '../../src/report/markdown/comparison-section.js';
import { tableToMarkdown } from '../../src/report/table-model.js';

function config(expectedLoad?: number): Config {
  return parseConfig(
    {
      endpoint: {
        region: 'us-east-1',
        deploy: { model: { image: 'x' }, 'instance-types': ['ml.m5.xlarge', 'ml.g5.xlarge'] },
      },
      request: { payloads: [{ json: {} }] },
      load: {
        mode: 'capacity',
        capacity: { max: 64, ...(expectedLoad ? { 'expected-load': expectedLoad } : {}) },
      },
      slo: { p95: '100ms' },
    },
    { env: {} },
  );
}

function measured(instanceType: string, limit: number | null, throughputRps: number): MeasuredType {
  const capacity = {
    by: 'concurrency',
    unit: 'users',
    outcome: limit === null ? 'below-first-probe' : 'found',
    limit,
    brokeAt: null,
    slo: { p95Ms: 100, errorRate: 0.01 },
    resolution: 0.05,
    throughputRps: limit === null ? null : throughputRps,
    latency: limit === null ? null : { p50Ms: 50, p95Ms: 90, p99Ms: 95 },
    probes: [],
    message: `found ${limit}`,
    budgetMs: 1000,
    elapsedMs: 900,
  };
  return { instanceType, instanceCount: 1, result: { capacity, stages: [] } as unknown as ResultDocument };
}

describe('comparisonRows', () => {
  // m5: $0.23/h at 100 req/s ≈ $0.64 per 1M; g5: $1.408/h at 400 req/s ≈ $0.98 per 1M.
  const types = [measured('ml.m5.xlarge', 8, 100), measured('ml.g5.xlarge', 40, 400)];

  it('recommends the cheapest per 1M requests without an expected load', () => {
    const rows = comparisonRows(types, config());
    expect(rows.map((r) => r.recommended)).toEqual([true, false]);
    expect(rows[0]?.costPerMillionRequestsUsd).toBeCloseTo((0.23 / (100 * 3600)) * 1e6, 6);
    expect(rows[0]?.meetsExpectedLoad).toBeUndefined();
  });

  it('recommends the cheapest per hour that meets the expected load, else falls back to per 1M', () => {
    expect(comparisonRows(types, config(20)).map((r) => r.recommended)).toEqual([false, true]);
    const none = comparisonRows(types, config(50));
    expect(none.map((r) => r.meetsExpectedLoad)).toEqual([false, false]);
    expect(none.map((r) => r.recommended)).toEqual([true, false]);
    expect(recommendationLine(none)).toMatch(/no type met the expected load/);
  });

  it('never recommends a type that met the SLO at no load; the table says why', () => {
    const rows = comparisonRows(
      [measured('ml.m5.xlarge', null, 0), measured('ml.g5.xlarge', 40, 400)],
      config(),
    );
    expect(rows.map((r) => r.recommended)).toEqual([false, true]);
    const table = tableToMarkdown(comparisonTable(rows), 20);
    expect(table).toContain('| below first probe |');
    expect(table).toContain('⭐ recommended');
  });
});
