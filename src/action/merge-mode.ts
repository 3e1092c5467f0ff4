/**
 * `mode: merge`: downloads the shard artifacts of this workflow run and merges them into the result
 * of the whole run, which the gate then judges once. A missing or failed shard makes the merged result
 * incomplete — its verdict is inconclusive, naming the shard, and it is never stored as a baseline.
 */
import { DefaultArtifactClient } from '@actions/artifact';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/parse.js';
import type { Clock } from '../core/clock.js';
import { UserInputError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Measurement } from '../gate/measure.js';
import type { Env } from '../github/event-context.js';
import { mergeShardArtifacts, type ShardArtifactClient } from '../merge/shard-artifacts.js';
import { describeMerged } from '../merge/write-merged.js';

export interface MergeModeDeps {
  logger: Logger;
  clock: Clock;
  env: Env;
  /** Default: `@actions/artifact`'s client for this workflow run. */
  artifacts?: ShardArtifactClient;
}

/** The merged result of the run's shards, as a measurement for the gate's judging half. */
export async function mergeShardResults(config: Config, deps: MergeModeDeps): Promise<Measurement> {
  if (!deps.artifacts && !deps.env.ACTIONS_RUNTIME_TOKEN)
    throw new UserInputError({
      field: 'input "mode"',
      message:
        '"merge" downloads the shard artifacts of this workflow run, but the artifact service is not available',
      fix: 'run `mode: merge` in a job of the workflow that ran the shards; locally, use `sagemaker-perf-gate merge DIR...`',
    });
  return deps.logger.group('Merge the shard results', async () => {
    const result = await mergeShardArtifacts({
      client: deps.artifacts ?? new DefaultArtifactClient(),
      artifactName: config.report.artifactName,
      downloadDir: join(deps.env.RUNNER_TEMP ?? tmpdir(), `perf-gate-shards-${process.pid}`),
      logger: deps.logger,
      clock: deps.clock,
    });
    for (const line of describeMerged(result)) deps.logger.info(line);
    for (const reason of result.incomplete?.reasons ?? []) deps.logger.warning(reason);
    return { result, deployStartedAtMs: undefined };
  });
}
