/**
 * Judging one capacity probe against the SLO, with its uncertainty: meets, breaks or unclear.
 *
 * "p95 ≤ 500 ms" is the same statement as "at most 5 % of requests took longer than 500 ms", so each
 * latency limit is judged on the fraction of requests over it — a count, with a binomial confidence
 * interval (Wilson score) instead of a bootstrap, so a 5-second probe is judged as honestly as a long
 * one. Requests are autocorrelated (a queue that builds up keeps every request after it slow), so the
 * sample size is divided by a design effect measured from the probe's own 1-second intervals: the
 * spread of the per-interval fractions against what independent requests would give.
 * The error rate (failed + dropped over all) is judged the same way.
 */

/** One latency limit of the SLO, as the probe measured it. */
export interface LimitCount {
  /** `p95`, `p99`, `p50`, `ttft-p95`. */
  metric: string;
  /** The quantile the limit is on (0.95 for p95). */
  quantile: number;
  limitMs: number;
  /** Successful requests slower than the limit. */
  over: number;
  /** Successful requests. */
  total: number;
  /** The same two counts per 1-second interval (for the design effect). */
  intervals: readonly { over: number; total: number }[];
}

/** What one probe measured, in the terms the search judges. */
export interface ProbeCounts {
  limits: readonly LimitCount[];
  /** Failed (any error class) plus dropped requests. */
  failed: number;
  /** Every request attempted or dropped. */
  attempted: number;
  /** Highest acceptable error rate (fraction). */
  errorRateLimit: number;
}

export type ProbeVerdict = 'meets' | 'breaks' | 'unclear';

export interface Judgement {
  verdict: ProbeVerdict;
  /** One sentence: the deciding limit and its interval. */
  why: string;
}

/** Two-sided 95 % normal quantile. */
const Z = 1.96;

/** Wilson score interval of a proportion k/n with an effective sample size. */
export function wilsonInterval(k: number, n: number, z = Z): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const center = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

/**
 * Variance inflation of the fraction from the intervals' spread (≥ 1; 1 with fewer than 3 intervals
 * or a fraction of 0 or 1, where the binomial variance is all there is to go on).
 */
export function designEffect(intervals: readonly { over: number; total: number }[]): number {
  const used = intervals.filter((i) => i.total > 0);
  if (used.length < 3) return 1;
  const n = used.reduce((s, i) => s + i.total, 0);
  const p = used.reduce((s, i) => s + i.over, 0) / n;
  if (p <= 0 || p >= 1) return 1;
  // Ratio estimator's variance over clusters (intervals), against the binomial variance.
  const k = used.length;
  const between = (used.reduce((s, i) => s + (i.over - p * i.total) ** 2, 0) / (n * n)) * (k / (k - 1));
  const binomial = (p * (1 - p)) / n;
  return Math.max(1, between / binomial);
}

/** Meets / breaks / unclear for one proportion against a ceiling. */
function judgeFraction(
  over: number,
  total: number,
  ceiling: number,
  effect: number,
): { verdict: ProbeVerdict; low: number; high: number; point: number } {
  const nEff = total / effect;
  const point = total > 0 ? over / total : 1;
  const { low, high } = wilsonInterval(point * nEff, nEff);
  const verdict: ProbeVerdict = high <= ceiling ? 'meets' : low > ceiling ? 'breaks' : 'unclear';
  return { verdict, low, high, point };
}

const pct = (f: number) => `${(f * 100).toFixed(f < 0.1 ? 1 : 0)} %`;

/**
 * The probe's verdict: breaks when any limit is shown broken, meets when every limit is shown met,
 * unclear otherwise. A probe with no successful request breaks every latency limit.
 */
export function judgeProbe(counts: ProbeCounts): Judgement {
  const parts: { verdict: ProbeVerdict; why: string }[] = [];
  for (const limit of counts.limits) {
    const allowed = 1 - limit.quantile;
    if (limit.total === 0) {
      parts.push({ verdict: 'breaks', why: `no successful request, so ${limit.metric} has no value` });
      continue;
    }
    const tail = growingQueue(limit.intervals, allowed);
    if (tail !== undefined) {
      parts.push({
        verdict: 'breaks',
        why: `the last third of the probe had ${pct(tail)} of requests over ${formatMs(limit.limitMs)} (${limit.metric} allows ${pct(allowed)}): the queue was still growing`,
      });
      continue;
    }
    const j = judgeFraction(limit.over, limit.total, allowed, designEffect(limit.intervals));
    parts.push({
      verdict: j.verdict,
      why:
        `${pct(j.point)} of requests over ${formatMs(limit.limitMs)} ` +
        `(95 % interval ${pct(j.low)}–${pct(j.high)}; ${limit.metric} allows ${pct(allowed)})`,
    });
  }
  if (counts.attempted > 0) {
    const j = judgeFraction(counts.failed, counts.attempted, counts.errorRateLimit, 1);
    parts.push({
      verdict: j.verdict,
      why: `error rate ${pct(j.point)} (95 % interval ${pct(j.low)}–${pct(j.high)}; limit ${pct(counts.errorRateLimit)})`,
    });
  }
  const broken = parts.find((p) => p.verdict === 'breaks');
  if (broken) return broken;
  const unclear = parts.find((p) => p.verdict === 'unclear');
  if (unclear) return unclear;
  return { verdict: 'meets', why: parts.map((p) => p.why).join('; ') };
}

/**
 * A load the endpoint cannot sustain builds a queue that grows through the probe, so a short probe's
 * average can look fine while its end does not: when the last third of the intervals alone breaks
 * the limit with confidence, the probe breaks (the fraction there), else undefined.
 */
function growingQueue(
  intervals: readonly { over: number; total: number }[],
  allowed: number,
): number | undefined {
  if (intervals.length < 3) return undefined;
  const last = intervals.slice(-Math.ceil(intervals.length / 3));
  const over = last.reduce((n, i) => n + i.over, 0);
  const total = last.reduce((n, i) => n + i.total, 0);
  if (total === 0) return undefined;
  return wilsonInterval(over, total).low > allowed ? over / total : undefined;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toPrecision(3))} s` : `${Number(ms.toPrecision(3))} ms`;
}
