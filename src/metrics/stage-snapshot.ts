/**
 * What one load generator measured in one stage, as plain data with encoded histograms — the form
 * that crosses from worker threads (and could cross from shards) to the merge. Merging is lossless:
 * counts add, histograms add, error tallies merge, intervals merge by index.
 */
import { decodeHistogram, encodeHistogram, mergeHistograms, type Histogram } from './histogram.js';
import { mergeErrorTallies, type ErrorTally } from './error-tally.js';

/** One interval (by default one second) of a stage, by request start time. */
export interface IntervalSnapshot {
  readonly index: number;
  readonly ok: number;
  readonly errors: number;
  readonly dropped: number;
  /** Latency of the interval's successful requests, V2 compressed base64, µs. */
  readonly latency: string;
}

export interface StageCounts {
  requests: number;
  ok: number;
  errors: number;
  dropped: number;
  lateStarts: number;
  bytesSent: number;
  bytesReceived: number;
  /** Streaming: output tokens (server count where given, else token events). */
  outputTokens: number;
  /** Streaming: successful requests whose token count came from the server / from counted events. */
  tokensFromServer: number;
  tokensFromEvents: number;
  /** Successful requests that met every per-request limit of `slo.request` (0 when none is set). */
  good: number;
  /** LLM: successful requests whose output count came from the user's tokenizer / an estimate. */
  tokensFromTokenizer: number;
  tokensEstimated: number;
  /** LLM: prompt tokens the server reported, and how many successful requests reported them. */
  inputTokens: number;
  inputTokensReported: number;
}

/**
 * Histogram names of a stage (all integer µs, except `tokensPerSecond` = tokens/s × 1000 and the
 * sequence lengths, in tokens per request).
 */
export const STAGE_HISTOGRAMS = [
  'latency',
  'sendLag',
  'ttft',
  'interTokenLatency',
  'tokensPerSecond',
  'tpot',
  'inputSequenceLength',
  'outputSequenceLength',
] as const;
export type StageHistogramName = (typeof STAGE_HISTOGRAMS)[number];

export interface StageSnapshot {
  readonly counts: StageCounts;
  readonly histograms: Readonly<Record<StageHistogramName, string>>;
  readonly errorsByClass: ErrorTally;
  readonly intervals: readonly IntervalSnapshot[];
}

export function emptyCounts(): StageCounts {
  return {
    requests: 0,
    ok: 0,
    errors: 0,
    dropped: 0,
    lateStarts: 0,
    bytesSent: 0,
    bytesReceived: 0,
    outputTokens: 0,
    tokensFromServer: 0,
    tokensFromEvents: 0,
    good: 0,
    tokensFromTokenizer: 0,
    tokensEstimated: 0,
    inputTokens: 0,
    inputTokensReported: 0,
  };
}

/** A merged stage, with decoded histograms ready for summaries. */
export interface MergedStage {
  readonly counts: StageCounts;
  readonly histograms: Readonly<Record<StageHistogramName, Histogram>>;
  readonly errorsByClass: ErrorTally;
  readonly intervals: readonly IntervalSnapshot[];
}

/** Losslessly merges snapshots of the same stage from several generators. */
export function mergeStageSnapshots(snapshots: readonly StageSnapshot[]): MergedStage {
  const counts = emptyCounts();
  for (const s of snapshots) {
    for (const key of Object.keys(counts) as (keyof StageCounts)[]) counts[key] += s.counts[key] ?? 0;
  }
  const histograms = {} as Record<StageHistogramName, Histogram>;
  for (const name of STAGE_HISTOGRAMS) {
    // A snapshot from before a histogram existed simply has none of its values.
    const encoded = snapshots.flatMap((s) => (s.histograms[name] === undefined ? [] : [s.histograms[name]]));
    histograms[name] = mergeHistograms(encoded.map((h) => decodeHistogram(h)));
  }
  return {
    counts,
    histograms,
    errorsByClass: mergeErrorTallies(snapshots.map((s) => s.errorsByClass)),
    intervals: mergeIntervals(snapshots.flatMap((s) => s.intervals)),
  };
}

/** Merges already-merged stages (e.g. all measured stages into the run's overall figures). */
export function mergeMergedStages(stages: readonly MergedStage[]): MergedStage {
  const counts = emptyCounts();
  for (const s of stages) {
    for (const key of Object.keys(counts) as (keyof StageCounts)[]) counts[key] += s.counts[key];
  }
  const histograms = {} as Record<StageHistogramName, Histogram>;
  for (const name of STAGE_HISTOGRAMS)
    histograms[name] = mergeHistograms(stages.map((s) => s.histograms[name]));
  return {
    counts,
    histograms,
    errorsByClass: mergeErrorTallies(stages.map((s) => s.errorsByClass)),
    intervals: [],
  };
}

/** Intervals with the same index add up; the result is sorted by index. */
function mergeIntervals(intervals: readonly IntervalSnapshot[]): IntervalSnapshot[] {
  const byIndex = new Map<number, IntervalSnapshot[]>();
  for (const interval of intervals) {
    const list = byIndex.get(interval.index);
    if (list) list.push(interval);
    else byIndex.set(interval.index, [interval]);
  }
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, list]) =>
      list.length === 1
        ? (list[0] as IntervalSnapshot)
        : {
            index,
            ok: list.reduce((n, i) => n + i.ok, 0),
            errors: list.reduce((n, i) => n + i.errors, 0),
            dropped: list.reduce((n, i) => n + i.dropped, 0),
            latency: encodeHistogram(mergeHistograms(list.map((i) => decodeHistogram(i.latency)))),
          },
    );
}
