/**
 * histograms.hlog: the HdrHistogram interval log (format 1.3) of a run — every 1-second interval of
 * every stage, tagged with the stage name, values in integer microseconds. Readable by
 * hdr-histogram-js's HistogramLogReader, HdrHistogram's Java/Go/Python log readers and
 * HdrHistogramVisualizer. Intervals are written as stored (already V2 compressed), never re-encoded.
 */
import { decodeHistogram } from '../metrics/histogram.js';
import type { ResultDocument } from '../result/document.js';

/** Tags end at a comma and must not contain whitespace. */
export function hlogTag(stageName: string): string {
  return stageName.replace(/[,\s]/g, '_');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** The interval log text. Timestamps are relative to the first stage's start (the BaseTime). */
export function renderHlog(result: ResultDocument): string {
  const baseMs = Math.min(...result.stages.map((s) => s.startedAtMs), Number.MAX_SAFE_INTEGER);
  const base = result.stages.length === 0 ? Date.parse(result.createdAt) || 0 : baseMs;
  const lines = [
    '#[Histogram log format version 1.3]',
    `#[StartTime: ${seconds(base)} (seconds since epoch), ${new Date(base).toISOString()}]`,
    `#[BaseTime: ${seconds(base)} (seconds since epoch)]`,
    `#sagemaker-perf-gate run ${result.runId}: latency of successful requests in microseconds, one tag per stage; Interval_Max in ms`,
    '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"',
  ];
  for (const stage of result.stages) {
    const tag = hlogTag(stage.name);
    for (const interval of stage.intervals) {
      const maxMs = decodeHistogram(interval.histogram).maxValue / 1000;
      const start = stage.startedAtMs + interval.offsetMs - base;
      lines.push(
        `Tag=${tag},${seconds(start)},${seconds(interval.durationMs)},${maxMs.toFixed(3)},${interval.histogram}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
