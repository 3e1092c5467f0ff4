/**
 * The tags every candidate resource carries. `perf-gate:run-id` marks a resource as ours (sweep
 * touches nothing without it); `perf-gate:repository` and `perf-gate:name-prefix` say whose it is
 * (sweep acts only on its own repository's and prefix's); `perf-gate:job`, `perf-gate:leg`,
 * `perf-gate:attempt` and `perf-gate:scenario` tell the legs of one run apart;
 * `perf-gate:expires-at` says when sweep may delete it.
 */
import type { Tag } from '@aws-sdk/client-sagemaker';
import type { RunIdentity } from './run-identity.js';

const TAG_RUN_ID = 'perf-gate:run-id';
const TAG_REPOSITORY = 'perf-gate:repository';
const TAG_SHA = 'perf-gate:sha';
const TAG_CREATED_AT = 'perf-gate:created-at';
export const TAG_EXPIRES_AT = 'perf-gate:expires-at';
const TAG_JOB = 'perf-gate:job';
const TAG_LEG = 'perf-gate:leg';
const TAG_ATTEMPT = 'perf-gate:attempt';
const TAG_SCENARIO = 'perf-gate:scenario';
const TAG_NAME_PREFIX = 'perf-gate:name-prefix';
/** `true` on resources of a `keep: true` run: sweep leaves them unless asked explicitly. */
export const TAG_KEEP = 'perf-gate:keep';

/** SageMaker tag values allow letters, digits, spaces and `_.:/=+-@`, up to 256 characters. */
const TAG_VALUE_MAX = 256;

/** What the tags of one resource say, when it is ours. */
export interface OwnershipTags {
  runId: string;
  repository: string | undefined;
  sha: string | undefined;
  job: string | undefined;
  leg: string | undefined;
  /** The `endpoint.deploy.name-prefix` the resource was named with. */
  namePrefix: string | undefined;
  /** Undefined when the tag is missing or not a date. */
  createdAtMs: number | undefined;
  expiresAtMs: number | undefined;
}

/** What the tags say about the resource beyond the run: its name prefix and scenario. */
export interface TagContext {
  namePrefix?: string | undefined;
  /** The config's `scenario` name, when it has one. */
  scenario?: string | undefined;
  /** The run keeps its candidate up (`keep: true`). */
  keep?: boolean | undefined;
}

/** The tags for resources created now by `run`, expiring `expiresAfterMs` later. */
export function candidateTags(
  run: RunIdentity,
  nowMs: number,
  expiresAfterMs: number,
  context: TagContext = {},
): Tag[] {
  const optional = (key: string, value: string | undefined): Tag[] =>
    value === undefined || value === '' ? [] : [{ Key: key, Value: tagValue(value) }];
  return [
    { Key: TAG_RUN_ID, Value: tagValue(run.runId) },
    { Key: TAG_REPOSITORY, Value: tagValue(run.repository) },
    { Key: TAG_SHA, Value: tagValue(run.sha) },
    ...optional(TAG_JOB, run.job),
    ...optional(TAG_LEG, run.leg),
    { Key: TAG_ATTEMPT, Value: String(run.attempt) },
    ...optional(TAG_SCENARIO, context.scenario),
    ...optional(TAG_NAME_PREFIX, context.namePrefix),
    ...optional(TAG_KEEP, context.keep ? 'true' : undefined),
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
    job: value(TAG_JOB),
    leg: value(TAG_LEG),
    namePrefix: value(TAG_NAME_PREFIX),
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
