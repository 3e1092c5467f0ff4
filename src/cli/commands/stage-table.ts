/** The per-stage table `run` prints: one aligned text row per measured stage plus the overall row. */
import { formatDuration } from '../../core/duration.js';
import type { ResultDocument, StageStats } from '../../result/document.js';

const HEADER = [
  'stage',
  'target',
  'duration',
  'requests',
  'errors',
  'req/s',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'max ms',
  'dropped',
];

/** Renders the table (pure). */
export function formatStageTable(result: ResultDocument): string {
  const unit = result.load.mode === 'concurrency' ? 'users' : 'req/s';
  const rows = result.stages.map((s) => row(s.name, `${s.target} ${unit}`, s.plannedDurationMs, s.stats));
  const totalMs = result.stages.reduce((n, s) => n + s.plannedDurationMs, 0);
  rows.push(row('overall', '', totalMs, result.overall));
  const table = [HEADER, ...rows];
  const widths = HEADER.map((_, c) => Math.max(...table.map((r) => (r[c] ?? '').length)));
  return table
    .map((r) =>
      r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  '),
    )
    .join('\n');
}

function row(name: string, target: string, durationMs: number, stats: StageStats): string[] {
  const ms = (v: number) => v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2);
  const errors = stats.errors === 0 ? '0' : `${stats.errors} (${(stats.errorRate * 100).toFixed(1)}%)`;
  return [
    name,
    target,
    formatDuration(durationMs),
    String(stats.requests),
    errors,
    stats.throughputRps.toFixed(1),
    ms(stats.latency.p50Ms),
    ms(stats.latency.p95Ms),
    ms(stats.latency.p99Ms),
    ms(stats.latency.maxMs),
    String(stats.dropped),
  ];
}
