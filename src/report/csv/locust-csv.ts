/**
 * The four Locust CSV files from a result document: one row per stage plus `Aggregated` in
 * stats.csv, one pair of rows (stage, Aggregated) per 1-second interval in stats_history.csv, error
 * classes in failures.csv and unclassified client-side exceptions in exceptions.csv.
 *
 * Differences from Locust, by design: latencies are of successful requests only and keep their
 * microsecond precision (Locust rounds to two significant digits); `Type` is the SageMaker operation
 * and `Name` the stage.
 */
import { decodeHistogram, percentileMs, type Histogram } from '../../metrics/histogram.js';
import { createHistogram } from '../../metrics/histogram.js';
import {
  ERROR_CLASSES,
  type ResultDocument,
  type StageResult,
  type StageStats,
} from '../../result/document.js';
import { encodeCsv, type CsvCell } from './encode.js';
import {
  AGGREGATED,
  EXCEPTIONS_COLUMNS,
  FAILURES_COLUMNS,
  LOCUST_PERCENTILES,
  STATS_COLUMNS,
  STATS_HISTORY_COLUMNS,
} from './locust-columns.js';

/** The SageMaker operation, as Locust's `Type` (request method) column. */
export function operationName(result: ResultDocument): string {
  return result.load.streaming ? 'InvokeEndpointWithResponseStream' : 'InvokeEndpoint';
}

/**
 * Locust's percentile columns. 100 % is the maximum: the exact recorded one when the result document
 * has it (`maxMs`), else the histogram's (decoded histograms know it to 3 significant digits).
 */
function percentileCells(histogram: Histogram, maxMs = histogram.maxValue / 1000): CsvCell[] {
  if (histogram.totalCount === 0) return LOCUST_PERCENTILES.map(() => 'N/A');
  return LOCUST_PERCENTILES.map((p) => (p === 1 ? maxMs : percentileMs(histogram, p * 100)));
}

function statsRow(type: string, name: string, stats: StageStats): CsvCell[] {
  const histogram = decodeHistogram(stats.latency.histogram);
  const seconds = stats.elapsedMs / 1000;
  return [
    type,
    name,
    stats.requests,
    stats.errors,
    stats.latency.p50Ms,
    stats.latency.meanMs,
    stats.latency.minMs,
    stats.latency.maxMs,
    stats.requests === 0 ? 0 : stats.bytesReceived / stats.requests,
    seconds > 0 ? stats.completionRps : 0,
    seconds > 0 ? stats.errors / seconds : 0,
    ...percentileCells(histogram, stats.latency.maxMs),
  ];
}

/** stats.csv: one row per stage, then `Aggregated` (all measured stages). */
export function renderStatsCsv(result: ResultDocument): string {
  const type = operationName(result);
  return encodeCsv([
    STATS_COLUMNS,
    ...result.stages.map((stage) => statsRow(type, stage.name, stage.stats)),
    statsRow('', AGGREGATED, result.overall),
  ]);
}

/** The stage's target at an offset (ramps interpolate linearly). */
function userCountAt(stage: StageResult, offsetMs: number): number {
  if (stage.rampMs <= 0) return stage.target;
  const progress = Math.min(1, offsetMs / stage.rampMs);
  return Math.round(stage.startTarget + (stage.target - stage.startTarget) * progress);
}

interface Totals {
  histogram: Histogram;
  requests: number;
  failures: number;
  bytesReceived: number;
}

function totalCells(totals: Totals): CsvCell[] {
  const h = totals.histogram;
  const empty = h.totalCount === 0;
  return [
    totals.requests,
    totals.failures,
    percentileMs(h, 50),
    empty ? 0 : h.mean / 1000,
    empty ? 0 : h.minNonZeroValue / 1000,
    empty ? 0 : h.maxValue / 1000,
    totals.requests === 0 ? 0 : totals.bytesReceived / totals.requests,
  ];
}

/**
 * stats_history.csv: for every 1-second interval a row for its stage and an `Aggregated` row (like
 * Locust with --csv-full-history). Per-interval columns describe that second; `Total` columns are
 * cumulative from the first measured stage.
 */
export function renderStatsHistoryCsv(result: ResultDocument): string {
  const type = operationName(result);
  const rows: CsvCell[][] = [STATS_HISTORY_COLUMNS as CsvCell[]];
  const overall: Totals = { histogram: createHistogram(), requests: 0, failures: 0, bytesReceived: 0 };
  for (const stage of result.stages) {
    const totals: Totals = { histogram: createHistogram(), requests: 0, failures: 0, bytesReceived: 0 };
    const bytesPerRequest = stage.stats.requests === 0 ? 0 : stage.stats.bytesReceived / stage.stats.requests;
    for (const interval of stage.intervals) {
      const histogram = decodeHistogram(interval.histogram);
      const completed = interval.ok + interval.errors;
      for (const t of [totals, overall]) {
        t.histogram.add(histogram);
        t.requests += completed;
        t.failures += interval.errors;
        t.bytesReceived += completed * bytesPerRequest;
      }
      const seconds = interval.durationMs / 1000;
      const timestamp = Math.floor((stage.startedAtMs + interval.offsetMs + interval.durationMs) / 1000);
      const current = [
        (completed / seconds).toFixed(6),
        (interval.errors / seconds).toFixed(6),
        ...percentileCells(histogram),
      ];
      const users = userCountAt(stage, interval.offsetMs);
      rows.push([timestamp, users, type, stage.name, ...current, ...totalCells(totals)]);
      rows.push([timestamp, users, '', AGGREGATED, ...current, ...totalCells(overall)]);
    }
  }
  return encodeCsv(rows);
}

/** `%Y-%m-%dT%H:%M:%SZ`, as Locust's format_utc_timestamp. */
function utcSeconds(epochMs: number): string {
  return `${new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/** Error times are offsets from the stage start, or epoch ms when they are that large. */
function seenAt(stage: StageResult, ms: number): number {
  return ms > 1e12 ? ms : stage.startedAtMs + ms;
}

/** failures.csv: one row per stage and error class, with a sample message. */
export function renderFailuresCsv(result: ResultDocument): string {
  const type = operationName(result);
  const rows: CsvCell[][] = [FAILURES_COLUMNS as CsvCell[]];
  for (const stage of result.stages) {
    for (const errorClass of ERROR_CLASSES) {
      const summary = stage.stats.errorsByClass[errorClass];
      if (!summary) continue;
      rows.push([
        type,
        stage.name,
        `${errorClass}: ${summary.sampleMessage}`,
        summary.count,
        utcSeconds(seenAt(stage, summary.firstSeenMs)),
        utcSeconds(seenAt(stage, summary.lastSeenMs)),
      ]);
    }
  }
  return encodeCsv(rows);
}

/** exceptions.csv: client-side failures nothing else classified (Locust: exceptions in user code). */
export function renderExceptionsCsv(result: ResultDocument): string {
  const rows: CsvCell[][] = [EXCEPTIONS_COLUMNS as CsvCell[]];
  for (const stage of result.stages) {
    const other = stage.stats.errorsByClass.other;
    if (other) rows.push([other.count, `${stage.name}: ${other.sampleMessage}`, '', 'local']);
  }
  return encodeCsv(rows);
}
