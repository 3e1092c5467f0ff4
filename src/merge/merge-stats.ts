/**
 * Adds up the statistics of one stage (or of `overall`) measured by several shards running at the
 * same time. Counts, bytes and rates add; histograms merge losslessly and every summary is
 * recomputed from the merged histogram, so a merged p95 is the p95 of all shards' requests.
 */
import {
  decodeHistogram,
  encodeHistogram,
  mergeHistograms,
  percentileMs,
  summarizeCounts,
  summarizeLatency,
} from '../metrics/histogram.js';
import {
  OUTCOME_CLASSES,
  type ErrorClassSummary,
  type LatencySummary,
  type StageStats,
  type StreamingStats,
} from '../result/document.js';

/** Merges latency distributions: their histograms are added, the summary is recomputed. */
function mergeLatency(summaries: readonly LatencySummary[]): LatencySummary {
  return summarizeLatency(mergeHistograms(summaries.map((s) => decodeHistogram(s.histogram))));
}

/** Adds encoded histograms; the result is encoded the same way. */
export function mergeEncodedHistograms(encoded: readonly string[]): string {
  return encodeHistogram(mergeHistograms(encoded.map(decodeHistogram)));
}

/**
 * The statistics of all shards together. Shards run concurrently over the same window, so rates add
 * (merged throughput = Σ shard throughput) and the window is the longest shard window.
 */
export function mergeStageStats(shards: readonly StageStats[]): StageStats {
  if (shards.length === 0) throw new Error('mergeStageStats needs at least one shard');
  const sum = (pick: (s: StageStats) => number) => shards.reduce((total, s) => total + pick(s), 0);
  const requests = sum((s) => s.requests);
  const errors = sum((s) => s.errors);
  const sendLags = shards.flatMap((s) => (s.sendLag ? [s.sendLag] : []));
  const streaming = shards.flatMap((s) => (s.streaming ? [s.streaming] : []));
  const merged: StageStats = {
    requests,
    ok: sum((s) => s.ok),
    errors,
    errorRate: requests === 0 ? 0 : errors / requests,
    throughputRps: sum((s) => s.throughputRps),
    completionRps: sum((s) => s.completionRps),
    elapsedMs: Math.max(...shards.map((s) => s.elapsedMs)),
    latency: mergeLatency(shards.map((s) => s.latency)),
    errorsByClass: mergeErrorsByClass(shards.map((s) => s.errorsByClass)),
    dropped: sum((s) => s.dropped),
    lateStarts: sum((s) => s.lateStarts),
    bytesSent: sum((s) => s.bytesSent),
    bytesReceived: sum((s) => s.bytesReceived),
  };
  if (shards.some((s) => s.goodRequests !== undefined)) {
    merged.goodRequests = sum((s) => s.goodRequests ?? 0);
    merged.goodputRps = sum((s) => s.goodputRps ?? 0);
  }
  if (sendLags.length > 0) merged.sendLag = mergeLatency(sendLags);
  if (streaming.length > 0) merged.streaming = mergeStreaming(streaming);
  return merged;
}

/** Per class: counts add, first seen is the earliest, last seen the latest, the sample is the earliest one. */
function mergeErrorsByClass(shards: readonly StageStats['errorsByClass'][]): StageStats['errorsByClass'] {
  const merged: StageStats['errorsByClass'] = {};
  for (const outcome of OUTCOME_CLASSES) {
    const present = shards.flatMap((s) => {
      const entry = s[outcome];
      return entry ? [entry] : [];
    });
    if (present.length > 0) merged[outcome] = mergeErrorClass(present);
  }
  return merged;
}

function mergeErrorClass(entries: readonly ErrorClassSummary[]): ErrorClassSummary {
  const earliest = entries.reduce((a, b) => (b.firstSeenMs < a.firstSeenMs ? b : a));
  const merged: ErrorClassSummary = {
    count: entries.reduce((total, e) => total + e.count, 0),
    firstSeenMs: earliest.firstSeenMs,
    lastSeenMs: Math.max(...entries.map((e) => e.lastSeenMs)),
    sampleMessage: earliest.sampleMessage,
  };
  const statuses = entries.flatMap((e) => (e.originalStatus ? Object.entries(e.originalStatus) : []));
  if (statuses.length > 0) {
    const byStatus: Record<string, number> = {};
    for (const [status, count] of statuses) byStatus[status] = (byStatus[status] ?? 0) + count;
    merged.originalStatus = byStatus;
  }
  return merged;
}

/**
 * Streaming figures: token histograms merge and their summaries are recomputed from the merged
 * histogram; counts and rates add (shards run over the same window).
 */
function mergeStreaming(shards: readonly StreamingStats[]): StreamingStats {
  const tokensPerSecond = mergeHistograms(
    shards.map((s) => decodeHistogram(s.outputTokensPerSecond.histogram)),
  );
  const sources = new Set(shards.map((s) => s.tokenCountSource));
  const empty = tokensPerSecond.totalCount === 0;
  return {
    ttft: mergeLatency(shards.map((s) => s.ttft)),
    interTokenLatency: mergeLatency(shards.map((s) => s.interTokenLatency)),
    outputTokensPerSecond: {
      count: tokensPerSecond.totalCount,
      // The histogram holds tokens/s × 1000, so the "ms" helpers read tokens/s directly.
      mean: empty ? 0 : tokensPerSecond.mean / 1000,
      p50: percentileMs(tokensPerSecond, 50),
      p5: percentileMs(tokensPerSecond, 5),
      histogram: encodeHistogram(tokensPerSecond),
    },
    outputTokens: shards.reduce((total, s) => total + s.outputTokens, 0),
    tokenCountSource: sources.size === 1 ? (shards[0]?.tokenCountSource ?? 'mixed') : 'mixed',
    ...mergeLlmFigures(shards),
  };
}

/** The optional LLM figures: present in the merge when a shard has them. */
function mergeLlmFigures(shards: readonly StreamingStats[]): Partial<StreamingStats> {
  const merged: Partial<StreamingStats> = {};
  const present = <T>(pick: (s: StreamingStats) => T | undefined): T[] =>
    shards.flatMap((s) => {
      const value = pick(s);
      return value === undefined ? [] : [value];
    });
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const tpots = present((s) => s.tpot);
  if (tpots.length > 0) merged.tpot = mergeLatency(tpots);
  const sources = present((s) => s.tokenSources);
  if (sources.length > 0)
    merged.tokenSources = {
      usage: sum(sources.map((s) => s.usage)),
      tokenizer: sum(sources.map((s) => s.tokenizer)),
      events: sum(sources.map((s) => s.events)),
      estimate: sum(sources.map((s) => s.estimate)),
    };
  for (const key of [
    'outputTokenThroughput',
    'inputTokens',
    'inputTokensReported',
    'inputTokenThroughput',
  ] as const) {
    const values = present((s) => s[key]);
    if (values.length > 0) merged[key] = sum(values);
  }
  for (const key of ['outputSequenceLength', 'inputSequenceLength'] as const) {
    const lengths = present((s) => s[key]);
    if (lengths.length > 0)
      merged[key] = summarizeCounts(mergeHistograms(lengths.map((l) => decodeHistogram(l.histogram))));
  }
  return merged;
}
