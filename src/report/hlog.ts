/**
 * histograms.hlog: the HdrHistogram interval log (format 1.3) of a run, values in integer
 * microseconds, as two series:
 *
 * - an untagged series for the whole run: every 1-second interval of every stage in time order
 *   (stages never overlap). This is what HdrHistogram's own tools read with default options
 *   (`HistogramLogProcessor`, which ignores tagged intervals unless given `-tag`), so they see the
 *   whole run;
 * - the same intervals tagged with their stage (`Tag=<stage>`, whitespace and commas as `_`), to
 *   select one stage: `HistogramLogProcessor -i histograms.hlog -tag peak`, or keep intervals whose
 *   `tag` is the stage with hdr-histogram-js's HistogramLogReader.
 *
 * Readable by hdr-histogram-js's HistogramLogReader, HdrHistogram's Java/Go/Python log readers and
 * HdrHistogramVisualizer. Intervals are written as stored (already V2 compressed), never re-encoded.
 */
import { decodeHistogram } from '../metrics/histogram.js';
import type { ResultDocument } from '../result/document.js';

/** Tags end at a comma and must not contain whitespace. */
function hlogTag(stageName: string): string {
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
    `#sagemaker-perf-gate run ${result.runId}: latency of successful requests in microseconds; Interval_Max in ms`,
    '#untagged lines: the whole run; Tag=<stage> lines: the same intervals by stage (select one with -tag <stage>)',
    '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"',
  ];
  const tagged: string[] = [];
  for (const stage of [...result.stages].sort((a, b) => a.startedAtMs - b.startedAtMs)) {
    const tag = hlogTag(stage.name);
    for (const interval of stage.intervals) {
      const maxMs = decodeHistogram(interval.histogram).maxValue / 1000;
      const start = stage.startedAtMs + interval.offsetMs - base;
      const fields = `${seconds(start)},${seconds(interval.durationMs)},${maxMs.toFixed(3)},${interval.histogram}`;
      lines.push(fields);
      tagged.push(`Tag=${tag},${fields}`);
    }
  }
  return `${[...lines, ...tagged].join('\n')}\n`;
}
