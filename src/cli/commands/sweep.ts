/**
 * `sagemaker-perf-gate sweep [--older-than 2h] [--dry-run] [--region R]` — deletes models, endpoint
 * configs and endpoints that carry the perf-gate tags and whose expiry has passed: the backstop for a
 * runner that died before its teardown could run.
 */
import type { Command } from 'commander';
import { systemClock } from '../../core/clock.js';
import { UserInputError } from '../../core/errors.js';
import { seededRandom } from '../../core/random.js';
import { createControlPlaneClient } from '../../endpoint/client.js';
import { describeResource } from '../../endpoint/resources.js';
import { parseOlderThan, sweepExpired, sweepSummary } from '../../endpoint/sweep.js';
import { assertNothingLeft } from '../../endpoint/teardown.js';
import type { CliContext } from '../cli-context.js';

interface SweepFlags {
  olderThan?: string;
  dryRun?: boolean;
  region?: string;
  repository?: string;
  allRepositories?: boolean;
  namePrefix?: string;
  includeKept?: boolean;
}

export function register(program: Command, context: CliContext): void {
  program
    .command('sweep')
    .description(
      'Delete expired SageMaker resources that a perf-gate run left behind (only ones carrying its tags).',
    )
    .option('--older-than <duration>', 'also delete our resources created at least this long ago (e.g. 2h)')
    .option('--dry-run', 'list what would be deleted, delete nothing')
    .option('--region <region>', 'AWS region (default: AWS_REGION)')
    .option(
      '--repository <owner/name>',
      'sweep only resources tagged with this repository (default: GITHUB_REPOSITORY, else "local")',
    )
    .option('--all-repositories', "sweep every repository's resources (the account's administrator)")
    .option('--name-prefix <prefix>', 'sweep only resources named with this prefix (default: perf-gate)')
    .option('--include-kept', 'also sweep resources a run kept on purpose (keep: true)')
    .addHelpText(
      'after',
      '\nExamples:\n  sagemaker-perf-gate sweep --dry-run\n  sagemaker-perf-gate sweep --older-than 2h --region us-east-1',
    )
    .action(async (flags: SweepFlags) => {
      await runSweep(flags, context);
    });
}

async function runSweep(flags: SweepFlags, context: CliContext): Promise<void> {
  const region = flags.region ?? context.env.AWS_REGION;
  if (!region) {
    throw new UserInputError({
      field: '--region',
      message: 'no AWS region given',
      fix: 'pass --region or set AWS_REGION',
    });
  }
  const olderThanMs =
    flags.olderThan === undefined ? undefined : parseOlderThan(flags.olderThan, '--older-than');
  const dryRun = flags.dryRun === true;
  const report = await sweepExpired(
    {
      sagemaker: createControlPlaneClient(region),
      logger: context.logger,
      random: seededRandom(Date.now()),
      sleep: (ms) => systemClock.sleep(ms),
    },
    {
      nowMs: systemClock.nowMs(),
      olderThanMs,
      dryRun,
      repository: flags.allRepositories
        ? undefined
        : (flags.repository ?? (context.env.GITHUB_REPOSITORY || 'local')),
      namePrefix: flags.namePrefix,
      includeKept: flags.includeKept === true,
    },
  );
  const left = new Set(report.teardown?.left.map((l) => describeResource(l.resource)));
  for (const c of report.due) {
    const what = describeResource(c.resource);
    const outcome = dryRun ? 'would delete' : left.has(what) ? 'NOT deleted' : 'deleted';
    context.stdout.write(`${outcome}\t${what}\trun ${c.runId}\t${c.reason}\n`);
  }
  context.logger.info(sweepSummary(report, region, dryRun));
  if (report.teardown) assertNothingLeft(report.teardown, region);
}
