import { describe, expect, it } from 'vitest';
import { renderComment, renderReportMarkdown } from '../../src/report/markdown/comment.js';
import { renderCapacitySection } from '../../src/report/markdown/capacity-section.js';
import { renderHtmlReport } from '../../src/report/html/page.js';
import { capacityCase, passCase } from './cases.js';

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

describe('report.html: the capacity and instance comparison sections', () => {
  it('shows the instance comparison and the capacity section before the overview', () => {
    const row = (instanceType: string, limit: number, hourlyUsd: number, recommended: boolean) => ({
      instanceType,
      instanceCount: 1,
      outcome: 'found' as const,
      limit,
      unit: 'rps' as const,
      throughputRps: limit,
      p95Ms: 450,
      hourlyUsd,
      costPerMillionRequestsUsd: (hourlyUsd / (limit * 3600)) * 1e6,
      meetsExpectedLoad: limit >= 30,
      recommended,
      message: `capacity ${limit} req/s`,
    });
    const input = capacityCase();
    input.result.comparison = [row('ml.c5.large', 12, 0.1, false), row('ml.c5.xlarge', 40, 0.2, true)];
    const html = renderHtmlReport(input);
    const order = ['<h2>Instance comparison</h2>', '<h2>Capacity at SLO', '<h2>Overview</h2>'].map((h) =>
      html.indexOf(h),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('Recommended: <strong>ml.c5.xlarge</strong> — the cheapest per hour that meets');
    expect(html).toContain('<td class="l">1 × ml.c5.xlarge</td>');
    expect(renderHtmlReport(passCase())).not.toContain('Capacity at SLO');
  });
});
