/**
 * The backstop for a runner that died outright: find inference components, models, endpoint configs
 * and endpoints that
 * carry our `perf-gate:run-id` tag and whose `perf-gate:expires-at` has passed (or, with
 * `olderThanMs`, whose `perf-gate:created-at` is that old), and delete them with the same teardown
 * as a run. Resources without our tag are never touched; by default neither are those of another
 * repository or another name prefix (one AWS account often serves several repositories), nor those a
 * run kept on purpose (`keep: true`) unless asked. Every skipped resource of ours is reported with
 * its reason.
 */
import {
  ListEndpointConfigsCommand,
  ListEndpointsCommand,
  ListInferenceComponentsCommand,
  ListModelsCommand,
  ListTagsCommand,
  type Tag,
} from '@aws-sdk/client-sagemaker';
import { formatDuration, parseDurationMs } from '../core/duration.js';
import { errorMessage, InfrastructureError, UserInputError } from '../core/errors.js';
import { isRetryable, isNotFound } from './aws-errors.js';
import { describeResource, type CreatedResource, type ResourceKind } from './resources.js';
import { retry } from './retry.js';
import { readOwnershipTags, TAG_KEEP } from './tags.js';
import { deleteResources, type TeardownDeps, type TeardownReport } from './teardown.js';

export interface SweepOptions {
  nowMs: number;
  /** Also sweep our resources created at least this long ago, whatever their expiry says. */
  olderThanMs?: number | undefined;
  /** List what would be deleted; delete nothing. */
  dryRun: boolean;
  /** Retry budget per delete. Default 5 minutes. */
  teardownTimeoutMs?: number;
  /** Sweep only resources tagged with this repository (`owner/name`); undefined = every repository. */
  repository: string | undefined;
  /** Sweep only resources named with this `endpoint.deploy.name-prefix`. Default `perf-gate`. */
  namePrefix?: string | undefined;
  /** Also sweep resources a run kept on purpose (`keep: true`). Default false. */
  includeKept?: boolean | undefined;
}

/** One of our resources that the sweep left alone, and why. */
export interface SweepSkip {
  resource: CreatedResource;
  runId: string;
  reason: string;
}

/** One of our resources that is due for deletion, and why. */
export interface SweepCandidate {
  resource: CreatedResource;
  runId: string;
  repository: string | undefined;
  /** Why it is due: `expired 2h ago` or `created 3h ago (older than 2h)`. */
  reason: string;
}

export interface SweepReport {
  /** Resources listed in the region. */
  examined: number;
  /** Of those, carrying our tag. */
  ours: number;
  /** Ours and due, in deletion order (endpoints, configs, models). */
  due: SweepCandidate[];
  /** Ours but left alone: another repository or prefix, kept, or not due yet. */
  skipped: SweepSkip[];
  /** The deletion outcome; undefined for a dry run. */
  teardown: TeardownReport | undefined;
}

interface Listed {
  kind: ResourceKind;
  name: string;
  arn: string;
}

const LIST_CONCURRENCY = 4;

/** Finds and (unless `dryRun`) deletes our expired resources. */
export async function sweepExpired(deps: TeardownDeps, options: SweepOptions): Promise<SweepReport> {
  const listed = await listResources(deps);
  const due: SweepCandidate[] = [];
  const skipped: SweepSkip[] = [];
  let ours = 0;
  await forEachLimited(listed, LIST_CONCURRENCY, async (item) => {
    const tags = await listTags(item, deps);
    const owner = tags === undefined ? undefined : readOwnershipTags(tags);
    if (!owner) return;
    ours++;
    const resource = { kind: item.kind, name: item.name, arn: item.arn };
    const notOurs = scopeReason(item.name, owner, tags ?? [], options);
    const reason = dueReason(owner.expiresAtMs, owner.createdAtMs, options);
    if (notOurs !== undefined || reason === undefined) {
      skipped.push({ resource, runId: owner.runId, reason: notOurs ?? 'not expired yet' });
      return;
    }
    due.push({
      resource: { kind: item.kind, name: item.name, arn: item.arn },
      runId: owner.runId,
      repository: owner.repository,
      reason,
    });
  });
  // Components first: they live on endpoints (ours or a shared one) that may be swept too.
  const order: ResourceKind[] = ['inference-component', 'endpoint', 'endpoint-config', 'model'];
  due.sort(
    (a, b) =>
      order.indexOf(a.resource.kind) - order.indexOf(b.resource.kind) ||
      a.resource.name.localeCompare(b.resource.name),
  );
  skipped.sort((a, b) => a.resource.name.localeCompare(b.resource.name));
  for (const s of skipped) {
    const line = `Skipping ${describeResource(s.resource)} (run ${s.runId}): ${s.reason}.`;
    if (options.dryRun) deps.logger.info(line);
    else deps.logger.debug(line);
  }
  for (const c of due)
    deps.logger.info(
      `${options.dryRun ? 'Would delete' : 'Deleting'} ${describeResource(c.resource)} (run ${c.runId}${c.repository ? ` of ${c.repository}` : ''}; ${c.reason}).`,
    );
  const teardown = options.dryRun
    ? undefined
    : await deleteResources(
        due.map((c) => c.resource),
        deps,
        { timeoutMs: options.teardownTimeoutMs ?? 300_000 },
      );
  return { examined: listed.length, ours, due, skipped, teardown };
}

/** Why a resource of ours is outside this sweep's scope, or undefined when it is in scope. */
function scopeReason(
  name: string,
  owner: NonNullable<ReturnType<typeof readOwnershipTags>>,
  tags: readonly Tag[],
  options: Pick<SweepOptions, 'repository' | 'namePrefix' | 'includeKept'>,
): string | undefined {
  if (options.repository !== undefined && owner.repository !== options.repository)
    return `tagged for repository ${owner.repository ?? '(none)'}, not ${options.repository}`;
  const prefix = options.namePrefix ?? 'perf-gate';
  const namedWith = owner.namePrefix ?? (name.startsWith(`${prefix}-`) ? prefix : undefined);
  if (namedWith !== prefix) return `name prefix ${namedWith ?? '(another)'}, not ${prefix}`;
  if (!options.includeKept && tags.some((t) => t.Key === TAG_KEEP && t.Value === 'true'))
    return 'kept on purpose (keep: true); pass --include-kept to sweep it';
  return undefined;
}

/** The `--older-than` / `sweep-older-than` value in ms; `field` names the flag or input in the error. */
export function parseOlderThan(text: string, field: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined)
    throw new UserInputError({ field, message: `expected a duration like "2h" or "30m", but got "${text}"` });
  return ms;
}

/** One line summing up a sweep. */
export function sweepSummary(report: SweepReport, region: string, dryRun: boolean): string {
  return `Examined ${report.examined} resources in ${region}: ${report.ours} carry perf-gate tags, ${report.due.length} ${dryRun ? 'would be' : 'were'} swept, ${report.skipped.length} skipped.`;
}

/** Why a resource of ours is due for deletion, or undefined when it is not. */
export function dueReason(
  expiresAtMs: number | undefined,
  createdAtMs: number | undefined,
  options: Pick<SweepOptions, 'nowMs' | 'olderThanMs'>,
): string | undefined {
  if (expiresAtMs !== undefined && expiresAtMs <= options.nowMs)
    return `expired ${formatAge(options.nowMs - expiresAtMs)} ago`;
  if (
    options.olderThanMs !== undefined &&
    createdAtMs !== undefined &&
    options.nowMs - createdAtMs >= options.olderThanMs
  )
    return `created ${formatAge(options.nowMs - createdAtMs)} ago, older than ${formatDuration(options.olderThanMs)}`;
  return undefined;
}

/** An age to the minute (to the second under a minute): `2h`, `1h30m`, `45s`. */
function formatAge(ms: number): string {
  return ms < 60_000
    ? formatDuration(Math.round(ms / 1000) * 1000)
    : formatDuration(Math.round(ms / 60_000) * 60_000);
}

async function listResources(deps: TeardownDeps): Promise<Listed[]> {
  const endpoints = await listAll('list endpoints', deps, async (NextToken) => {
    const out = await deps.sagemaker.send(new ListEndpointsCommand({ MaxResults: 100, NextToken }));
    const items = (out.Endpoints ?? [])
      // A deleting endpoint is already on its way out.
      .filter((e) => e.EndpointStatus !== 'Deleting')
      .map((e) => ({ kind: 'endpoint' as const, name: e.EndpointName ?? '', arn: e.EndpointArn ?? '' }));
    return { items, next: out.NextToken };
  });
  const configs = await listAll('list endpoint configs', deps, async (NextToken) => {
    const out = await deps.sagemaker.send(new ListEndpointConfigsCommand({ MaxResults: 100, NextToken }));
    const items = (out.EndpointConfigs ?? []).map((c) => ({
      kind: 'endpoint-config' as const,
      name: c.EndpointConfigName ?? '',
      arn: c.EndpointConfigArn ?? '',
    }));
    return { items, next: out.NextToken };
  });
  const models = await listAll('list models', deps, async (NextToken) => {
    const out = await deps.sagemaker.send(new ListModelsCommand({ MaxResults: 100, NextToken }));
    const items = (out.Models ?? []).map((m) => ({
      kind: 'model' as const,
      name: m.ModelName ?? '',
      arn: m.ModelArn ?? '',
    }));
    return { items, next: out.NextToken };
  });
  const components = await listComponents(deps);
  return [...components, ...endpoints, ...configs, ...models].filter((r) => r.name !== '' && r.arn !== '');
}

/** Inference components (on any endpoint; a component on a shared endpoint is the common leftover). */
async function listComponents(deps: TeardownDeps): Promise<Listed[]> {
  return listAll('list inference components', deps, async (NextToken) => {
    const out = await deps.sagemaker.send(new ListInferenceComponentsCommand({ MaxResults: 100, NextToken }));
    const items = (out.InferenceComponents ?? [])
      .filter((c) => c.InferenceComponentStatus !== 'Deleting')
      .map((c) => ({
        kind: 'inference-component' as const,
        name: c.InferenceComponentName ?? '',
        arn: c.InferenceComponentArn ?? '',
      }));
    return { items, next: out.NextToken };
  });
}

/** The tags of one resource; undefined when it vanished meanwhile. */
async function listTags(item: Listed, deps: TeardownDeps): Promise<Tag[] | undefined> {
  try {
    return await listAll(`list the tags of ${describeResource(item)}`, deps, async (NextToken) => {
      const out = await deps.sagemaker.send(new ListTagsCommand({ ResourceArn: item.arn, NextToken }));
      return { items: out.Tags ?? [], next: out.NextToken };
    });
  } catch (error) {
    if (error instanceof InfrastructureError && isNotFound(error.cause)) return undefined;
    throw error;
  }
}

/** Follows NextToken until the end, retrying each page when throttled or transient. */
async function listAll<T>(
  what: string,
  deps: TeardownDeps,
  page: (token: string | undefined) => Promise<{ items: T[]; next: string | undefined }>,
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    try {
      const result = await retry(() => page(token), { what, retryable: isRetryable, ...deps });
      all.push(...result.items);
      token = result.next;
    } catch (error) {
      throw new InfrastructureError(`Could not ${what}: ${errorMessage(error)}`, { cause: error });
    }
  } while (token);
  return all;
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
