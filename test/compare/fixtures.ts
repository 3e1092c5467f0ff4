/** Constructed result documents for the comparison tests: exact control over every interval. */
import { createHistogram, encodeHistogram, mergeHistograms, recordUs } from '../../src/metrics/histogram.js';
import { normal, seededRandom } from '../../src/core/random.js';
import type { ResultDocument, StageResult, StageStats } from '../../src/result/document.js';
import { compareSchema, sloSchema } from '../../src/config/gate-schema.js';
import { clientHealth, resultDocument, stageStats } from '../support/result-builder.js';

export interface StageSpec {
  name: string;
  /** Seconds (1-second intervals). Default 30. */
  seconds?: number;
  /** Successful requests per second. Default 100. */
  rps?: number;
  /** Median latency, ms. Default 50. */
  medianMs?: number;
  /** Lognormal sigma of latency. Default 0.25. */
  sigma?: number;
  /** Failed requests per second. Default 0. */
  errorsPerSecond?: number;
  /** Fraction of successes that met `slo.request` (goodput measured). Default: goodput not measured. */
  goodFraction?: number;
}

export interface RunSpec {
  runId: string;
  seed?: number;
  /** Multiplies every latency and divides throughput (a slower or faster run). Default 1. */
  latencyFactor?: number;
  /** Multiplies requests per second only. Default 1. */
  throughputFactor?: number;
  stages?: StageSpec[];
  scenarioKey?: string;
  sha?: string;
  createdAt?: string;
  saturated?: boolean;
}

/** A result document whose stages follow the spec, with seeded lognormal latencies. */
export function makeResult(spec: RunSpec): ResultDocument {
  const random = seededRandom(spec.seed ?? 1);
  const latencyFactor = spec.latencyFactor ?? 1;
  const stages = (spec.stages ?? [{ name: 'steady' }]).map((s, index): StageResult => {
    const seconds = s.seconds ?? 30;
    const rps = Math.round((s.rps ?? 100) * (spec.throughputFactor ?? 1));
    const errorsPerSecond = s.errorsPerSecond ?? 0;
    const intervals = [];
    const histograms = [];
    let ok = 0;
    for (let i = 0; i < seconds; i++) {
      const h = createHistogram();
      // Counting noise, as in a real closed loop: about √rps requests per second either way.
      const count = Math.max(1, Math.round(rps + Math.sqrt(rps) * normal(random)));
      ok += count;
      for (let r = 0; r < count; r++) {
        recordUs(h, (s.medianMs ?? 50) * 1000 * latencyFactor * Math.exp((s.sigma ?? 0.25) * normal(random)));
      }
      histograms.push(h);
      intervals.push({
        offsetMs: i * 1000,
        durationMs: 1000,
        ok: count,
        errors: errorsPerSecond,
        dropped: 0,
        histogram: encodeHistogram(h),
      });
    }
    const good = s.goodFraction === undefined ? undefined : Math.round(ok * s.goodFraction);
    const stats = stageStats(
      {
        histogram: mergeHistograms(histograms),
        ok,
        errors: errorsPerSecond * seconds,
        elapsedMs: seconds * 1000,
      },
      good === undefined ? {} : { goodRequests: good, goodputRps: good / seconds },
    );
    return {
      name: s.name,
      index,
      target: 4,
      startTarget: 4,
      rampMs: 0,
      plannedDurationMs: seconds * 1000,
      startedAtMs: 0,
      endedAtMs: seconds * 1000,
      stats,
      intervals,
    };
  });
  const overall = stages[0]?.stats as StageStats;
  return resultDocument({
    runId: spec.runId,
    createdAt: spec.createdAt ?? '2025-01-01T00:00:00.000Z',
    scenario: { key: spec.scenarioKey ?? 'scenario0000001', components: { target: 'endpoint:demo' } },
    source: spec.sha ? { sha: spec.sha, branch: 'main' } : {},
    stages,
    overall,
    clientHealth: clientHealth({
      saturated: spec.saturated ?? false,
      warning: 'worker CPU at 99 %: add workers',
    }),
  });
}

/** The `compare:` and `slo:` sections as parsed from config (defaults unless given). */
export function gateSettings(raw: { compare?: object; slo?: object } = {}) {
  return { compare: compareSchema.parse(raw.compare ?? {}), slo: sloSchema.parse(raw.slo ?? {}) };
}
