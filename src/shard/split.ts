/**
 * The share of the load one shard generates. Shard i of n runs every stage at its share of the
 * target — users split as whole numbers (the remainder goes to the first shards, so the shares add
 * up to the target exactly), requests/s split exactly — with its own arrival seed so Poisson shards
 * are independent (the sum of independent Poisson processes is the Poisson process of the total).
 * The scenario key is computed from the unsplit config, so a sharded run compares with a single-runner
 * run of the same scenario.
 */
import type { LoadConfig } from '../config/load-schema.js';
import type { ShardConfig } from '../config/report-schema.js';
import { UserInputError, type InputIssue } from '../core/errors.js';

/** Whole units (users, in-flight slots): floor(total/n), plus one for the first `total mod n` shards. */
export function wholeShare(total: number, shard: ShardConfig): number {
  const base = Math.floor(total / shard.count);
  return base + (shard.index <= total % shard.count ? 1 : 0);
}

/** A rate (requests/s): exactly total/n. */
export function rateShare(total: number, shard: ShardConfig): number {
  return total / shard.count;
}

/** A different, deterministic seed per shard (shard 1 keeps the configured seed). */
export function shardSeed(seed: number, shard: ShardConfig): number {
  return (seed + (shard.index - 1) * 0x9e3779b1) >>> 0;
}

/**
 * The load config shard `shard` runs: stage targets, max-in-flight and seed replaced by its share.
 * @throws UserInputError when a whole-number target is too small to give every shard at least one
 */
export function shardLoad(load: LoadConfig, shard: ShardConfig): LoadConfig {
  if (shard.count === 1) return load;
  const issues: InputIssue[] = [];
  const stages = load.stages.map((stage, i) => {
    if (load.mode === 'arrival-rate') return { ...stage, target: rateShare(stage.target, shard) };
    if (stage.target < shard.count) {
      issues.push({
        field: `load.stages[${i}].target`,
        message: `${stage.target} user${stage.target === 1 ? '' : 's'} cannot be split across ${shard.count} shards (each shard needs at least one)`,
        fix: `use at least ${shard.count} users in every stage, or fewer shards`,
      });
    }
    return { ...stage, target: wholeShare(stage.target, shard) };
  });
  if (load.mode === 'arrival-rate' && load.maxInFlight < shard.count) {
    issues.push({
      field: 'load.max-in-flight',
      message: `${load.maxInFlight} cannot be split across ${shard.count} shards`,
      fix: `set max-in-flight to at least ${shard.count}`,
    });
  }
  if (issues.length > 0)
    throw new UserInputError(issues, { title: `Cannot run shard ${shard.index}/${shard.count}` });
  return {
    ...load,
    // max-in-flight is the cap of the whole run, so the shards share it like users.
    maxInFlight: load.mode === 'arrival-rate' ? wholeShare(load.maxInFlight, shard) : load.maxInFlight,
    seed: shardSeed(load.seed, shard),
    stages,
  };
}
