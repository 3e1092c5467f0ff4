/**
 * The run's LLM metrics in the layout and metric names of NVIDIA AIPerf's aggregate profile export
 * (`profile_export_aiperf.json` and `profile_export_aiperf.csv`), so numbers can be lined up with
 * AIPerf's — and with SageMaker AI benchmark jobs, which run AIPerf (docs/llm.md). Pure renderers.
 *
 * Names follow AIPerf: `time_to_first_token`, `inter_token_latency` (AIPerf's name for the
 * per-request time per output token, vLLM's TPOT), `request_latency`,
 * `output_token_throughput_per_user` (1 / inter_token_latency), `request_throughput`,
 * `output_token_throughput`, `benchmark_duration`, `request_count`, `total_isl`, `total_osl`,
 * `error_request_count`, and `input_sequence_length` / `output_sequence_length` as distributions
 * of the per-request token counts. Percentiles come from the run's HDR histograms (exact to 3
 * significant digits). `goodput` and `good_request_count` are null here (as AIPerf writes them without SLOs).
 */
import { decodeHistogram, type Histogram } from '../metrics/histogram.js';
import type { LatencySummary, ResultDocument, StageStats, TokenLengthSummary } from '../result/document.js';

const PERCENTILES = [1, 5, 10, 25, 50, 75, 90, 95, 99] as const;

/** One AIPerf metric with a distribution. */
export interface AiperfDistribution {
  unit: string;
  avg: number;
  min: number;
  max: number;
  std: number;
  [percentile: `p${number}`]: number;
}

interface Scalar {
  unit: string;
  avg: number;
}

/** The overall stats of a result with LLM figures, or undefined when the run measured none. */
function llmStats(
  result: ResultDocument,
): (StageStats & { streaming: NonNullable<StageStats['streaming']> }) | undefined {
  const { streaming } = result.overall;
  return streaming === undefined ? undefined : { ...result.overall, streaming };
}

/** A latency summary (µs histogram) as an AIPerf distribution in ms. */
function latencyDistribution(summary: LatencySummary): AiperfDistribution {
  const histogram = decodeHistogram(summary.histogram);
  const out: AiperfDistribution = {
    unit: 'ms',
    avg: summary.meanMs,
    min: summary.minMs,
    max: summary.maxMs,
    std: summary.stdDevMs,
  };
  for (const p of PERCENTILES)
    out[`p${p}`] = histogram.totalCount === 0 ? 0 : histogram.getValueAtPercentile(p) / 1000;
  return out;
}

/**
 * Tokens per request (a sequence length histogram) as an AIPerf distribution: AIPerf keeps each
 * request's `input_sequence_length` / `output_sequence_length` and aggregates them; we keep one
 * histogram of them per stage (mergeable across shards), exact below 2,048 tokens.
 */
function lengthDistribution(summary: TokenLengthSummary): AiperfDistribution {
  const histogram = decodeHistogram(summary.histogram);
  const out: AiperfDistribution = {
    unit: 'tokens',
    avg: summary.mean,
    min: summary.min,
    max: summary.max,
    std: summary.stdDev,
  };
  for (const p of PERCENTILES)
    out[`p${p}`] = histogram.totalCount === 0 ? 0 : histogram.getValueAtPercentile(p);
  return out;
}

/** Tokens/s per user = 1000 / TPOT ms: its p‑th percentile is the (100 − p)-th of TPOT inverted. */
function perUserThroughput(tpot: LatencySummary): AiperfDistribution | undefined {
  const histogram: Histogram = decodeHistogram(tpot.histogram);
  if (histogram.totalCount === 0 || tpot.minMs <= 0) return undefined;
  const inverse = (ms: number) => (ms > 0 ? 1000 / ms : 0);
  const out: AiperfDistribution = {
    unit: 'tokens/sec/user',
    avg: inverse(tpot.meanMs),
    min: inverse(tpot.maxMs),
    max: inverse(tpot.minMs),
    std: 0,
  };
  for (const p of PERCENTILES) out[`p${p}`] = inverse(histogram.getValueAtPercentile(100 - p) / 1000);
  return out;
}

/** `profile_export_aiperf.json`, or undefined when the run has no LLM figures. */
export function aiperfExport(result: ResultDocument): Record<string, unknown> | undefined {
  const stats = llmStats(result);
  if (!stats) return undefined;
  const { streaming } = stats;
  const seconds = stats.elapsedMs / 1000;
  const scalar = (unit: string, avg: number): Scalar => ({ unit, avg });
  const streamed = streaming.ttft.count > 0;
  const perUser = streaming.tpot ? perUserThroughput(streaming.tpot) : undefined;
  return {
    request_latency: latencyDistribution(stats.latency),
    ...(streamed ? { time_to_first_token: latencyDistribution(streaming.ttft) } : {}),
    ...(streamed && streaming.tpot ? { inter_token_latency: latencyDistribution(streaming.tpot) } : {}),
    ...(perUser ? { output_token_throughput_per_user: perUser } : {}),
    // Per-request distributions when the result has the length histograms (an older result: the mean).
    output_sequence_length: streaming.outputSequenceLength?.count
      ? lengthDistribution(streaming.outputSequenceLength)
      : scalar('tokens', stats.ok > 0 ? streaming.outputTokens / stats.ok : 0),
    ...(streaming.inputSequenceLength?.count
      ? { input_sequence_length: lengthDistribution(streaming.inputSequenceLength) }
      : streaming.inputTokensReported
        ? {
            input_sequence_length: scalar(
              'tokens',
              (streaming.inputTokens ?? 0) / streaming.inputTokensReported,
            ),
          }
        : {}),
    request_throughput: scalar('requests/sec', stats.throughputRps),
    output_token_throughput: scalar('tokens/sec', seconds > 0 ? streaming.outputTokens / seconds : 0),
    benchmark_duration: scalar('sec', seconds),
    request_count: scalar('requests', stats.ok),
    total_osl: scalar('tokens', streaming.outputTokens),
    ...(streaming.inputTokensReported ? { total_isl: scalar('tokens', streaming.inputTokens ?? 0) } : {}),
    error_request_count: stats.errors > 0 ? scalar('requests', stats.errors) : null,
    goodput: null,
    good_request_count: null,
    ...window(result),
    was_cancelled: false,
    error_summary: Object.entries(stats.errorsByClass).map(([type, entry]) => ({
      error_details: { code: null, type, message: entry.sampleMessage },
      count: entry.count,
    })),
    // Not AIPerf's: where token counts came from (usage, tokenizer, events, estimate), per request.
    token_count_sources: streaming.tokenSources ?? null,
  };
}

/** The run's wall-clock window (first stage start, last stage end), ISO 8601. */
function window(result: ResultDocument): { start_time?: string; end_time?: string } {
  const first = result.stages[0];
  const last = result.stages.at(-1);
  if (!first || !last) return {};
  return {
    start_time: new Date(first.startedAtMs).toISOString(),
    end_time: new Date(last.endedAtMs).toISOString(),
  };
}

const LABELS: Readonly<Record<string, string>> = {
  request_latency: 'Request Latency (ms)',
  time_to_first_token: 'Time to First Token (ms)',
  inter_token_latency: 'Inter Token Latency (ms)',
  output_token_throughput_per_user: 'Output Token Throughput Per User (tokens/sec/user)',
  output_sequence_length: 'Output Sequence Length (tokens)',
  input_sequence_length: 'Input Sequence Length (tokens)',
  benchmark_duration: 'Benchmark Duration (sec)',
  request_throughput: 'Request Throughput (requests/sec)',
  request_count: 'Request Count',
  output_token_throughput: 'Output Token Throughput (tokens/sec)',
  total_osl: 'Total Output Sequence Length (tokens)',
  total_isl: 'Total Input Sequence Length (tokens)',
};

const fixed = (n: number) => n.toFixed(2);

/** `profile_export_aiperf.csv`: the distribution section, a blank line, the summary section. */
export function aiperfCsv(exported: Record<string, unknown>): string {
  const columns = ['avg', 'min', 'max', ...PERCENTILES.map((p) => `p${p}`), 'std'];
  const rows = [`Metric,${columns.join(',')}`];
  const summary = ['Metric,Value'];
  for (const [key, label] of Object.entries(LABELS)) {
    const value = exported[key] as Partial<AiperfDistribution> | undefined | null;
    if (!value || typeof value.avg !== 'number') continue;
    if (typeof value.p50 === 'number')
      rows.push(`${label},${columns.map((c) => fixed(value[c as 'avg'] ?? 0)).join(',')}`);
    else summary.push(`${label},${fixed(value.avg)}`);
  }
  return `${rows.join('\n')}\n\n${summary.join('\n')}\n`;
}
