/**
 * Turns a merged stage into the result document's figures: counts and rates over the measured
 * window, latency summaries (ms) with their encoded histograms, errors by class, streaming
 * metrics, and the interval series.
 */
import type { IntervalRecord, StageStats, StreamingStats } from '../result/document.js';
import {
  createHistogram,
  encodeHistogram,
  summarizeCounts,
  summarizeLatency,
  type Histogram,
} from './histogram.js';
import type { IntervalSnapshot, MergedStage } from './stage-snapshot.js';

export interface StatsOptions {
  /** Length of the measured window. */
  readonly elapsedMs: number;
  /** Open loop: include the send-lag summary. */
  readonly openLoop: boolean;
  /** Streaming: include TTFT, inter-token latency and tokens/s. */
  readonly streaming: boolean;
  /** `slo.request` was set: include goodput (the `good` count). Default false. */
  readonly goodput?: boolean;
}

export function stageStats(stage: MergedStage, options: StatsOptions): StageStats {
  const { counts, histograms } = stage;
  const seconds = options.elapsedMs / 1000;
  const stats: StageStats = {
    requests: counts.requests,
    ok: counts.ok,
    errors: counts.errors,
    errorRate: counts.requests === 0 ? 0 : counts.errors / counts.requests,
    throughputRps: seconds > 0 ? counts.ok / seconds : 0,
    completionRps: seconds > 0 ? counts.requests / seconds : 0,
    elapsedMs: options.elapsedMs,
    latency: summarizeLatency(histograms.latency),
    errorsByClass: stage.errorsByClass,
    dropped: counts.dropped,
    lateStarts: counts.lateStarts,
    bytesSent: counts.bytesSent,
    bytesReceived: counts.bytesReceived,
  };
  if (options.goodput) {
    stats.goodRequests = counts.good;
    stats.goodputRps = seconds > 0 ? counts.good / seconds : 0;
  }
  if (options.openLoop) stats.sendLag = summarizeLatency(histograms.sendLag);
  if (options.streaming || llmCounted(stage)) stats.streaming = streamingStats(stage, seconds);
  return stats;
}

/** Whether requests were read as LLM generations (a `request.format`), streamed or not. */
function llmCounted(stage: MergedStage): boolean {
  const c = stage.counts;
  return c.tokensFromServer + c.tokensFromEvents + c.tokensFromTokenizer + c.tokensEstimated > 0;
}

function streamingStats(stage: MergedStage, seconds: number): StreamingStats {
  const { counts, histograms } = stage;
  const sources = {
    usage: counts.tokensFromServer,
    tokenizer: counts.tokensFromTokenizer,
    events: counts.tokensFromEvents,
    estimate: counts.tokensEstimated,
  };
  const used = (Object.keys(sources) as (keyof typeof sources)[]).filter((k) => sources[k] > 0);
  const only = used.length === 1 ? used[0] : undefined;
  return {
    ttft: summarizeLatency(histograms.ttft),
    interTokenLatency: summarizeLatency(histograms.interTokenLatency),
    outputTokensPerSecond: tokensPerSecond(histograms.tokensPerSecond),
    outputTokens: counts.outputTokens,
    tokenCountSource:
      used.length > 1 ? 'mixed' : only === 'usage' ? 'server' : only === undefined ? 'events' : only,
    tokenSources: sources,
    tpot: summarizeLatency(histograms.tpot),
    outputTokenThroughput: seconds > 0 ? counts.outputTokens / seconds : 0,
    inputTokens: counts.inputTokens,
    inputTokensReported: counts.inputTokensReported,
    inputTokenThroughput: seconds > 0 ? counts.inputTokens / seconds : 0,
    outputSequenceLength: summarizeCounts(histograms.outputSequenceLength),
    ...(histograms.inputSequenceLength.totalCount > 0
      ? { inputSequenceLength: summarizeCounts(histograms.inputSequenceLength) }
      : {}),
  };
}

/** The tokens/s histogram holds tokens/s × 1000 as integers. */
function tokensPerSecond(histogram: Histogram): StreamingStats['outputTokensPerSecond'] {
  const empty = histogram.totalCount === 0;
  const at = (p: number) => (empty ? 0 : histogram.getValueAtPercentile(p) / 1000);
  return {
    count: histogram.totalCount,
    mean: empty ? 0 : histogram.mean / 1000,
    p50: at(50),
    p5: at(5),
    histogram: encodeHistogram(histogram),
  };
}

/**
 * The interval series of a stage: one record per interval of the stage, in order, each with its
 * offset and length (the last may be short); intervals in which nothing started are present, empty.
 */
export function intervalRecords(
  intervals: readonly IntervalSnapshot[],
  intervalMs: number,
  stageDurationMs: number,
): IntervalRecord[] {
  const byIndex = new Map(intervals.map((i) => [i.index, i]));
  const count = Math.max(Math.ceil(stageDurationMs / intervalMs), ...intervals.map((i) => i.index + 1));
  const records: IntervalRecord[] = [];
  let empty: string | undefined;
  for (let index = 0; index < count; index++) {
    const interval = byIndex.get(index);
    const offsetMs = index * intervalMs;
    records.push({
      offsetMs,
      durationMs: Math.max(1, Math.min(intervalMs, stageDurationMs - offsetMs)),
      ok: interval?.ok ?? 0,
      errors: interval?.errors ?? 0,
      dropped: interval?.dropped ?? 0,
      histogram: interval?.latency ?? (empty ??= encodeHistogram(createHistogram())),
    });
  }
  return records;
}
