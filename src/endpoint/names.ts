/**
 * Names of candidate resources: `<prefix>-<short sha>-<run id>[-attempt][-leg]`, valid SageMaker names
 * (≤ 63 characters, letters, digits and inner hyphens). Model, endpoint config and endpoint share the
 * base name (they live in separate namespaces); a clone with several models numbers them `-m<n>`.
 */
import type { RunIdentity } from './run-identity.js';

/** SageMaker's limit for model, endpoint config and endpoint names. */
export const MAX_NAME_LENGTH = 63;
/** Room kept for a `-m<nn>` model suffix so every derived name still fits. */
const SUFFIX_RESERVE = 4;
const SHORT_SHA_LENGTH = 7;

/** The names one candidate deployment uses. */
export interface CandidateNames {
  endpoint: string;
  endpointConfig: string;
  /** Name for model `index` (0-based) of `count` models. */
  model(index: number, count: number): string;
}

/** Lower-cases and replaces anything but letters and digits with single hyphens, trimmed. */
function sanitizeNamePart(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The base name `<prefix>-<short sha>-<run id>[-attempt][-leg]`, shortened (prefix first) to fit. The
 * leg id keeps two matrix legs of one run (same sha, run and job) apart.
 */
export function candidateBaseName(prefix: string, run: RunIdentity): string {
  const sha = sanitizeNamePart(run.sha).slice(0, SHORT_SHA_LENGTH) || 'nosha';
  const runPart = sanitizeNamePart(run.runId) || 'run';
  const leg = sanitizeNamePart(run.leg ?? '');
  const tail = [sha, runPart, ...(run.attempt > 1 ? [String(run.attempt)] : []), ...(leg ? [leg] : [])].join(
    '-',
  );
  const budget = MAX_NAME_LENGTH - SUFFIX_RESERVE;
  const cleanPrefix = sanitizeNamePart(prefix) || 'perf-gate';
  const room = budget - tail.length - 1;
  if (room >= 1) return `${trimHyphens(cleanPrefix.slice(0, room))}-${tail}`;
  // A pathological run id: keep its end (the distinctive part of a counter) within the budget.
  return trimHyphens(`${cleanPrefix.slice(0, 1)}-${tail}`.slice(-budget));
}

/** The candidate's resource names for a prefix and run. */
export function candidateNames(prefix: string, run: RunIdentity): CandidateNames {
  const base = candidateBaseName(prefix, run);
  return {
    endpoint: base,
    endpointConfig: base,
    model: (index, count) => (count <= 1 ? base : `${base}-m${index + 1}`),
  };
}

function trimHyphens(text: string): string {
  return text.replace(/^-+|-+$/g, '');
}
