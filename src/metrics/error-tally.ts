/**
 * Failures by class: how many, first and last seen (epoch ms), one sample message, and for model
 * errors the container's original statuses. Plain data, so tallies cross threads and merge.
 */
import type { ErrorClass, ErrorClassSummary } from '../result/document.js';

/**
 * Generous on purpose: the sample is redacted and cut to its published length later
 * (src/result/redact-result.ts); cutting first could split a secret and leave a prefix unmasked.
 */
const MAX_MESSAGE_CHARS = 4096;

export type ErrorTally = Partial<Record<ErrorClass, ErrorClassSummary>>;

/** Adds one failure to a tally. */
export function tallyError(
  tally: ErrorTally,
  errorClass: ErrorClass,
  atMs: number,
  message: string | undefined,
  originalStatus: number | undefined,
): void {
  let entry = tally[errorClass];
  if (!entry) {
    entry = {
      count: 0,
      firstSeenMs: atMs,
      lastSeenMs: atMs,
      sampleMessage: truncate(message ?? errorClass),
    };
    tally[errorClass] = entry;
  }
  entry.count++;
  if (atMs < entry.firstSeenMs) entry.firstSeenMs = atMs;
  if (atMs > entry.lastSeenMs) entry.lastSeenMs = atMs;
  if (originalStatus !== undefined) {
    const statuses = (entry.originalStatus ??= {});
    const key = String(originalStatus);
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
}

/** Merges tallies (counts add, first/last widen, the earliest sample message wins). */
export function mergeErrorTallies(tallies: Iterable<ErrorTally>): ErrorTally {
  const merged: ErrorTally = {};
  for (const tally of tallies) {
    for (const [key, entry] of Object.entries(tally) as [ErrorClass, ErrorClassSummary][]) {
      const target = merged[key];
      if (!target) {
        merged[key] = {
          ...entry,
          ...(entry.originalStatus ? { originalStatus: { ...entry.originalStatus } } : {}),
        };
        continue;
      }
      target.count += entry.count;
      if (entry.firstSeenMs < target.firstSeenMs) {
        target.firstSeenMs = entry.firstSeenMs;
        target.sampleMessage = entry.sampleMessage;
      }
      target.lastSeenMs = Math.max(target.lastSeenMs, entry.lastSeenMs);
      if (entry.originalStatus) {
        const statuses = (target.originalStatus ??= {});
        for (const [status, count] of Object.entries(entry.originalStatus)) {
          statuses[status] = (statuses[status] ?? 0) + count;
        }
      }
    }
  }
  return merged;
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS - 3)}...` : text;
}
