/**
 * Limits on the load a config may ask for: virtual users, arrival rate, worker threads and requests
 * in flight. Without them `target: 1e12` users would be accepted and memory would grow without
 * bound. Checked when the config is parsed (against its own guardrails) and again against the
 * limits in force (the strictest of inputs, base branch and file).
 */
import type { InputIssue } from '../core/errors.js';

export interface LoadShape {
  mode: 'concurrency' | 'arrival-rate';
  workers: number | 'auto';
  maxInFlight: number;
  stages: readonly { target: number }[];
  /** `load.mode: capacity`: the search probes up to `max` (users or requests/s, as `mode`). */
  capacity?: { max: number } | undefined;
}

export interface LoadLimits {
  maxUsers?: number | undefined;
  maxArrivalRate?: number | undefined;
  maxWorkers?: number | undefined;
  maxInFlight?: number | undefined;
}

/** One issue per stage or setting over its limit, naming the field and the limit. */
export function loadLimitIssues(load: LoadShape, limits: LoadLimits): InputIssue[] {
  const issues: InputIssue[] = [];
  const users = load.mode === 'concurrency';
  const limit = users ? limits.maxUsers : limits.maxArrivalRate;
  const limitField = users ? 'guardrails.max-users' : 'guardrails.max-arrival-rate';
  // `?? []`: after a failed `load:` section the schema's cross-field rules see the raw value.
  (load.stages ?? []).forEach((stage, i) => {
    if (limit !== undefined && stage.target > limit)
      issues.push({
        field: `load.stages[${i}].target`,
        message: `${stage.target} ${users ? 'virtual users' : 'requests/s'} exceed the limit of ${limit}`,
        fix: `lower the target, or raise \`${limitField}\` (on the base branch, for a pull request)`,
      });
  });
  if (limit !== undefined && load.capacity !== undefined && load.capacity.max > limit)
    issues.push({
      field: 'load.capacity.max',
      message: `${load.capacity.max} ${users ? 'virtual users' : 'requests/s'} exceed the limit of ${limit}`,
      fix: `lower the search's maximum, or raise \`${limitField}\` (on the base branch, for a pull request)`,
    });
  if (limits.maxWorkers !== undefined && load.workers !== 'auto' && load.workers > limits.maxWorkers)
    issues.push({
      field: 'load.workers',
      message: `${load.workers} worker threads exceed the limit of ${limits.maxWorkers}`,
      fix: 'use fewer workers, or raise `guardrails.max-workers`',
    });
  if (!users && limits.maxInFlight !== undefined && load.maxInFlight > limits.maxInFlight)
    issues.push({
      field: 'load.max-in-flight',
      message: `${load.maxInFlight} requests in flight exceed the limit of ${limits.maxInFlight}`,
      fix: 'lower it, or raise `guardrails.max-in-flight`',
    });
  return issues;
}
