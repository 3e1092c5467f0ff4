/**
 * goodput.csv: goodput per stage, for runs with per-request limits (`slo.request`). Locust's CSVs keep
 * Locust's exact columns (tools read them by position), so goodput has its own file, written in the
 * same dialect (src/report/csv/encode.ts) with the same `Type` and `Name` columns as stats.csv.
 *
 * A request is good when it succeeded and met every limit of `slo.request`; goodput is good requests
 * per second of the measured window (vLLM, DistServe and AIPerf's definition). The ratio is good
 * requests over all completed requests (failures included), i.e. goodput / `Requests/s`.
 */
import type { ResultDocument, StageStats } from '../../result/document.js';
import { encodeCsv, type CsvCell } from './encode.js';
import { AGGREGATED } from './locust-columns.js';
import { operationName } from './locust-csv.js';

/** goodput.csv's columns. */
const GOODPUT_COLUMNS: readonly string[] = [
  'Type',
  'Name',
  'Request Count',
  'Good Request Count',
  'Requests/s',
  'Goodput/s',
  'Goodput Ratio',
];

/** True when the run measured goodput (some stage has a good count). */
function hasGoodput(result: ResultDocument): boolean {
  return result.stages.some((stage) => stage.stats.goodRequests !== undefined);
}

function goodputRow(type: string, name: string, stats: StageStats): CsvCell[] {
  const good = stats.goodRequests ?? 0;
  return [
    type,
    name,
    stats.requests,
    good,
    stats.elapsedMs > 0 ? stats.completionRps : 0,
    stats.goodputRps ?? 0,
    stats.requests === 0 ? 0 : good / stats.requests,
  ];
}

/** goodput.csv: one row per stage, then `Aggregated`; undefined when the run measured no goodput. */
export function renderGoodputCsv(result: ResultDocument): string | undefined {
  if (!hasGoodput(result)) return undefined;
  const type = operationName(result);
  return encodeCsv([
    GOODPUT_COLUMNS,
    ...result.stages.map((stage) => goodputRow(type, stage.name, stage.stats)),
    goodputRow('', AGGREGATED, result.overall),
  ]);
}
