/** The action's `mode: sweep`: a scheduled workflow that deletes expired perf-gate resources. */
import * as core from '@actions/core';
import type { Clock } from '../core/clock.js';
import { UserInputError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Random } from '../core/random.js';
import { createControlPlaneClient } from '../endpoint/client.js';
import { parseOlderThan, sweepExpired, sweepSummary } from '../endpoint/sweep.js';
import { assertNothingLeft } from '../endpoint/teardown.js';
import { Inputs, SWEPT_OUTPUT } from './constants.js';

export interface SweepModeDeps {
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  clock: Clock;
  random: Random;
}

/**
 * Sweeps the region of AWS_REGION; outputs `swept` (how many resources were due). Only this
 * repository's resources (GITHUB_REPOSITORY) named with the default prefix are touched, never kept ones:
 * a scheduled workflow of one repository must not delete another's.
 */
export async function runSweepMode(deps: SweepModeDeps): Promise<void> {
  const region = deps.env.AWS_REGION;
  if (!region)
    throw new UserInputError({
      field: 'AWS_REGION',
      message: 'no AWS region in the environment',
      fix: 'set `aws-region` in aws-actions/configure-aws-credentials',
    });
  const olderThanText = core.getInput(Inputs.SweepOlderThan);
  const olderThanMs = olderThanText ? parseOlderThan(olderThanText, Inputs.SweepOlderThan) : undefined;
  const dryRun = /^true$/i.test(core.getInput(Inputs.SweepDryRun));
  const report = await sweepExpired(
    {
      sagemaker: createControlPlaneClient(region),
      logger: deps.logger,
      random: deps.random,
      sleep: (ms) => deps.clock.sleep(ms),
    },
    {
      nowMs: deps.clock.nowMs(),
      olderThanMs,
      dryRun,
      repository: deps.env.GITHUB_REPOSITORY || 'local',
    },
  );
  deps.logger.info(sweepSummary(report, region, dryRun));
  core.setOutput(SWEPT_OUTPUT, String(report.due.length));
  if (report.teardown) assertNothingLeft(report.teardown, region);
}
