/**
 * How progress is shown: a log line every few seconds (CI logs), or a bar redrawn in place when
 * the output is a terminal. Pure formatting plus a writer; the engine only produces snapshots.
 */
import { formatDuration } from '../../core/duration.js';
import type { Logger } from '../../core/logger.js';
import type { ProgressSnapshot } from './progress-tracker.js';

/** `[mid 2/3] 34s/1m  412.3 req/s  p95 23.4 ms  errors 3 (0.7 %)` */
export function formatProgressLine(p: ProgressSnapshot): string {
  const label = p.measured ? p.stageName : `${p.stageName} (not measured)`;
  const errorPct = p.requests > 0 ? (100 * p.errors) / p.requests : 0;
  const parts = [
    `[${label} ${p.stageIndex + 1}/${p.stageCount}]`,
    `${formatDuration(p.stageElapsedMs)}/${formatDuration(p.stageDurationMs)}`,
    `${p.recentRps.toFixed(1)} req/s`,
    `p95 ${p.p95Ms.toFixed(1)} ms`,
    `errors ${p.errors} (${errorPct.toFixed(1)} %)`,
  ];
  if (p.dropped > 0) parts.push(`dropped ${p.dropped}`);
  return parts.join('  ');
}

/** A one-line bar for terminals: overall progress, then the same figures as the log line. */
export function formatProgressBar(p: ProgressSnapshot, width = 24): string {
  const fraction = p.runDurationMs > 0 ? Math.min(1, p.runElapsedMs / p.runDurationMs) : 1;
  const filled = Math.round(fraction * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${(fraction * 100).toFixed(0).padStart(3)}% ${formatProgressLine(p)}`;
}

export interface ProgressDisplay {
  /** How often it wants a snapshot. */
  readonly everyMs: number;
  show(snapshot: ProgressSnapshot): void;
  /** The run is over (ends the bar's line). */
  done(): void;
}

/** Log lines through the logger, every `everyMs` (default 5 s). */
export function logProgress(logger: Logger, everyMs = 5000): ProgressDisplay {
  return { everyMs, show: (s) => logger.info(formatProgressLine(s)), done: () => undefined };
}

/** A bar redrawn in place on a terminal stream. */
export function barProgress(stream: NodeJS.WritableStream, everyMs = 250): ProgressDisplay {
  let drawn = false;
  return {
    everyMs,
    show: (s) => {
      stream.write(`\r\x1b[2K${formatProgressBar(s)}`);
      drawn = true;
    },
    done: () => {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
