/**
 * The action side of `mode: merge`: finds the shard artifacts of the workflow run, downloads each into
 * its own directory and merges them. The artifact client is injected (the real `@actions/artifact`
 * client in the action, a local fake in tests); `findBy` reaches another workflow run's artifacts.
 */
import { join } from 'node:path';
import type { Artifact, ArtifactClient, FindOptions } from '@actions/artifact';
import { InfrastructureError, UserInputError, attempt } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { ResultDocument } from '../result/document.js';
import { parseShardArtifactName, shardArtifactName } from '../shard/artifact-name.js';
import { isInstanceLegSet, mergeInstanceLegs } from './instance-legs.js';
import { mergeShardDocuments, type MergeOptions } from './merge-document.js';
import { readShardDocuments } from './read-shards.js';

/** The two calls merge needs from `@actions/artifact`. */
export type ShardArtifactClient = Pick<ArtifactClient, 'listArtifacts' | 'downloadArtifact'>;

export interface DownloadShardsOptions {
  client: ShardArtifactClient;
  /** The base artifact name the shard jobs used (`report.artifact-name`). */
  artifactName: string;
  /** Each artifact is extracted to `<downloadDir>/<artifact name>`. */
  downloadDir: string;
  /** Another run's artifacts (token, workflowRunId, repository); default: the current run. */
  findBy?: FindOptions['findBy'];
  /** The matrix size, when known; default: the `n` in the artifact names. */
  expectedCount?: number;
  logger: Logger;
}

export interface DownloadedShards {
  /** Directories holding one shard's results each. */
  directories: string[];
  /** The shard count the artifacts (or the caller) declared. */
  count: number;
  /** Shards with no artifact, and why (for the merged result's `incomplete`). */
  missing: { index: number; reason: string }[];
}

/**
 * Downloads the shard artifacts of the workflow run.
 * @throws UserInputError when there is no shard artifact at all (artifact names do not match)
 * @throws InfrastructureError when listing or downloading fails, or a download fails its digest check
 */
export async function downloadShardArtifacts(options: DownloadShardsOptions): Promise<DownloadedShards> {
  const { client, artifactName } = options;
  const find = options.findBy ? { findBy: options.findBy } : {};
  const listing = await attempt('list the artifacts of the workflow run', () =>
    client.listArtifacts({ latest: true, ...find }),
  );
  const shards = listing.artifacts.flatMap((artifact) => {
    const shard = parseShardArtifactName(artifactName, artifact.name);
    return shard ? [{ artifact, shard }] : [];
  });
  if (shards.length === 0) {
    const seen = listing.artifacts.map((a) => a.name).join(', ') || 'none';
    throw new UserInputError({
      field: 'artifact-name',
      message: `no artifact of the workflow run is named "${artifactName}-shard-<i>-of-<n>" (artifacts: ${seen})`,
      fix: 'use the same `artifact-name` in the shard jobs and the merge job, and make the merge job `needs:` the shard jobs',
    });
  }
  const count = options.expectedCount ?? Math.max(...shards.map((s) => s.shard.count));
  const ordered = shards.sort((a, b) => a.shard.index - b.shard.index).map((s) => s.artifact);
  const directories = await downloadEach(ordered, options, 'Downloaded');
  const missing: DownloadedShards['missing'] = [];
  for (let index = 1; index <= count; index++) {
    if (!shards.some((s) => s.shard.index === index && s.shard.count === count)) {
      missing.push({
        index,
        reason: `uploaded no artifact "${shardArtifactName(artifactName, { index, count })}" (its job failed or was cancelled)`,
      });
    }
  }
  return { directories, count, missing };
}

/**
 * `mode: merge` end to end: download the shard artifacts, read and validate them, merge them.
 * A shard without an artifact makes the result incomplete (its verdict inconclusive, naming the shard).
 */
export async function mergeShardArtifacts(
  options: DownloadShardsOptions & Omit<MergeOptions, 'expectedCount' | 'knownFailures'>,
): Promise<ResultDocument> {
  const legs = await downloadLegArtifacts(options);
  if (legs) {
    const inputs = await readShardDocuments(legs);
    if (!isInstanceLegSet(inputs))
      throw new UserInputError({
        field: 'artifact-name',
        message: `the artifacts named "${options.artifactName}-<leg>" are not capacity runs of one instance type each, so they are not an instance comparison`,
        fix: 'give each matrix leg `load.mode: capacity` and its own `endpoint.deploy.instance-type`, or use shards (`shard: i/n`)',
      });
    return mergeInstanceLegs(inputs, options);
  }
  const downloaded = await downloadShardArtifacts(options);
  const inputs = await readShardDocuments(downloaded.directories);
  return mergeShardDocuments(inputs, {
    ...options,
    expectedCount: downloaded.count,
    knownFailures: downloaded.missing,
  });
}

/**
 * The legs of a matrix over instance types: when the run has no shard artifact, the artifacts named
 * `<artifact-name>-<leg>` (e.g. `perf-gate-capacity-ml.g5.xlarge`), each downloaded into its own
 * directory. Undefined when the run has shard artifacts or no such artifact.
 */
async function downloadLegArtifacts(options: DownloadShardsOptions): Promise<string[] | undefined> {
  const { client, artifactName } = options;
  const find = options.findBy ? { findBy: options.findBy } : {};
  const listing = await attempt('list the artifacts of the workflow run', () =>
    client.listArtifacts({ latest: true, ...find }),
  );
  if (listing.artifacts.some((a) => parseShardArtifactName(artifactName, a.name))) return undefined;
  const legs = listing.artifacts
    .filter((a) => a.name.startsWith(`${artifactName}-`))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (legs.length === 0) return undefined;
  return downloadEach(legs, options, 'Downloaded instance leg');
}

/** Downloads each artifact into its own directory, checking the digest recorded at upload. */
async function downloadEach(
  artifacts: readonly Artifact[],
  options: DownloadShardsOptions,
  what: string,
): Promise<string[]> {
  const find = options.findBy ? { findBy: options.findBy } : {};
  const directories: string[] = [];
  for (const artifact of artifacts) {
    const path = join(options.downloadDir, artifact.name);
    const response = await attempt(`download artifact "${artifact.name}"`, () =>
      options.client.downloadArtifact(artifact.id, {
        path,
        ...(artifact.digest ? { expectedHash: artifact.digest } : {}),
        ...find,
      }),
    );
    if (response.digestMismatch)
      throw new InfrastructureError(
        `Artifact "${artifact.name}" does not match the digest recorded at upload; the download is corrupt`,
      );
    options.logger.info(`${what} ${artifact.name} (${artifact.size} bytes)`);
    directories.push(response.downloadPath ?? path);
  }
  return directories;
}
