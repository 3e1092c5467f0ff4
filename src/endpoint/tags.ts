/**
 * The tags every candidate resource carries. `perf-gate:run-id` marks a resource as ours (sweep
 * touches nothing without it); `perf-gate:expires-at` says when sweep may delete it.
 */
import type { Tag } from '@aws-sdk/client-sagemaker';
import type { RunIdentity } from './run-identity.js';

export const TAG_RUN_ID = 'perf-gate:run-id';
export const TAG_REPOSITORY = 'perf-gate:repository';
export const TAG_SHA = 'perf-gate:sha';
export const TAG_CREATED_AT = 'perf-gate:created-at';
export const TAG_EXPIRES_AT = 'perf-gate:expires-at';

/** SageMaker tag values allow letters, digits, spaces and `_.:/=+-@`, up to 256 characters. */
const TAG_VALUE_MAX = 256;

/** What the tags of one resource say, when it is ours. */
export interface OwnershipTags {
  runId: string;
  repository: string | undefined;
  sha: string | undefined;
  /** Undefined when the tag is missing or not a date. */
  createdAtMs: number | undefined;
  expiresAtMs: number | undefined;
}

/** The tags for resources created now by `run`, expiring `expiresAfterMs` later. */
export function candidateTags(run: RunIdentity, nowMs: number, expiresAfterMs: number): Tag[] {
  return [
    { Key: TAG_RUN_ID, Value: tagValue(run.runId) },
    { Key: TAG_REPOSITORY, Value: tagValue(run.repository) },
    { Key: TAG_SHA, Value: tagValue(run.sha) },
    { Key: TAG_CREATED_AT, Value: new Date(nowMs).toISOString() },
    { Key: TAG_EXPIRES_AT, Value: new Date(nowMs + expiresAfterMs).toISOString() },
  ];
}

/** Reads our tags from a resource's tag list; undefined when it does not carry `perf-gate:run-id`. */
export function readOwnershipTags(tags: readonly Tag[]): OwnershipTags | undefined {
  const value = (key: string) => tags.find((t) => t.Key === key)?.Value;
  const runId = value(TAG_RUN_ID);
  if (runId === undefined) return undefined;
  return {
    runId,
    repository: value(TAG_REPOSITORY),
    sha: value(TAG_SHA),
    createdAtMs: parseDate(value(TAG_CREATED_AT)),
    expiresAtMs: parseDate(value(TAG_EXPIRES_AT)),
  };
}

function tagValue(text: string): string {
  return text.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '_').slice(0, TAG_VALUE_MAX);
}

function parseDate(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}
