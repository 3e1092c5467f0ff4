/**
 * CSV the way Python's `csv.writer` writes it (what Locust uses): minimal quoting, doubled quotes,
 * CRLF line endings — so a byte-level diff against a Locust file shows only the numbers.
 */

export type CsvCell = string | number;

function encodeCell(cell: CsvCell): string {
  const text = typeof cell === 'number' ? csvNumber(cell) : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A number without float noise: integers as is, others to at most 6 decimals. */
function csvNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return value.toString();
  return Number(value.toFixed(6)).toString();
}

/** Rows to CSV text (header included by the caller as the first row). */
export function encodeCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => `${row.map(encodeCell).join(',')}\r\n`).join('');
}
