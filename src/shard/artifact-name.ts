/**
 * Artifact names of shard results: `<artifact-name>-shard-<i>-of-<n>`. The shard jobs upload under
 * these names and the merge job finds them by the same rule.
 */
import type { ShardConfig } from '../config/report-schema.js';

/** The artifact name shard `shard` uploads its results under. */
export function shardArtifactName(artifactName: string, shard: ShardConfig): string {
  return `${artifactName}-shard-${shard.index}-of-${shard.count}`;
}

/**
 * The artifact a run uploads its results as: the configured name, or the shard's name whenever a shard
 * is given (even `1/1`, so a merge job finds it).
 */
export function resultArtifactName(artifactName: string, shard: ShardConfig | undefined): string {
  return shard ? shardArtifactName(artifactName, shard) : artifactName;
}

/** The shard position encoded in an artifact name, or undefined when it is not a shard of `artifactName`. */
export function parseShardArtifactName(artifactName: string, name: string): ShardConfig | undefined {
  const prefix = `${artifactName}-shard-`;
  if (!name.startsWith(prefix)) return undefined;
  const match = /^(\d+)-of-(\d+)$/.exec(name.slice(prefix.length));
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index >= 1 && index <= count ? { index, count } : undefined;
}
