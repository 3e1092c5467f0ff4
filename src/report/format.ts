/**
 * Number formatting for every report (markdown, CSV headers aside, HTML). Deterministic: no locale
 * lookups, so golden files are the same on every machine. Three significant digits for measured
 * values — the precision of the histograms — and explicit signs on changes.
 */

/** `1234567` → `1,234,567`; a string keeps its decimals as written (`"1234.50"` → `1,234.50`). */
function groupThousands(value: number | string): string {
  const text = typeof value === 'number' ? value.toString() : value;
  const negative = text.startsWith('-');
  const [whole = '0', fraction] = (negative ? text.slice(1) : text).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** Three significant digits, never in exponent form, thousands grouped: 0.0123, 1.23, 12.3, 1,234. */
export function significant(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return groupThousands(value.toFixed(Math.min(decimals, 6)));
}

/** A latency: `12.3 ms`. */
export function formatMs(ms: number): string {
  return `${significant(ms)} ms`;
}

/** A rate: `123 req/s`. */
export function formatRps(rps: number): string {
  return `${significant(rps)} req/s`;
}

/** A fraction as a percentage with two decimals: 0.0012 → `0.12 %`. */
export function formatFractionPct(fraction: number): string {
  return `${(fraction * 100).toFixed(2)} %`;
}

/** A percentage value (already in %): `63.5 %`. */
export function formatPct(pct: number): string {
  return `${significant(pct)} %`;
}

/** A relative change with its sign: 0.234 → `+23.4 %`, −0.05 → `−5.0 %`. */
export function formatChange(fraction: number): string {
  const pct = fraction * 100;
  const text = Math.abs(pct) >= 100 ? Math.abs(pct).toFixed(0) : Math.abs(pct).toFixed(1);
  if (Number(text) === 0) return '±0.0 %';
  return `${pct < 0 ? '−' : '+'}${text} %`;
}

/** A change in percentage points (fraction scale): 0.001 → `+0.10 pp`. */
export function formatPointsChange(fraction: number): string {
  const text = Math.abs(fraction * 100).toFixed(2);
  if (Number(text) === 0) return '±0.00 pp';
  return `${fraction < 0 ? '−' : '+'}${text} pp`;
}

/** US dollars: two decimals from $1, else three significant digits (`$0.0123`). */
export function formatUsd(usd: number): string {
  if (usd >= 1) return `$${groupThousands(usd.toFixed(2))}`;
  return `$${significant(usd)}`;
}

/** A price per instance-hour: up to three decimals (`$1.408`). */
export function formatHourlyUsd(usd: number): string {
  return `$${groupThousands(Number(usd.toFixed(3)).toString())}`;
}

/** A count with thousands separators. */
export function formatCount(count: number): string {
  return groupThousands(Math.round(count));
}
