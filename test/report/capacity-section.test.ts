import { describe, expect, it } from 'vitest';
import { renderComment, renderReportMarkdown } from '../../src/report/markdown/comment.js';
import { renderCapacitySection } from '../../src/report/markdown/capacity-section.js';
import type { CapacityResult } from '../../src/result/capacity-schema.js';
import type { ReportInput } from '../../src/report/input.js';
import { passCase } from './cases.js';

function capacityCase(overrides: Partial<CapacityResult> = {}): ReportInput {
  const input = passCase();
  const probe = (
    load: number,
    outcome: 'meets' | 'breaks',
    p95Ms: number,
    throughputRps: number,
    why: string,
  ) => ({
    load,
    outcome,
    stages: [`probe-${load}rps`],
    p95Ms,
    throughputRps,
    goodputRps: throughputRps * (outcome === 'meets' ? 0.98 : 0.6),
    errorRate: 0,
    why,
  });
  const capacity: CapacityResult = {
    by: 'arrival-rate',
    unit: 'rps',
    outcome: 'found',
    limit: 40,
    brokeAt: 42,
    slo: { p95Ms: 500, errorRate: 0.01 },
    resolution: 0.05,
    throughputRps: 39.8,
    goodputRps: 39,
    latency: { p50Ms: 210, p95Ms: 482, p99Ms: 610 },
    probes: [
      probe(10, 'meets', 220, 10, '0.0 % of requests over 500 ms'),
      probe(20, 'meets', 260, 20, '0.1 % of requests over 500 ms'),
      probe(80, 'breaks', 2400, 44, '60 % of requests over 500 ms <script>@team</script>'),
      probe(40, 'meets', 482, 39.8, '3.9 % of requests over 500 ms'),
      probe(42, 'breaks', 540, 41, '7.2 % of requests over 500 ms'),
    ],
    message: 'Capacity 40 req/s: the SLO held at 40 and broke at 42 req/s.',
    budgetMs: 300_000,
    elapsedMs: 61_000,
    costPerMillionUsd: 9.64,
    ...overrides,
  };
  return { ...input, result: { ...input.result, capacity } };
}

describe('capacity section', () => {
  it('shows the figure, the knee chart with the SLO line and the probe table', () => {
    const text = renderCapacitySection(capacityCase());
    expect(text).toContain('### Capacity at SLO (p95 ≤ 500 ms)');
    expect(text).toContain(
      '**40 req/s** — throughput 39.8 req/s, goodput 39.0 req/s, p95 482 ms at the limit, $9.64 per 1M requests.',
    );
    // Loads ascending on the x axis; the SLO as a flat line next to p95.
    expect(text).toContain('x-axis ["10", "20", "40", "42", "80"]');
    expect(text).toContain('line [220, 260, 482, 540, 2400]');
    expect(text).toContain('line [500, 500, 500, 500, 500]');
    expect(text).toMatch(/\| 3 +\| 80 +\| ❌ breaks/);
    // Endpoint-derived text is escaped: no live HTML, no mentions.
    expect(text).not.toContain('<script>');
    expect(text).not.toMatch(/(^|[^`])@team/);
  });

  it('says plainly when no load met the SLO, or when the maximum was not enough', () => {
    const below = renderCapacitySection(
      capacityCase({ outcome: 'below-first-probe', limit: null, throughputRps: null, latency: null }),
    );
    expect(below).toContain('**No load met the SLO** (below first probe).');
    const above = renderCapacitySection(capacityCase({ outcome: 'above-maximum', brokeAt: null }));
    expect(above).toContain('**at least 40 req/s**');
  });

  it('is part of the comment and report.md, and absent for ordinary runs', () => {
    expect(renderComment(capacityCase())).toContain('### Capacity at SLO');
    expect(renderReportMarkdown(capacityCase())).toContain('| # | Load (req/s) |');
    expect(renderComment(passCase())).not.toContain('Capacity at SLO');
  });
});
