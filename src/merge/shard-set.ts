/**
 * Decides whether a set of shard result documents can be merged: one scenario, one run, one shard
 * count, every index at most once. Anything that would mix unrelated measurements is refused
 * (`UserInputError`, naming the file); shards that are simply absent are reported as missing so the
 * merged result can be marked incomplete instead.
 */
import { UserInputError, type InputIssue } from '../core/errors.js';
import type { ResultDocument } from '../result/document.js';

/** One shard's result document and where it came from (file path or artifact name), for messages. */
export interface ShardInput {
  source: string;
  document: ResultDocument;
}

/** A shard input whose document carries its shard position. */
export interface PlacedShard extends ShardInput {
  index: number;
  count: number;
}

/** The shards that belong together, in index order, and the indexes nobody delivered. */
export interface ShardSet {
  count: number;
  startAtMs: number;
  shards: PlacedShard[];
  missing: number[];
}

/** `2/3`: how shards are named in every message. */
export function shardLabel(index: number, count: number): string {
  return `${index}/${count}`;
}

/**
 * Checks that the inputs are shards of one run of one scenario and places them by index.
 * @param expectedCount the number of shards the caller launched, when it knows (the matrix size)
 * @throws UserInputError listing every problem, each naming the file
 */
export function planShardSet(inputs: readonly ShardInput[], expectedCount?: number): ShardSet {
  if (inputs.length === 0) {
    throw new UserInputError({
      field: 'shards',
      message: 'no shard result documents were given',
      fix: 'pass the directories (or downloaded artifacts) the shard runs wrote their result.json to',
    });
  }
  const issues: InputIssue[] = [];
  const placed: PlacedShard[] = [];
  for (const input of inputs) {
    const shard = input.document.shard;
    if (!shard) {
      issues.push({
        field: input.source,
        message: input.document.shards
          ? 'is already a merged result; merge takes the result of each shard'
          : 'is not a shard result (it has no `shard` field)',
        fix: 'run each runner with `--shard i/n` (or the `shard` input) and merge those results',
      });
      continue;
    }
    placed.push({ ...input, index: shard.index, count: shard.count });
  }
  throwIfAny(issues);

  const count = expectedCount ?? majority(placed.map((p) => p.count));
  const reference = placed.find((p) => p.count === count) ?? placed[0];
  if (!reference) throw new Error('unreachable: no placed shard');
  const key = majority(placed.map((p) => p.document.scenario.key));
  const startAtMs = majority(placed.map((p) => p.document.shard?.startAtMs ?? 0));
  const workflowRunId = majority(placed.map((p) => p.document.source.workflowRunId ?? ''));
  const sha = majority(placed.map((p) => p.document.source.sha ?? ''));

  for (const p of placed) issues.push(...shardIssues(p, { count, key, startAtMs, workflowRunId, sha }));
  const byIndex = new Map<number, PlacedShard>();
  for (const p of placed) {
    const previous = byIndex.get(p.index);
    if (previous) {
      issues.push({
        field: p.source,
        message: `shard ${shardLabel(p.index, p.count)} appears twice (also in ${previous.source})`,
        fix: 'give each shard result once; a re-run shard replaces the failed one',
      });
    } else byIndex.set(p.index, p);
  }
  throwIfAny(issues);

  const missing: number[] = [];
  for (let index = 1; index <= count; index++) if (!byIndex.has(index)) missing.push(index);
  return {
    count,
    startAtMs,
    shards: [...byIndex.values()].sort((a, b) => a.index - b.index),
    missing,
  };
}

interface Expected {
  count: number;
  key: string;
  startAtMs: number;
  workflowRunId: string;
  sha: string;
}

function shardIssues(p: PlacedShard, expected: Expected): InputIssue[] {
  const issues: InputIssue[] = [];
  const label = shardLabel(p.index, p.count);
  const doc = p.document;
  if (p.count !== expected.count) {
    issues.push({
      field: p.source,
      message: `is shard ${label}, but the run was split into ${expected.count} shards`,
      fix: 'merge only shards of one matrix run; every shard must use the same `n` in `shard: i/n`',
    });
  } else if (p.index < 1 || p.index > p.count) {
    issues.push({ field: p.source, message: `has an impossible shard position ${label}` });
  }
  if (doc.scenario.key !== expected.key) {
    issues.push({
      field: p.source,
      message: `shard ${label} ran another scenario (key ${doc.scenario.key}${doc.scenario.name ? `, "${doc.scenario.name}"` : ''}; the others ran ${expected.key})`,
      fix: 'every shard must run the same config; merge only the shards of one scenario',
    });
  }
  const startAtMs = doc.shard?.startAtMs ?? 0;
  if (startAtMs !== expected.startAtMs) {
    issues.push({
      field: p.source,
      message: `shard ${label} belongs to another run (start-at ${isoOrRaw(startAtMs)}; the others ${isoOrRaw(expected.startAtMs)})`,
      fix: 'give every shard of a run the same `start-at`, and merge only shards of that run',
    });
  }
  const runId = doc.source.workflowRunId ?? '';
  if (runId !== expected.workflowRunId) {
    issues.push({
      field: p.source,
      message: `shard ${label} comes from workflow run ${runId || '(none)'}; the others from ${expected.workflowRunId || '(none)'}`,
      fix: 'merge only the shard artifacts of the current workflow run',
    });
  }
  const sha = doc.source.sha ?? '';
  if (sha !== expected.sha) {
    issues.push({
      field: p.source,
      message: `shard ${label} tested commit ${sha || '(none)'}; the others ${expected.sha || '(none)'}`,
    });
  }
  return issues;
}

/** The most common value; ties go to the value seen first. */
function majority<T>(values: readonly T[]): T {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined;
  let bestCount = 0;
  for (const [value, n] of counts) {
    if (n > bestCount) {
      best = value;
      bestCount = n;
    }
  }
  if (best === undefined) throw new Error('majority of an empty list');
  return best;
}

function isoOrRaw(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}

function throwIfAny(issues: InputIssue[]): void {
  if (issues.length > 0) throw new UserInputError(issues, { title: 'Cannot merge these shard results' });
}
