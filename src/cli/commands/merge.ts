/**
 * `sagemaker-perf-gate merge DIR... [--out DIR]`: one result from the shards of a scaled-out run.
 * Reads each shard's result.json (directories are searched, so a folder of downloaded artifacts
 * works), checks they are one run of one scenario, merges them and writes `<out>/result.json`.
 * A missing or failed shard still writes the merged result — marked incomplete, so its verdict is
 * inconclusive — and exits 3, naming the shard.
 */
import type { Command } from 'commander';
import { systemClock } from '../../core/clock.js';
import { gateContextFromEnv } from '../../gate/gate-context.js';
import { judgeRun } from '../../gate/run-gate.js';
import type { ResultDocument } from '../../result/document.js';
import { ExitCode, UserInputError } from '../../core/errors.js';
import { mergeShardDocuments } from '../../merge/merge-document.js';
import { readShardDocuments } from '../../merge/read-shards.js';
import { describeMerged, writeMergedResult } from '../../merge/write-merged.js';
import type { CliContext } from '../cli-context.js';
import { loadCliConfig } from '../cli-config.js';
import { cliGateDeps } from '../gate-deps.js';
import { printGateOutcome } from '../gate-outcome.js';

interface MergeFlags {
  out: string;
  shards?: string;
  config?: string;
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
    .option(
      '--config <file>',
      "then judge the merged run like the action's `mode: merge`: verdict against the config's baseline store, report files in --out, baseline saved when due (exit 0/1)",
    )
    .addHelpText(
      'after',
      '\nExamples:\n  sagemaker-perf-gate merge shard-1 shard-2 shard-3 --out merged\n' +
        '  sagemaker-perf-gate merge downloaded-artifacts/ --shards 4 --out merged\n' +
        '  sagemaker-perf-gate merge shard-* --config .github/perf-gate.yml --out merged   # and judge it',
    )
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
      if (flags.config) await judgeMerged(merged, flags, context);
    });
}

/** The gate's judging half on the merged run (files-only publisher, like `run`). */
async function judgeMerged(merged: ResultDocument, flags: MergeFlags, context: CliContext): Promise<void> {
  const config = await loadCliConfig(flags.config ?? '', { 'output-dir': flags.out }, context, {
    'output-dir': '--out',
  });
  const outcome = await judgeRun(
    { result: merged, deployStartedAtMs: undefined },
    config,
    gateContextFromEnv(context.env, process.cwd()),
    cliGateDeps(config, context),
  );
  printGateOutcome(outcome, context);
  // A partial load is an infrastructure failure whatever the (inconclusive) verdict says.
  if (merged.incomplete) context.setExitCode(ExitCode.Infrastructure);
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
