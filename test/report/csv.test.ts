import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  renderExceptionsCsv,
  renderFailuresCsv,
  renderStatsCsv,
  renderStatsHistoryCsv,
} from '../../src/report/csv/locust-csv.js';
import { renderGoodputCsv } from '../../src/report/csv/goodput-csv.js';
import { renderConditionalReportFiles } from '../../src/report/files.js';
import { makeResult, makeVerdict } from './fixtures.js';
import { expectGolden } from './golden.js';

// Copied from locust/stats.py (StatsCSV / StatsCSVFileWriter, Locust 2.44+), not derived from our code.
const LOCUST_PERCENTILE_HEADERS = [
  '50%',
  '66%',
  '75%',
  '80%',
  '90%',
  '95%',
  '98%',
  '99%',
  '99.9%',
  '99.99%',
  '100%',
];
const LOCUST_STATS = [
  'Type',
  'Name',
  'Request Count',
  'Failure Count',
  'Median Response Time',
  'Average Response Time',
  'Min Response Time',
  'Max Response Time',
  'Average Content Size',
  'Requests/s',
  'Failures/s',
  ...LOCUST_PERCENTILE_HEADERS,
];
const LOCUST_HISTORY = [
  'Timestamp',
  'User Count',
  'Type',
  'Name',
  'Requests/s',
  'Failures/s',
  ...LOCUST_PERCENTILE_HEADERS,
  'Total Request Count',
  'Total Failure Count',
  'Total Median Response Time',
  'Total Average Response Time',
  'Total Min Response Time',
  'Total Max Response Time',
  'Total Average Content Size',
];
const LOCUST_FAILURES = ['Method', 'Name', 'Error', 'Occurrences', 'First Seen', 'Last Seen'];
const LOCUST_EXCEPTIONS = ['Count', 'Message', 'Traceback', 'Nodes'];

const result = makeResult({
  seed: 3,
  stages: [
    { name: 'ramp, "warm"', target: 8, startTarget: 2, rampMs: 4000, durationS: 6, rps: 50, medianMs: 12 },
    { name: 'peak', target: 16, durationS: 5, rps: 90, medianMs: 20, errorsPerSecond: 2 },
  ],
});
result.stages[1]!.stats.errorsByClass.other = {
  count: 1,
  firstSeenMs: 100,
  lastSeenMs: 100,
  sampleMessage: 'TypeError: bad "payload",\nline 2',
};

function table(csv: string): string[][] {
  return parse(csv) as string[][];
}

describe('Locust-compatible CSVs', () => {
  it('stats.csv carries Locust headers, one row per stage plus Aggregated', () => {
    const text = renderStatsCsv(result);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = table(text);
    expect(rows[0]).toEqual(LOCUST_STATS);
    expect(rows.map((r) => r[1])).toEqual(['Name', 'ramp, "warm"', 'peak', 'Aggregated']);
    const records = parse(text, { columns: true }) as Record<string, string>[];
    const peak = records[1]!;
    const stats = result.stages[1]!.stats;
    expect(peak['Type']).toBe('InvokeEndpoint');
    expect(Number(peak['Request Count'])).toBe(stats.requests);
    expect(Number(peak['Failure Count'])).toBe(stats.errors);
    expect(Number(peak['95%'])).toBe(stats.latency.p95Ms);
    expect(Number(peak['50%'])).toBe(stats.latency.p50Ms);
    expect(Number(peak['100%'])).toBe(stats.latency.maxMs);
    expect(Number(peak['Requests/s'])).toBeCloseTo(stats.completionRps, 5);
    const aggregated = records[2]!;
    expect(aggregated['Type']).toBe('');
    expect(Number(aggregated['Request Count'])).toBe(result.overall.requests);
  });

  it('stats_history.csv has a stage row and an Aggregated row per second, with cumulative totals', () => {
    const records = parse(renderStatsHistoryCsv(result), { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual(LOCUST_HISTORY);
    const intervals = result.stages.reduce((n, s) => n + s.intervals.length, 0);
    expect(records).toHaveLength(2 * intervals);
    const last = records.at(-1)!;
    expect(last['Name']).toBe('Aggregated');
    expect(Number(last['Total Request Count'])).toBe(result.overall.requests);
    expect(Number(last['Total Failure Count'])).toBe(result.overall.errors);
    // Interval histograms know the maximum to 3 significant digits (HdrHistogram's equivalent range).
    expect(Number(last['Total Max Response Time'])).toBeCloseTo(result.overall.latency.maxMs, 0);
    expect(Math.abs(Number(last['Total Max Response Time']) / result.overall.latency.maxMs - 1)).toBeLessThan(
      0.001,
    );
    expect(Number(last['Total Median Response Time'])).toBe(result.overall.latency.p50Ms);
    // The ramp interpolates the user count from 2 to 8 over 4 s.
    const rampUsers = records.filter((r) => r['Name'] === 'ramp, "warm"').map((r) => Number(r['User Count']));
    expect(rampUsers).toEqual([2, 4, 5, 7, 8, 8]);
    const lastStageRow = records.at(-2)!;
    expect(Number(lastStageRow['Total Request Count'])).toBe(result.stages[1]!.stats.requests);
  });

  it('failures.csv and exceptions.csv carry Locust headers and survive quotes and newlines', () => {
    const failures = parse(renderFailuresCsv(result), { columns: true }) as Record<string, string>[];
    expect(Object.keys(failures[0]!)).toEqual(LOCUST_FAILURES);
    const model = failures.find((f) => f['Error']!.startsWith('model_error'))!;
    expect(model['Name']).toBe('peak');
    expect(model['First Seen']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const exceptions = parse(renderExceptionsCsv(result), { columns: true }) as Record<string, string>[];
    expect(Object.keys(exceptions[0]!)).toEqual(LOCUST_EXCEPTIONS);
    expect(exceptions[0]!['Message']).toBe('peak: TypeError: bad "payload",\nline 2');
  });

  it('writes headers even when nothing failed', () => {
    const clean = makeResult({ stages: [{ name: 's', target: 1, durationS: 2, rps: 5, medianMs: 5 }] });
    expect(table(renderFailuresCsv(clean))).toEqual([LOCUST_FAILURES]);
    expect(table(renderExceptionsCsv(clean))).toEqual([LOCUST_EXCEPTIONS]);
  });
});

describe('goodput.csv (runs with slo.request)', () => {
  const measured = makeResult({
    seed: 5,
    stages: [
      { name: 'light', target: 4, durationS: 4, rps: 40, medianMs: 10 },
      { name: 'heavy', target: 16, durationS: 5, rps: 80, medianMs: 30, errorsPerSecond: 1 },
    ],
  });
  // Good counts as the stage recorder would give them: a subset of the successes.
  const goodShare = [0.9, 0.55];
  measured.stages.forEach((stage, i) => {
    const good = Math.round(stage.stats.ok * (goodShare[i] as number));
    stage.stats.goodRequests = good;
    stage.stats.goodputRps = good / (stage.stats.elapsedMs / 1000);
  });
  const good = measured.stages.reduce((n, s) => n + (s.stats.goodRequests ?? 0), 0);
  measured.overall.goodRequests = good;
  measured.overall.goodputRps = good / (measured.overall.elapsedMs / 1000);

  it('has one row per stage and Aggregated: requests, good requests, requests/s, goodput/s, ratio', () => {
    const text = renderGoodputCsv(measured)!;
    expectGolden('goodput.csv', text);
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual([
      'Type',
      'Name',
      'Request Count',
      'Good Request Count',
      'Requests/s',
      'Goodput/s',
      'Goodput Ratio',
    ]);
    expect(records.map((r) => r['Name'])).toEqual(['light', 'heavy', 'Aggregated']);
    const heavy = records[1]!;
    const stats = measured.stages[1]!.stats;
    expect(Number(heavy['Good Request Count'])).toBe(stats.goodRequests);
    expect(Number(heavy['Goodput/s'])).toBeCloseTo(stats.goodputRps!, 5);
    expect(Number(heavy['Goodput Ratio'])).toBeCloseTo(stats.goodRequests! / stats.requests, 5);
    expect(Number(heavy['Goodput/s'])).toBeLessThan(Number(heavy['Requests/s']));
    expect(Number(records[2]!['Good Request Count'])).toBe(good);
  });

  it('is written only when the run measured goodput (the Locust CSVs keep their columns)', () => {
    expect(renderGoodputCsv(result)).toBeUndefined();
    const verdict = makeVerdict(result, { state: 'pass', headline: 'pass' });
    expect(renderConditionalReportFiles({ result, verdict, history: [] }).has('goodput.csv')).toBe(false);
    const withGoodput = renderConditionalReportFiles({
      result: measured,
      verdict: makeVerdict(measured, { state: 'pass', headline: 'pass' }),
      history: [],
    });
    expect(withGoodput.get('goodput.csv')).toBe(renderGoodputCsv(measured));
    expect(table(renderStatsCsv(measured))[0]).toEqual(LOCUST_STATS);
  });
});
