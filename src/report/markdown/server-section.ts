/**
 * Server side, per stage, from CloudWatch: where the time went (model vs platform) and how busy the
 * instances were. Missing data or denied access is said plainly; it never hides the rest.
 */
import type { StageResult } from '../../result/document.js';
import type { ServerMetricName, ServerMetrics } from '../../result/server-metrics-schema.js';
import { formatDuration } from '../../core/duration.js';
import { formatCount, formatMs, formatPct } from '../format.js';
import type { ReportInput } from '../input.js';
import { cell, codeCell, tableToMarkdown, type TableModel } from '../table-model.js';
import { escapeInline } from './escape.js';

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
  // Hosting kinds (docs/endpoint-kinds.md); left out when the endpoint publishes none of them.
  {
    header: 'ModelSetupTime avg (max)',
    needs: ['ModelSetupTime'],
    cell: (m) => avgMax(m, 'ModelSetupTime', formatMs),
  },
  {
    header: 'No-capacity refusals',
    needs: ['NoCapacityInvocationFailures'],
    cell: (m) => sum(m, 'NoCapacityInvocationFailures'),
  },
  {
    header: 'Component CPU avg (max)',
    needs: ['CPUUtilizationNormalized'],
    cell: (m) => avgMax(m, 'CPUUtilizationNormalized', formatPct),
  },
  {
    header: 'Component memory',
    needs: ['MemoryUtilizationNormalized'],
    cell: (m) => avgMax(m, 'MemoryUtilizationNormalized', formatPct),
  },
  {
    header: 'Component GPU',
    needs: ['GPUUtilizationNormalized'],
    cell: (m) => avgMax(m, 'GPUUtilizationNormalized', formatPct),
  },
  {
    header: 'Component GPU memory',
    needs: ['GPUMemoryUtilizationNormalized'],
    cell: (m) => avgMax(m, 'GPUMemoryUtilizationNormalized', formatPct),
  },
  {
    header: 'Invocations per copy',
    needs: ['InvocationsPerCopy'],
    cell: (m) => sum(m, 'InvocationsPerCopy'),
  },
  {
    header: 'Concurrent per copy avg (max)',
    needs: ['ConcurrentRequestsPerCopy'],
    cell: (m) => avgMax(m, 'ConcurrentRequestsPerCopy', (v) => v.toFixed(1)),
  },
  {
    header: 'Backlog avg (max)',
    needs: ['ApproximateBacklogSize'],
    cell: (m) => avgMax(m, 'ApproximateBacklogSize', (v) => v.toFixed(1)),
  },
  {
    header: 'Backlog per instance avg (max)',
    needs: ['ApproximateBacklogSizePerInstance'],
    cell: (m) => avgMax(m, 'ApproximateBacklogSizePerInstance', (v) => v.toFixed(1)),
  },
  {
    header: 'Oldest request age avg (max)',
    needs: ['ApproximateAgeOfOldestRequest'],
    cell: (m) => avgMax(m, 'ApproximateAgeOfOldestRequest', formatMs),
  },
  {
    header: 'Backlog without capacity',
    needs: ['HasBacklogWithoutCapacity'],
    // The signal is 1 while requests wait with no instance: any period with it shows "yes".
    cell: (m) => {
      const max = m?.metrics.HasBacklogWithoutCapacity?.maximum;
      return max === undefined ? '—' : max > 0 ? 'yes' : 'no';
    },
  },
  {
    header: 'TimeInBacklog avg (max)',
    needs: ['TimeInBacklog'],
    cell: (m) => avgMax(m, 'TimeInBacklog', formatMs),
  },
  {
    header: 'TotalProcessingTime avg (max)',
    needs: ['TotalProcessingTime'],
    cell: (m) => avgMax(m, 'TotalProcessingTime', formatMs),
  },
  {
    header: 'Processed / failed',
    needs: ['InvocationsProcesssed', 'InvocationFailures'],
    cell: (m) => `${sum(m, 'InvocationsProcesssed')} / ${sum(m, 'InvocationFailures')}`,
  },
];

const GPU_METRICS: readonly ServerMetricName[] = ['GPUUtilization', 'GPUMemoryUtilization'];

type Collected = StageResult & { serverMetrics: ServerMetrics };

/** What CloudWatch gave for the run as a whole: nothing, a single problem, or a table. */
export type ServerOutcome =
  | { kind: 'not-collected' }
  | { kind: 'unavailable'; message: string }
  | { kind: 'table'; table: TableModel; notes: string[] };

/** The server-side figures as data, shared by the markdown and HTML reports. */
export function serverOutcome(input: ReportInput): ServerOutcome {
  const stages = input.result.stages;
  const collected = stages.filter((s): s is Collected => s.serverMetrics !== undefined);
  if (collected.length === 0) return { kind: 'not-collected' };
  const denied = collected.find((s) => s.serverMetrics.status === 'access-denied');
  if (denied)
    return { kind: 'unavailable', message: denied.serverMetrics.message ?? 'CloudWatch denied access.' };
  const failed = collected.filter(
    (s) => s.serverMetrics.status === 'error' || s.serverMetrics.status === 'missing',
  );
  if (failed.length === collected.length)
    return {
      kind: 'unavailable',
      message: failed[0]?.serverMetrics.message ?? 'CloudWatch returned no datapoints for the test window.',
    };
  const present = new Set(collected.flatMap((s) => Object.keys(s.serverMetrics.metrics)));
  const columns = COLUMNS.filter((c) => c.needs.length === 0 || c.needs.some((n) => present.has(n)));
  const rows = stages.map((stage) => {
    const m = stage.serverMetrics;
    const usable = m && m.status !== 'error' && m.status !== 'missing' ? m : undefined;
    const name = m && m.status !== 'ok' ? `${stage.name} (${m.status})` : stage.name;
    return [
      codeCell(name),
      ...columns.map((c) => cell(usable || c.needs.length === 0 ? c.cell(usable, stage) : '—')),
    ];
  });
  const table: TableModel = {
    headers: ['Stage', ...columns.map((c) => c.header)],
    align: ['l', ...columns.map(() => 'r' as const)],
    rows,
  };
  return { kind: 'table', table, notes: footnotes(collected, present) };
}

const NOT_COLLECTED =
  'CloudWatch metrics were not collected for this run (`report.cloudwatch` is off, or the query did not run).';

/** The server-side section. */
export function renderServerSection(input: ReportInput): string {
  const heading = '### Server side (CloudWatch)';
  const outcome = serverOutcome(input);
  if (outcome.kind === 'not-collected') return `${heading}\n\n${NOT_COLLECTED}`;
  if (outcome.kind === 'unavailable')
    return `${heading}\n\n⚠️ ${escapeInline(outcome.message, 500)} The gate carried on without server-side figures.`;
  const notes = outcome.notes.map((n) => `<sub>${escapeInline(n, 500)}</sub>`).join('<br>\n');
  return [heading, tableToMarkdown(outcome.table, 80), notes].filter(Boolean).join('\n\n');
}

function footnotes(collected: readonly Collected[], present: ReadonlySet<string>): string[] {
  const notes = [
    'ModelLatency is time inside the model container; OverheadLatency is SageMaker’s own routing and queueing; the client mean minus both is network and client time. Utilizations are summed over cores/GPUs (up to 100 % × count).',
  ];
  const periodMs = (collected[0]?.serverMetrics.periodSeconds ?? 60) * 1000;
  if (collected.some((s) => s.endedAtMs - s.startedAtMs < 2 * periodMs))
    notes.push(
      `CloudWatch reports ${formatDuration(periodMs)} periods, so short stages share datapoints with their neighbours.`,
    );
  const missingGpu = GPU_METRICS.filter((n) => !present.has(n));
  if (missingGpu.length > 0)
    notes.push(`Not published for this endpoint: ${missingGpu.join(', ')} (no GPU?).`);
  for (const stage of collected) {
    const { status, message } = stage.serverMetrics;
    if (status !== 'ok' && message) notes.push(`Stage ${stage.name}: ${message}`);
  }
  return notes;
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
