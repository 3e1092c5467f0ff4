import { describe, expect, it } from 'vitest';
import {
  commentMarker,
  COMMENT_LIMIT_BYTES,
  renderComment,
  renderReportMarkdown,
  renderSummary,
  SUMMARY_LIMIT_BYTES,
} from '../../src/report/markdown/comment.js';
import { CASES, oversizeCase, passCase, regressionCase, streamingCase } from './cases.js';
import { expectGolden } from './golden.js';

/** Inside a code span GitHub shows text literally. */
function stripCodeSpans(markdown: string): string {
  return markdown.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, '');
}

/** Structural checks a broken comment would fail: balanced fences and details, intact tables. */
function expectWellFormed(markdown: string): void {
  const fences = markdown.split('\n').filter((l) => /^`{3,}/.test(l));
  expect(fences.length % 2, 'unbalanced code fences').toBe(0);
  const outsideCode = stripCodeSpans(markdown);
  expect((outsideCode.match(/<details>/g) ?? []).length).toBe(
    (outsideCode.match(/<\/details>/g) ?? []).length,
  );
  for (const line of markdown.split('\n').filter((l) => l.startsWith('|')))
    expect(line.endsWith('|'), line).toBe(true);
}

/** The comment without its hidden marker line: what the job summary must be. */
function withoutMarker(comment: string, scenarioKey: string): string {
  return comment.replace(`\n\n${commentMarker(scenarioKey)}`, '');
}

describe('PR comment (golden files) and job summary (the comment minus its marker)', () => {
  for (const [name, build] of Object.entries(CASES)) {
    it(`renders the ${name} case`, () => {
      const input = build();
      const comment = renderComment(input);
      const summary = renderSummary(input);
      expectGolden(`${name}.comment.md`, comment);
      // The summary is the comment without its marker; the oversize one is ~0.5 MB rendered in full
      // (the comment drops detail to fit), checked by size and shape.
      if (name !== 'oversize') expect(summary).toBe(withoutMarker(comment, input.result.scenario.key));
      else expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
      expect(Buffer.byteLength(comment)).toBeLessThanOrEqual(COMMENT_LIMIT_BYTES);
      expect(comment.trimEnd().endsWith(commentMarker(input.result.scenario.key))).toBe(true);
      expect(summary).not.toContain('<!-- sagemaker-perf-gate:comment');
      expectWellFormed(comment);
      expectWellFormed(summary);
    });
  }
});

describe('comment content', () => {
  it('opens with the verdict mark and the deciding number', () => {
    const comment = renderComment(regressionCase());
    expect(comment.split('\n')[0]).toBe(
      '## ❌ Regression — p95 +23.4 % at stage `peak` (tolerance +10 %, noise ±4.0 %)',
    );
  });

  it('shrinks an oversize report by dropping detail, and says so', () => {
    const input = oversizeCase();
    const full = renderReportMarkdown(input);
    const comment = renderComment(input);
    expect(Buffer.byteLength(full)).toBeGreaterThan(COMMENT_LIMIT_BYTES);
    expect(Buffer.byteLength(comment)).toBeLessThanOrEqual(COMMENT_LIMIT_BYTES);
    expect(comment).toContain('Some detail was left out');
    expect(comment.startsWith('## ❌ Regression')).toBe(true);
  });

  it('respects any smaller budget without breaking markdown', () => {
    const input = regressionCase();
    for (const maxBytes of [30_000, 12_000, 6_000, 3_000]) {
      const comment = renderComment(input, { maxBytes });
      expect(Buffer.byteLength(comment)).toBeLessThanOrEqual(maxBytes);
      expectWellFormed(comment);
    }
  });

  it('escapes endpoint-supplied text so it cannot open HTML, break tables or mention people', () => {
    const input = regressionCase();
    const stage = input.result.stages[1]!;
    stage.stats.errorsByClass.model_error!.sampleMessage = '</details><script>x</script> | @octocat ```';
    const comment = renderComment(input);
    const outsideCode = stripCodeSpans(comment);
    expect(comment).toContain('</details><script>x</script> \\| @octocat');
    expect(outsideCode).not.toContain('<script>');
    expect(outsideCode).not.toContain('@octocat');
    expectWellFormed(comment);
  });
});

describe('LLM charts', () => {
  it('time to first token and time per output token per stage, side by side; none for other runs', () => {
    const input = streamingCase();
    const report = renderReportMarkdown(input);
    const ttft = report.indexOf('title "Time to first token p95 per stage');
    const tpot = report.indexOf('title "Time per output token p95 per stage');
    expect(ttft).toBeGreaterThan(0);
    // The TPOT chart is the very next block after the TTFT one.
    expect(report.slice(ttft, tpot).match(/```mermaid/g)).toHaveLength(1);
    expect(renderReportMarkdown(passCase())).not.toMatch(
      /Time (to first token|per output token) p95 per stage/,
    );
  });

  it('a stage the verdict did not compare on TPOT still charts this run’s own TPOT', () => {
    const input = streamingCase();
    const verdict = {
      ...input.verdict,
      stages: input.verdict.stages.map((s) => ({
        ...s,
        metrics: s.metrics.filter((m) => m.metric !== 'tpot-p95'),
      })),
    };
    const report = renderReportMarkdown({ ...input, verdict });
    const tpots = input.result.stages.map((s) => Number(s.stats.streaming!.tpot!.p95Ms.toPrecision(4)));
    expect(report).toContain('title "Time per output token p95 per stage (this run)"');
    expect(report).toContain(`  bar [${tpots.join(', ')}]`);
  });
});
