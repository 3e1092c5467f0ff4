/** What the page script draws: chart descriptions built from the run, its baseline and history. */
import type { CapacityResult } from '../../result/capacity-schema.js';
import type { StageResult } from '../../result/document.js';
import { kneeProbes, kneeSloMs, loadText, unitText } from '../markdown/capacity-section.js';
import { trendPoints } from '../markdown/charts.js';
import { comparedMetrics } from '../markdown/stage-tables.js';
import { baselineDocument, findStage, type ReportInput } from '../input.js';
import type { LegendEntry } from './elements.js';
import { stageSeries, type SeriesPoint } from './series.js';

export interface ChartSeries extends LegendEntry {
  kind: 'line' | 'bar';
  /** [x, y]; y null leaves a gap. Time charts: x in seconds; category charts: x is the index. */
  points: [number, number | null][];
}

export interface ChartSpec {
  id: string;
  caption: string;
  kind: 'time' | 'category';
  yLabel: string;
  categories: string[];
  series: ChartSeries[];
}

const PR = { p50: '#60a5fa', p95: '#1d4ed8', p99: '#1e1b4b', rps: '#1d4ed8' };
const BASE = { p50: '#fdba74', p95: '#ea580c', p99: '#7c2d12', rps: '#ea580c' };

function line(
  name: string,
  color: string,
  dashed: boolean,
  points: SeriesPoint[],
  y: (p: SeriesPoint) => number | null,
): ChartSeries {
  return { name, color, dashed, kind: 'line', points: points.map((p) => [p.tS, y(p)]) };
}

/** Latency percentiles and throughput over time for one stage, this run solid, baseline dashed. */
export function stageCharts(input: ReportInput, stage: StageResult, index: number): ChartSpec[] {
  const current = stageSeries(stage);
  const baselineStage = (() => {
    const doc = baselineDocument(input);
    return doc ? findStage(doc, stage.name) : undefined;
  })();
  const baseline = baselineStage ? stageSeries(baselineStage) : [];
  const latency: ChartSeries[] = [
    line('p50 this run', PR.p50, false, current, (p) => p.p50Ms),
    line('p95 this run', PR.p95, false, current, (p) => p.p95Ms),
    line('p99 this run', PR.p99, false, current, (p) => p.p99Ms),
  ];
  const throughput: ChartSeries[] = [line('this run', PR.rps, false, current, (p) => p.throughputRps)];
  if (baseline.length > 0) {
    latency.push(
      line('p50 baseline', BASE.p50, true, baseline, (p) => p.p50Ms),
      line('p95 baseline', BASE.p95, true, baseline, (p) => p.p95Ms),
      line('p99 baseline', BASE.p99, true, baseline, (p) => p.p99Ms),
    );
    throughput.push(line('baseline', BASE.rps, true, baseline, (p) => p.throughputRps));
  }
  return [
    {
      id: `stage-${index}-latency`,
      caption: 'Latency percentiles over time (ms)',
      kind: 'time',
      yLabel: 'ms',
      categories: [],
      series: latency,
    },
    {
      id: `stage-${index}-throughput`,
      caption: 'Throughput over time (req/s)',
      kind: 'time',
      yLabel: 'req/s',
      categories: [],
      series: throughput,
    },
  ];
}

/** p95 and throughput per stage (baseline vs this run) and the p95 trend over history. */
export function overviewCharts(input: ReportInput): ChartSpec[] {
  const stages = input.result.stages;
  const names = stages.map((s) => s.name);
  const bars = (metric: 'p95' | 'throughput'): ChartSeries[] => {
    const comparisons = stages.map((s) => comparedMetrics(input, s).find((m) => m.metric === metric));
    const series: ChartSeries[] = [];
    if (comparisons.some((m) => m?.baseline != null))
      series.push({
        name: 'baseline',
        color: BASE.p95,
        kind: 'bar',
        points: comparisons.map((m, i) => [i, m?.baseline ?? null]),
      });
    series.push({
      name: 'this run',
      color: PR.p95,
      kind: 'bar',
      points: comparisons.map((m, i) => [i, m?.current ?? null]),
    });
    return series;
  };
  const charts: ChartSpec[] = [
    {
      id: 'overview-p95',
      caption: 'p95 latency per stage (ms)',
      kind: 'category',
      yLabel: 'ms',
      categories: names,
      series: bars('p95'),
    },
    {
      id: 'overview-throughput',
      caption: 'Throughput per stage (req/s)',
      kind: 'category',
      yLabel: 'req/s',
      categories: names,
      series: bars('throughput'),
    },
  ];
  const last = stages.at(-1);
  const points = last ? trendPoints(input.history, last.name) : [];
  if (last && points.length > 0) {
    const categories = [...points.map((p) => p.label), 'this run'];
    const values = [...points.map((p) => p.p95Ms), last.stats.latency.p95Ms];
    charts.push({
      id: 'trend-p95',
      caption: `p95 at stage ${last.name}: default-branch history, then this run (ms)`,
      kind: 'category',
      yLabel: 'ms',
      categories,
      series: [{ name: 'p95', color: PR.p95, kind: 'line', points: values.map((v, i) => [i, v]) }],
    });
  }
  return charts;
}

const KNEE = { p95: '#1d4ed8', slo: '#dc2626', throughput: '#93c5fd', goodput: '#16a34a' };

/**
 * The knee of a capacity search (the same as the markdown's): p95 against load with the SLO as a
 * dashed line, and throughput bars with goodput as a line; one point per probed load, ascending.
 * Empty with fewer than two loads.
 */
export function capacityCharts(capacity: CapacityResult): ChartSpec[] {
  const probes = kneeProbes(capacity);
  if (probes.length < 2) return [];
  const categories = probes.map((p) => loadText(p.load));
  const series = (
    name: string,
    color: string,
    kind: ChartSeries['kind'],
    y: (p: CapacityResult['probes'][number]) => number | null,
    dashed = false,
  ): ChartSeries => ({ name, color, kind, dashed, points: probes.map((p, i) => [i, y(p)]) });
  const sloMs = kneeSloMs(capacity);
  const unit = unitText(capacity);
  return [
    {
      id: 'capacity-latency',
      caption: `p95 latency vs load (${unit}), the SLO as a dashed line (ms)`,
      kind: 'category',
      yLabel: 'ms',
      categories,
      series: [
        series('p95', KNEE.p95, 'line', (p) => p.p95Ms),
        ...(sloMs === undefined ? [] : [series(`SLO ${sloMs} ms`, KNEE.slo, 'line', () => sloMs, true)]),
      ],
    },
    {
      id: 'capacity-throughput',
      caption: `Throughput vs load (${unit}) (req/s)`,
      kind: 'category',
      yLabel: 'req/s',
      categories,
      series: [
        series('throughput', KNEE.throughput, 'bar', (p) => p.throughputRps),
        ...(probes.some((p) => p.goodputRps !== undefined)
          ? [series('goodput', KNEE.goodput, 'line', (p) => p.goodputRps ?? null)]
          : []),
      ],
    },
  ];
}
