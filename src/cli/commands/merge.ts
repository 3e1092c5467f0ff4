/**
 * `sagemaker-perf-gate merge DIR... [--out DIR]`: one result from the shards of a scaled-out run.
 * Reads each shard's result.json (directories are searched, so a folder of downloaded artifacts
 * works), checks they are one run of one scenario, merges them and writes `<out>/result.json`.
 * A missing or failed shard still writes the merged result — marked incomplete, so its verdict is
 * inconclusive — and exits 3, naming the shard.
 */
import type { Command } from 'commander';
import { systemClock } from '../../core/clock.js';
import { ExitCode, UserInputError } from '../../core/errors.js';
import { mergeShardDocuments } from '../../merge/merge-document.js';
import { readShardDocuments } from '../../merge/read-shards.js';
import { describeMerged, writeMergedResult } from '../../merge/write-merged.js';
import type { CliContext } from '../context.js';

interface MergeFlags {
  out: string;
  shards?: string;
}

export function register(program: Command, context: CliContext): void {
  program
    .command('merge')
    .description('merge the result documents of the shards of one run (shard: i/n) into one result')
    .argument(
      '<dirs...>',
      'shard output directories, result files, or a directory of downloaded shard artifacts',
    )
    .option('--out <dir>', 'where to write the merged result.json', 'perf-gate-results')
    .option('--shards <n>', 'how many shards were launched (default: what the shard results say)')
    .action(async (dirs: string[], flags: MergeFlags) => {
      const inputs = await readShardDocuments(dirs);
      const merged = mergeShardDocuments(inputs, {
        clock: systemClock,
        ...(flags.shards === undefined ? {} : { expectedCount: parseShardCount(flags.shards) }),
      });
      const path = await writeMergedResult(merged, flags.out);
      for (const line of describeMerged(merged)) context.stdout.write(`${line}\n`);
      context.logger.info(`Wrote ${path}`);
      for (const warning of merged.clientHealth.warnings) context.logger.warning(warning);
      if (merged.incomplete) {
        for (const reason of merged.incomplete.reasons) context.logger.error(reason);
        context.logger.error(
          `The merged run is incomplete: its verdict will be inconclusive. Re-run the failed shard(s) and merge again.`,
        );
        context.setExitCode(ExitCode.Infrastructure);
      }
    });
}

function parseShardCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new UserInputError({
      field: '--shards',
      message: `expected the number of shards (a whole number ≥ 1), but got "${text}"`,
    });
  }
  return n;
}
