/**
 * Records one generator's requests in one stage: histograms for the stage, a histogram per
 * interval (by request start, so intervals partition the stage's requests exactly), counts, error
 * tallies and streaming figures. Memory stays bounded: an interval is encoded and its histogram
 * dropped as soon as its time is over and none of its requests is still in flight.
 */
import type { Outcome } from '../load/invoke/outcome.js';
import type { TokenCountSource } from '../load/tokens/token-counter.js';
import type { ErrorClass } from '../result/document.js';
import { tallyError, type ErrorTally } from './error-tally.js';
import { createHistogram, encodeHistogram, recordCount, recordUs, type Histogram } from './histogram.js';
import {
  emptyCounts,
  STAGE_HISTOGRAMS,
  type IntervalSnapshot,
  type StageCounts,
  type StageHistogramName,
  type StageSnapshot,
} from './stage-snapshot.js';

/**
 * Per-request limits for goodput (`slo.request`), µs. A request is good when it succeeded and met
 * every limit set: latency, time to first token, and time per output token
 * ((latency − TTFT) / (tokens − 1); a response of one token or less has no time per output token and
 * meets that limit).
 */
export interface RequestSloUs {
  readonly latencyUs?: number | undefined;
  readonly ttftUs?: number | undefined;
  readonly tpotUs?: number | undefined;
}

/** True when a successful request with these figures meets every limit of `slo`. */
function meetsRequestSlo(
  slo: RequestSloUs,
  latencyUs: number,
  ttftUs: number | undefined,
  tokens: number | undefined,
): boolean {
  if (slo.latencyUs !== undefined && latencyUs > slo.latencyUs) return false;
  if (slo.ttftUs !== undefined && (ttftUs === undefined || ttftUs > slo.ttftUs)) return false;
  if (slo.tpotUs !== undefined && ttftUs !== undefined && tokens !== undefined && tokens > 1) {
    if ((latencyUs - ttftUs) / (tokens - 1) > slo.tpotUs) return false;
  }
  if (slo.tpotUs !== undefined && ttftUs === undefined) return false;
  return true;
}

/** A request started this late after its intended start counts as a late start. */
const LATE_START_US = 1000;

interface OpenInterval {
  ok: number;
  errors: number;
  dropped: number;
  inFlight: number;
  latency: Histogram;
}

export class StageRecorder {
  readonly counts: StageCounts = emptyCounts();
  readonly histograms: Record<StageHistogramName, Histogram>;
  readonly errorsByClass: ErrorTally = {};
  private readonly open = new Map<number, OpenInterval>();
  private readonly sealed: IntervalSnapshot[] = [];
  /** Latencies since the last `takeProgress()` (for "p95 so far"). */
  private progress: Histogram = createHistogram();

  /**
   * @param startUs monotonic µs of the stage start (interval 0 begins here)
   * @param intervalUs interval length, default 1 s
   */
  constructor(
    readonly startUs: number,
    readonly intervalUs = 1_000_000,
    /** `slo.request` in µs; undefined: goodput is not measured. */
    readonly requestSlo?: RequestSloUs,
  ) {
    this.histograms = {} as Record<StageHistogramName, Histogram>;
    for (const name of STAGE_HISTOGRAMS) this.histograms[name] = createHistogram();
  }

  /** A request is being sent: `intendedUs` is its scheduled start, `sentUs` the actual one. */
  started(intendedUs: number, sentUs: number, bytesSent: number): void {
    this.interval(intendedUs).inFlight++;
    this.counts.bytesSent += bytesSent;
    const lagUs = sentUs - intendedUs;
    recordUs(this.histograms.sendLag, lagUs);
    if (lagUs > LATE_START_US) this.counts.lateStarts++;
  }

  /** An arrival that could not start because max-in-flight was reached. */
  dropped(intendedUs: number): void {
    this.counts.dropped++;
    this.interval(intendedUs).dropped++;
  }

  /**
   * A request completed. Latency runs from `originUs` (the intended start in open loop, the actual
   * start in closed loop) to the completion. `atMs` is the wall clock, for error first/last seen.
   */
  completed(intendedUs: number, originUs: number, outcome: Outcome, atMs: number): void {
    const interval = this.interval(intendedUs);
    interval.inFlight--;
    this.counts.requests++;
    this.counts.bytesReceived += outcome.bytesReceived;
    if (outcome.outcome !== 'ok') {
      this.counts.errors++;
      interval.errors++;
      tallyError(
        this.errorsByClass,
        outcome.outcome as ErrorClass,
        atMs,
        outcome.message,
        outcome.originalStatus,
      );
      return;
    }
    this.counts.ok++;
    interval.ok++;
    const latencyUs = outcome.endUs - originUs;
    recordUs(this.histograms.latency, latencyUs);
    recordUs(interval.latency, latencyUs);
    recordUs(this.progress, latencyUs);
    if (outcome.stream) this.recordStream(outcome, originUs, latencyUs);
    if (this.requestSlo) {
      const stream = outcome.stream;
      const ttftUs = stream?.firstTokenUs === undefined ? undefined : stream.firstTokenUs - originUs;
      const tokens = stream ? (stream.serverTokens ?? stream.tokenEvents) : undefined;
      if (meetsRequestSlo(this.requestSlo, latencyUs, ttftUs, tokens)) this.counts.good++;
    }
  }

  private recordStream(outcome: Outcome, originUs: number, latencyUs: number): void {
    const stream = outcome.stream;
    if (!stream) return;
    const tokens = stream.outputTokens ?? stream.serverTokens ?? stream.tokenEvents;
    if (stream.firstTokenUs !== undefined) {
      const ttftUs = stream.firstTokenUs - originUs;
      recordUs(this.histograms.ttft, ttftUs);
      // Time per output token, as vLLM's TPOT and AIPerf's inter_token_latency define it.
      if (tokens > 1) recordUs(this.histograms.tpot, (latencyUs - ttftUs) / (tokens - 1));
    }
    // Every gap of every token: a plain indexed loop, no iterator or closure per token.
    const gaps = stream.gapsUs;
    const itl = this.histograms.interTokenLatency;
    for (let i = 0; i < gaps.length; i++) recordUs(itl, gaps[i]!);
    this.countSource(stream.tokenSource ?? (stream.serverTokens !== undefined ? 'usage' : 'events'));
    this.counts.outputTokens += tokens;
    recordCount(this.histograms.outputSequenceLength, tokens);
    if (stream.inputTokens !== undefined) {
      this.counts.inputTokens += stream.inputTokens;
      this.counts.inputTokensReported++;
      recordCount(this.histograms.inputSequenceLength, stream.inputTokens);
    }
    if (latencyUs > 0) recordUs(this.histograms.tokensPerSecond, (tokens / (latencyUs / 1e6)) * 1000);
  }

  private countSource(source: TokenCountSource): void {
    if (source === 'usage') this.counts.tokensFromServer++;
    else if (source === 'tokenizer') this.counts.tokensFromTokenizer++;
    else if (source === 'events') this.counts.tokensFromEvents++;
    else this.counts.tokensEstimated++;
  }

  /** Encodes and frees intervals that ended before `nowUs` and have nothing in flight. */
  sealFinished(nowUs: number): void {
    for (const [index, interval] of this.open) {
      const endUs = this.startUs + (index + 1) * this.intervalUs;
      if (endUs <= nowUs && interval.inFlight <= 0) this.seal(index, interval);
    }
  }

  /** Latencies recorded since the previous call (and resets). */
  takeProgress(): Histogram {
    const taken = this.progress;
    this.progress = createHistogram();
    return taken;
  }

  /** Everything, encoded. Seals every interval. */
  snapshot(): StageSnapshot {
    for (const [index, interval] of this.open) this.seal(index, interval);
    const histograms = {} as Record<StageHistogramName, string>;
    for (const name of STAGE_HISTOGRAMS) histograms[name] = encodeHistogram(this.histograms[name]);
    return {
      counts: { ...this.counts },
      histograms,
      errorsByClass: this.errorsByClass,
      intervals: [...this.sealed].sort((a, b) => a.index - b.index),
    };
  }

  private interval(intendedUs: number): OpenInterval {
    const index = Math.max(0, Math.floor((intendedUs - this.startUs) / this.intervalUs));
    let interval = this.open.get(index);
    if (!interval) {
      interval = { ok: 0, errors: 0, dropped: 0, inFlight: 0, latency: createHistogram() };
      this.open.set(index, interval);
    }
    return interval;
  }

  private seal(index: number, interval: OpenInterval): void {
    this.open.delete(index);
    this.sealed.push({
      index,
      ok: interval.ok,
      errors: interval.errors,
      dropped: interval.dropped,
      latency: encodeHistogram(interval.latency),
    });
  }
}
