import { describe, expect, it } from 'vitest';
import { renderReportMarkdown } from '../../src/report/markdown/comment.js';
import { stageSummaryTable, stageTable } from '../../src/report/markdown/stage-tables.js';
import { makeResult, makeVerdict } from './fixtures.js';

function result(goodput: boolean) {
  const r = makeResult({
    seed: 9,
    stages: [{ name: 'peak', target: 8, durationS: 4, rps: 50, medianMs: 20 }],
  });
  if (goodput) {
    const stats = r.stages[0]!.stats;
    stats.goodRequests = Math.round(stats.ok * 0.6);
    stats.goodputRps = stats.goodRequests / (stats.elapsedMs / 1000);
  }
  return r;
}

describe('goodput in the stage tables', () => {
  it('has its own row, gated, and a column in the compact table, when slo.request was set', () => {
    const r = result(true);
    const input = {
      result: r,
      verdict: makeVerdict(r, {
        state: 'regression',
        headline: 'goodput −40.0 % at stage peak (tolerance 10.0 %, noise ±3.0 %)',
        overrides: { peak: { goodput: { baseline: 50, state: 'regression' } } },
      }),
      history: [],
    };
    const row = stageTable(input, r.stages[0]!).rows.find((cells) => cells[0]?.text.startsWith('Goodput'));
    expect(row?.map((c) => c.text)).toEqual([
      'Goodput (met slo.request)',
      '50.0 req/s',
      expect.stringMatching(/req\/s$/),
      expect.stringMatching(/^−/),
      expect.any(String),
      '−10.0 %',
      '❌',
    ]);
    expect(stageSummaryTable(input, 10).headers).toContain('Goodput (Δ)');
    const markdown = renderReportMarkdown(input);
    expect(markdown).toContain('Goodput (met slo.request)');
    expect(markdown).toContain('goodput −40.0 % at stage peak');
  });

  it('is absent without slo.request', () => {
    const r = result(false);
    const input = { result: r, verdict: makeVerdict(r, { state: 'pass', headline: 'pass' }), history: [] };
    expect(stageTable(input, r.stages[0]!).rows.map((cells) => cells[0]?.text)).not.toContain(
      'Goodput (met slo.request)',
    );
    expect(stageSummaryTable(input, 10).headers).not.toContain('Goodput (Δ)');
  });
});
