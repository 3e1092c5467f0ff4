/** The action's `mode: sweep`: a scheduled workflow that deletes expired perf-gate resources. */
import * as core from '@actions/core';
import type { Clock } from '../core/clock.js';
import { parseDurationMs } from '../core/duration.js';
import { UserInputError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Random } from '../core/random.js';
import { createControlPlaneClient } from '../endpoint/client.js';
import { sweepExpired } from '../endpoint/sweep.js';
import { assertNothingLeft } from '../endpoint/teardown.js';
import { Inputs } from './constants.js';

export interface SweepModeDeps {
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  clock: Clock;
  random: Random;
}

/** Sweeps the region of AWS_REGION; outputs `swept` (how many resources were due). */
export async function runSweepMode(deps: SweepModeDeps): Promise<void> {
  const region = deps.env.AWS_REGION;
  if (!region)
    throw new UserInputError({
      field: 'AWS_REGION',
      message: 'no AWS region in the environment',
      fix: 'set `aws-region` in aws-actions/configure-aws-credentials',
    });
  const olderThanText = core.getInput(Inputs.SweepOlderThan);
  const olderThanMs = olderThanText ? parseDurationMs(olderThanText) : undefined;
  if (olderThanText && olderThanMs === undefined)
    throw new UserInputError({
      field: Inputs.SweepOlderThan,
      message: `expected a duration like "2h", but got "${olderThanText}"`,
    });
  const dryRun = /^true$/i.test(core.getInput(Inputs.SweepDryRun));
  const report = await sweepExpired(
    {
      sagemaker: createControlPlaneClient(region),
      logger: deps.logger,
      random: deps.random,
      sleep: (ms) => deps.clock.sleep(ms),
    },
    { nowMs: deps.clock.nowMs(), olderThanMs, dryRun },
  );
  deps.logger.info(
    `Examined ${report.examined} resources in ${region}: ${report.ours} carry perf-gate tags, ${report.due.length} ${dryRun ? 'would be' : 'were'} swept.`,
  );
  core.setOutput('swept', String(report.due.length));
  if (report.teardown) assertNothingLeft(report.teardown, region);
}
