/**
 * Server side, per stage, from CloudWatch: where the time went (model vs platform) and how busy the
 * instances were. Missing data or denied access is said plainly; it never hides the rest.
 */
import { markdownTable } from 'markdown-table';
import type { StageResult } from '../../result/document.js';
import type { ServerMetricName, ServerMetrics } from '../../result/server-metrics-schema.js';
import { formatDuration } from '../../core/duration.js';
import { formatCount, formatMs, formatPct } from '../format.js';
import type { ReportInput } from '../input.js';
import { escapeInline, inlineCode } from './escape.js';

interface Column {
  header: string;
  /** Metrics the column needs; a column whose metrics no stage has is left out. */
  needs: readonly ServerMetricName[];
  /** `m` is undefined only for columns that need no metric. */
  cell: (m: ServerMetrics | undefined, stage: StageResult) => string;
}

const COLUMNS: readonly Column[] = [
  { header: 'Client mean', needs: [], cell: (_m, stage) => formatMs(stage.stats.latency.meanMs) },
  {
    header: 'ModelLatency avg (max)',
    needs: ['ModelLatency'],
    cell: (m) => avgMax(m, 'ModelLatency', formatMs),
  },
  {
    header: 'OverheadLatency avg (max)',
    needs: ['OverheadLatency'],
    cell: (m) => avgMax(m, 'OverheadLatency', formatMs),
  },
  {
    header: 'Invocations (client)',
    needs: ['Invocations'],
    cell: (m, stage) => `${sum(m, 'Invocations')} (${formatCount(stage.stats.requests)})`,
  },
  {
    header: '4XX / 5XX',
    needs: ['Invocation4XXErrors', 'Invocation5XXErrors'],
    cell: (m) => `${sum(m, 'Invocation4XXErrors')} / ${sum(m, 'Invocation5XXErrors')}`,
  },
  { header: 'CPU avg (max)', needs: ['CPUUtilization'], cell: (m) => avgMax(m, 'CPUUtilization', formatPct) },
  { header: 'Memory', needs: ['MemoryUtilization'], cell: (m) => avgMax(m, 'MemoryUtilization', formatPct) },
  { header: 'GPU', needs: ['GPUUtilization'], cell: (m) => avgMax(m, 'GPUUtilization', formatPct) },
  {
    header: 'GPU memory',
    needs: ['GPUMemoryUtilization'],
    cell: (m) => avgMax(m, 'GPUMemoryUtilization', formatPct),
  },
  { header: 'Disk', needs: ['DiskUtilization'], cell: (m) => avgMax(m, 'DiskUtilization', formatPct) },
];

const GPU_METRICS: readonly ServerMetricName[] = ['GPUUtilization', 'GPUMemoryUtilization'];

/** The server-side section. */
export function renderServerSection(input: ReportInput): string {
  const heading = '### Server side (CloudWatch)';
  const stages = input.result.stages;
  const collected = stages.filter(
    (s): s is StageResult & { serverMetrics: ServerMetrics } => s.serverMetrics !== undefined,
  );
  if (collected.length === 0)
    return `${heading}\n\nCloudWatch metrics were not collected for this run (\`report.cloudwatch\` is off, or the query did not run).`;
  const denied = collected.find((s) => s.serverMetrics.status === 'access-denied');
  if (denied)
    return `${heading}\n\n⚠️ ${escapeInline(denied.serverMetrics.message ?? 'CloudWatch denied access.', 500)} The gate carried on without server-side figures.`;
  const failed = collected.filter(
    (s) => s.serverMetrics.status === 'error' || s.serverMetrics.status === 'missing',
  );
  if (failed.length === collected.length) {
    const message =
      failed[0]?.serverMetrics.message ?? 'CloudWatch returned no datapoints for the test window.';
    return `${heading}\n\n⚠️ ${escapeInline(message, 500)} The gate carried on without server-side figures.`;
  }
  const present = new Set(collected.flatMap((s) => Object.keys(s.serverMetrics.metrics)));
  const columns = COLUMNS.filter((c) => c.needs.length === 0 || c.needs.some((n) => present.has(n)));
  const rows = stages.map((stage) => {
    const m = stage.serverMetrics;
    const name = `${inlineCode(stage.name, 60)}${m && m.status !== 'ok' ? ` ⚠️ ${m.status}` : ''}`;
    const usable = m && m.status !== 'error' && m.status !== 'missing' ? m : undefined;
    return [name, ...columns.map((c) => (usable || c.needs.length === 0 ? c.cell(usable, stage) : '—'))];
  });
  const table = markdownTable([['Stage', ...columns.map((c) => c.header)], ...rows], {
    align: ['l', ...columns.map(() => 'r' as const)],
    alignDelimiters: false,
  });
  return [heading, table, footnotes(collected, present)].filter(Boolean).join('\n\n');
}

function footnotes(
  collected: readonly (StageResult & { serverMetrics: ServerMetrics })[],
  present: ReadonlySet<string>,
): string {
  const notes = [
    'ModelLatency is time inside the model container; OverheadLatency is SageMaker’s own routing and queueing; the client mean minus both is network and client time. Utilizations are summed over cores/GPUs (up to 100 % × count).',
  ];
  const first = collected[0]?.serverMetrics;
  if (
    first &&
    collected.some(
      (s) =>
        s.serverMetrics.windowEndMs - s.serverMetrics.windowStartMs < 2 * first.periodSeconds * 1000 ||
        s.endedAtMs - s.startedAtMs < 2 * first.periodSeconds * 1000,
    )
  )
    notes.push(
      `CloudWatch reports ${formatDuration(first.periodSeconds * 1000)} periods, so short stages share datapoints with their neighbours.`,
    );
  const missingGpu = GPU_METRICS.filter((n) => !present.has(n));
  if (missingGpu.length > 0)
    notes.push(`Not published for this endpoint: ${missingGpu.join(', ')} (no GPU?).`);
  for (const stage of collected) {
    const { status, message } = stage.serverMetrics;
    if (status !== 'ok' && message)
      notes.push(`Stage ${inlineCode(stage.name, 60)}: ${escapeInline(message, 300)}`);
  }
  return notes.map((n) => `<sub>${n}</sub>`).join('<br>\n');
}

function avgMax(m: ServerMetrics | undefined, name: ServerMetricName, format: (v: number) => string): string {
  const value = m?.metrics[name];
  if (!value || value.average === undefined) return '—';
  return value.maximum === undefined
    ? format(value.average)
    : `${format(value.average)} (${format(value.maximum)})`;
}

function sum(m: ServerMetrics | undefined, name: ServerMetricName): string {
  const value = m?.metrics[name]?.sum;
  return value === undefined ? '—' : formatCount(value);
}
