/**
 * Merges the 1-second interval series of one stage across shards, aligned by wall clock: each shard's
 * offsets are relative to its own stage start, so an interval is placed at
 * `shard stage start + offset` and lands in the merged interval that covers that instant. Shards that
 * started together (the shared `start-at`) line up interval for interval.
 */
import type { IntervalRecord } from '../result/document.js';
import { mergeEncodedHistograms } from './merge-stats.js';

/** One shard's view of a stage: when it started (epoch ms) and its interval series. */
export interface ShardIntervals {
  startedAtMs: number;
  intervals: readonly IntervalRecord[];
}

/**
 * The merged interval series, offsets relative to `mergedStartMs` (the earliest shard's stage start).
 * Counts add and histograms merge losslessly per interval.
 */
export function mergeIntervals(shards: readonly ShardIntervals[], mergedStartMs: number): IntervalRecord[] {
  const all = shards.flatMap((s) => s.intervals);
  if (all.length === 0) return [];
  // The interval length: every full interval has it; only a stage's last one may be shorter.
  const intervalMs = Math.max(...all.map((i) => i.durationMs));
  const buckets = new Map<number, IntervalRecord[]>();
  for (const shard of shards) {
    for (const interval of shard.intervals) {
      const wallOffsetMs = shard.startedAtMs + interval.offsetMs - mergedStartMs;
      const bucket = Math.max(0, Math.round(wallOffsetMs / intervalMs));
      const list = buckets.get(bucket) ?? [];
      list.push(interval);
      buckets.set(bucket, list);
    }
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([bucket, list]) => ({
      offsetMs: bucket * intervalMs,
      durationMs: Math.max(...list.map((i) => i.durationMs)),
      ok: list.reduce((total, i) => total + i.ok, 0),
      errors: list.reduce((total, i) => total + i.errors, 0),
      dropped: list.reduce((total, i) => total + i.dropped, 0),
      histogram: mergeEncodedHistograms(list.map((i) => i.histogram)),
    }));
}
