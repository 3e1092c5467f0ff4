import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { decodeHistogram, mergeHistograms } from '../../src/metrics/histogram.js';
import { renderHlog } from '../../src/report/hlog.js';
import { makeResult } from './fixtures.js';

/** The tag hdr-histogram-js's reader gives untagged intervals (its `NO_TAG`, not exported at the root). */
const NO_TAG = 'NO TAG';

describe('histograms.hlog', () => {
  it('round-trips through hdr-histogram-js HistogramLogReader with identical percentiles', () => {
    const result = makeResult({
      seed: 11,
      stages: [
        { name: 'low load', target: 2, durationS: 4, rps: 30, medianMs: 8 },
        { name: 'peak', target: 8, durationS: 5, rps: 80, medianMs: 31 },
      ],
    });
    const reader = new hdr.HistogramLogReader(renderHlog(result));
    const byTag = new Map<string, hdr.Histogram[]>();
    const starts = new Map<string, number[]>();
    for (let h = reader.nextIntervalHistogram(); h !== null; h = reader.nextIntervalHistogram()) {
      byTag.set(h.tag, [...(byTag.get(h.tag) ?? []), h]);
      starts.set(h.tag, [...(starts.get(h.tag) ?? []), h.startTimeStampMsec]);
    }
    expect([...byTag.keys()]).toEqual([NO_TAG, 'low_load', 'peak']);
    for (const stage of result.stages) {
      const tag = stage.name.replace(' ', '_');
      const read = byTag.get(tag)!;
      expect(read).toHaveLength(stage.intervals.length);
      expect(starts.get(tag)).toEqual(stage.intervals.map((i) => stage.startedAtMs + i.offsetMs));
      const merged = mergeHistograms(read);
      const original = decodeHistogram(stage.stats.latency.histogram);
      expect(merged.totalCount).toBe(original.totalCount);
      for (const p of [50, 90, 95, 99, 99.9, 100])
        expect(merged.getValueAtPercentile(p)).toBe(original.getValueAtPercentile(p));
      for (const [i, h] of read.entries()) {
        const stored = decodeHistogram(stage.intervals[i]!.histogram);
        expect(h.getValueAtPercentile(95)).toBe(stored.getValueAtPercentile(95));
      }
    }
  });

  it('has an untagged whole-run series that a reader with default options sums to the run count', () => {
    const result = makeResult({
      seed: 5,
      stages: [
        { name: 'warm', target: 2, durationS: 3, rps: 20, medianMs: 8 },
        { name: 'peak', target: 8, durationS: 4, rps: 60, medianMs: 20 },
      ],
    });
    const text = renderHlog(result);
    // Default options, as HdrHistogram's HistogramLogProcessor runs: untagged intervals only.
    const reader = new hdr.HistogramLogReader(text);
    const untagged: hdr.Histogram[] = [];
    for (let h = reader.nextIntervalHistogram(); h !== null; h = reader.nextIntervalHistogram())
      if (h.tag === NO_TAG) untagged.push(h);
    const whole = mergeHistograms(untagged);
    const expected = result.stages.reduce(
      (sum, s) => sum + decodeHistogram(s.stats.latency.histogram).totalCount,
      0,
    );
    expect(expected).toBeGreaterThan(0);
    expect(whole.totalCount).toBe(expected);
    expect(untagged.map((h) => h.startTimeStampMsec)).toEqual(
      result.stages.flatMap((s) => s.intervals.map((i) => s.startedAtMs + i.offsetMs)),
    );
    expect(hdr.listTags(text)).toEqual(expect.arrayContaining([NO_TAG, 'warm', 'peak']));
  });
});
