/**
 * Locust's CSV columns, exactly as locust/stats.py (2.44+) writes them, so Locust and OLAF tooling
 * reads our files. Percentile headers follow Locust's `get_readable_percentiles`.
 */

/** Locust's PERCENTILES_TO_REPORT. */
export const LOCUST_PERCENTILES = [0.5, 0.66, 0.75, 0.8, 0.9, 0.95, 0.98, 0.99, 0.999, 0.9999, 1.0] as const;

/** `0.5` → `50%`, `0.999` → `99.9%` (Locust: integer when whole, else rounded to 6 places). */
function percentileHeader(fraction: number): string {
  const pct = fraction * 100;
  const whole = Math.round(pct);
  return Math.abs(pct - whole) < 1e-9 ? `${whole}%` : `${Number(pct.toFixed(6))}%`;
}

const PERCENTILE_HEADERS = LOCUST_PERCENTILES.map(percentileHeader);

/** `{prefix}_stats.csv`. */
export const STATS_COLUMNS: readonly string[] = [
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
  ...PERCENTILE_HEADERS,
];

/** `{prefix}_stats_history.csv`. */
export const STATS_HISTORY_COLUMNS: readonly string[] = [
  'Timestamp',
  'User Count',
  'Type',
  'Name',
  'Requests/s',
  'Failures/s',
  ...PERCENTILE_HEADERS,
  'Total Request Count',
  'Total Failure Count',
  'Total Median Response Time',
  'Total Average Response Time',
  'Total Min Response Time',
  'Total Max Response Time',
  'Total Average Content Size',
];

/** `{prefix}_failures.csv`. */
export const FAILURES_COLUMNS: readonly string[] = [
  'Method',
  'Name',
  'Error',
  'Occurrences',
  'First Seen',
  'Last Seen',
];

/** `{prefix}_exceptions.csv`. */
export const EXCEPTIONS_COLUMNS: readonly string[] = ['Count', 'Message', 'Traceback', 'Nodes'];

/** Locust's name for the all-entries row. */
export const AGGREGATED = 'Aggregated';
