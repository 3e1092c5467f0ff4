/**
 * The verdict as plain terminal text (the CLI's `compare` output): headline, one aligned row per
 * stage and metric, SLO checks and notes. Pure; the PR comment's markdown lives in src/report.
 */
import type { Verdict } from '../compare/verdict.js';
import { metricSpec } from '../compare/metric-spec.js';
import { formatChange, formatMagnitude, formatValue } from '../compare/reason-text.js';

/** Lines of text for a terminal. */
export function verdictText(verdict: Verdict): string[] {
  const lines = [`${verdict.state.toUpperCase()}: ${verdict.headline}`];
  const b = verdict.baseline;
  lines.push(
    `scenario ${b.scenarioKey} · ${b.mode} mode · ${b.runs.length} baseline run(s)` +
      (b.mergeBaseFound ? ' (merge-base result included)' : '') +
      ` · confidence per gated metric ${(verdict.correctedConfidence * 100).toFixed(2)} %`,
  );
  const rows: string[][] = [
    ['stage', 'metric', 'baseline', 'current', 'change', 'noise', 'tolerance', 'state'],
  ];
  for (const stage of verdict.stages) {
    for (const m of stage.metrics) {
      const spec = metricSpec(m.metric);
      rows.push([
        stage.stage,
        m.gated ? m.metric : `${m.metric} (reported)`,
        m.baseline === null ? '—' : formatValue(spec, m.baseline),
        formatValue(spec, m.current),
        m.delta === null ? '—' : formatChange(spec, m.delta),
        m.noiseBand === null ? '—' : `±${formatMagnitude(spec, m.noiseBand)}`,
        m.tolerance === null ? '—' : formatMagnitude(spec, m.tolerance),
        m.state,
      ]);
    }
  }
  lines.push('', ...alignColumns(rows));
  const explained = verdict.stages.flatMap((s) =>
    s.metrics
      .filter((m) => m.gated && m.state !== 'pass')
      .map((m) => `  ${s.stage} ${m.metric}: ${m.reason}${m.advice ? `. To tighten: ${m.advice}` : ''}`),
  );
  if (explained.length) lines.push('', ...explained);
  if (verdict.slos.length) {
    lines.push('', 'SLOs:');
    for (const slo of verdict.slos) {
      const spec = metricSpec(
        slo.metric === 'min-throughput' ? 'throughput' : slo.metric === 'error-rate' ? 'error-rate' : 'p95',
      );
      const relation = slo.metric === 'min-throughput' ? '≥' : '≤';
      lines.push(
        `  ${slo.passed ? 'ok    ' : 'BREACH'} ${slo.scope} ${slo.metric} ${formatValue(spec, slo.actual)} (limit ${relation} ${formatValue(spec, slo.limit)})`,
      );
    }
  }
  if (verdict.notes.length) lines.push('', 'Notes:', ...verdict.notes.map((n) => `  - ${n}`));
  lines.push('', verdict.failed ? 'The check fails.' : 'The check passes.');
  return lines;
}

function alignColumns(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, c) => cell + ' '.repeat(Math.max(0, (widths[c] ?? 0) - [...cell].length)))
      .join('  ')
      .trimEnd(),
  );
}
