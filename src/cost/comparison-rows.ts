/**
 * The rows of an instance comparison and the recommendation (pure): from each type's capacity result
 * and the price list. The gate builds them after searching every type in one job
 * (src/gate/instance-comparison.ts); the merge builds them from the result.json of each leg of an
 * Actions matrix over instance types (src/merge/instance-legs.ts).
 */
import type { ComparisonRow } from '../result/comparison-schema.js';
import type { ResultDocument } from '../result/document.js';
import { costPerMillionUsd, hourlyPrice } from './prices.js';

/** What the rows need from the config (a `Config` has it). */
export interface ComparisonSettings {
  region: string;
  report: { hourlyPriceUsd?: number | undefined };
  load: { capacity?: { expectedLoad?: number | undefined } | undefined };
}

/** One measured type: its result (with `capacity`). */
export interface MeasuredType {
  instanceType: string;
  instanceCount: number;
  result: ResultDocument;
}

/**
 * The comparison rows, in the configured order, with the recommendation: the cheapest type per hour
 * whose capacity reaches `load.capacity.expected-load` when that is given, else the cheapest per
 * million (output tokens when every type streamed tokens, else requests); without prices, the type
 * with the highest capacity.
 */
export function comparisonRows(
  measured: readonly MeasuredType[],
  config: ComparisonSettings,
): ComparisonRow[] {
  const expected = config.load.capacity?.expectedLoad;
  const rows: ComparisonRow[] = measured.map((m) => {
    const capacity = m.result.capacity;
    if (!capacity) throw new Error(`no capacity result for ${m.instanceType}`);
    const price = hourlyPrice(m.instanceType, config.region, config.report.hourlyPriceUsd);
    const hourlyUsd = price ? price.hourlyUsd * m.instanceCount : null;
    const perMillion = (rate: number | null | undefined) =>
      price && rate != null ? (costPerMillionUsd(price.hourlyUsd, m.instanceCount, rate) ?? null) : null;
    const tokens = outputTokenThroughput(m.result);
    return {
      instanceType: m.instanceType,
      instanceCount: m.instanceCount,
      outcome: capacity.outcome,
      limit: capacity.limit,
      unit: capacity.unit,
      brokeAt: capacity.brokeAt,
      throughputRps: capacity.throughputRps,
      p95Ms: capacity.latency?.p95Ms ?? null,
      hourlyUsd,
      costPerMillionRequestsUsd: perMillion(capacity.throughputRps),
      ...(tokens !== undefined ? { costPerMillionOutputTokensUsd: perMillion(tokens) } : {}),
      ...(expected !== undefined
        ? { meetsExpectedLoad: capacity.limit !== null && capacity.limit >= expected }
        : {}),
      recommended: false,
      message: capacity.message,
    };
  });
  const pick = recommend(rows, expected);
  return rows.map((r, i) => ({ ...r, recommended: i === pick }));
}

function recommend(rows: readonly ComparisonRow[], expected: number | undefined): number {
  const cheapest = (
    key: (r: ComparisonRow) => number | null | undefined,
    among: (r: ComparisonRow) => boolean,
  ) => {
    let best = -1;
    rows.forEach((r, i) => {
      const v = key(r);
      if (!among(r) || v == null) return;
      const bestRow = rows[best];
      const bestValue = bestRow ? key(bestRow) : undefined;
      if (bestValue == null || v < bestValue) best = i;
    });
    return best;
  };
  if (expected !== undefined) {
    const meets = cheapest(
      (r) => r.hourlyUsd,
      (r) => r.meetsExpectedLoad === true,
    );
    if (meets >= 0) return meets;
  }
  const byTokens = rows.every((r) => r.costPerMillionOutputTokensUsd != null);
  const perMillion = cheapest(
    (r) => (byTokens ? r.costPerMillionOutputTokensUsd : r.costPerMillionRequestsUsd),
    (r) => r.limit !== null,
  );
  if (perMillion >= 0) return perMillion;
  return cheapest(
    (r) => (r.limit === null ? null : -r.limit),
    () => true,
  );
}

/** Σ output tokens/s over the stages of the probe at the limit, averaged; undefined without tokens. */
function outputTokenThroughput(result: ResultDocument): number | undefined {
  const capacity = result.capacity;
  const probe = capacity?.probes.find((p) => p.load === capacity.limit && p.outcome === 'meets');
  if (!probe) return undefined;
  const rates = result.stages
    .filter((s) => probe.stages.includes(s.name))
    .map((s) => s.stats.streaming?.outputTokenThroughput)
    .filter((v): v is number => v !== undefined);
  return rates.length > 0 ? rates.reduce((a, b) => a + b, 0) / rates.length : undefined;
}
