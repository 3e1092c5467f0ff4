/**
 * `sagemaker-perf-gate run --config FILE`: the whole gate on this machine — (deploy the candidate |
 * use the endpoint) → load → teardown → server metrics and cost → verdict against the baseline store
 * → report files in the output directory → save the baseline when due. The same config file as the
 * action; flags override it like the action's inputs. Exit 0 pass, 1 regression / SLO breach, 2 bad
 * input (nothing created), 3 infrastructure. A shard (`--shard i/n`) only measures and writes its
 * result.json for `merge`.
 */
import type { Command } from 'commander';
import type { SettingValues } from '../../config/setting-inputs.js';
import { gateContextFromEnv } from '../../gate/gate-context.js';
import { runGate } from '../../gate/run-gate.js';
import { resolveBaseRef } from '../../gate/base-deploy.js';
import type { InvokerKind } from '../../load/invoke/invoker.js';
import type { CliContext } from '../cli-context.js';
import { loadCliConfig } from '../cli-config.js';
import { cliGateDeps } from '../gate-deps.js';
import { printGateOutcome } from '../gate-outcome.js';
import { addSettingFlags, addTuningFlags, settingValues, type TuningFlags } from './run-flags.js';

interface RunFlags extends TuningFlags {
  config: string;
  out?: string;
  baseRef?: string;
}

const EXAMPLES = `
Examples:
  # gate the endpoint against the baseline store of the config (exit 1 on a regression)
  sagemaker-perf-gate run --config .github/perf-gate.yml
  # against the local emulator (start it first: sagemaker-perf-gate emulator), a file baseline
  sagemaker-perf-gate run --config perf.yml --baseline-store file --save-baseline always --out out
  # another load profile, without touching the file
  sagemaker-perf-gate run --config perf.yml --stages "low:30s@4, peak:1m@16~10s"
  # A/B: deploy main's config as the baseline next to this checkout's candidate (compare.baseline-deploy: base)
  sagemaker-perf-gate run --config perf.yml --base-ref main
  # shard 2 of 3 of a scaled-out run (combine the shards with \`merge\`)
  sagemaker-perf-gate run --config perf.yml --shard 2/3 --start-at 2026-01-01T12:00:00Z --out shard-2

Without \`baseline.store\` in the config file (or --baseline-store), a local run keeps no baseline:
it measures, reports and passes. Exit codes: 0 pass, 1 regression or SLO breach, 2 bad input, 3 infrastructure.`;

export function register(program: Command, context: CliContext): void {
  const command = program
    .command('run')
    .description('run the gate: deploy (when configured), load, compare with the baseline, report, save')
    .requiredOption('--config <file>', 'the config file (YAML), the same as the action’s')
    .option('--out <dir>', 'output directory (default: report.output-dir, perf-gate-results)')
    .option(
      '--base-ref <ref>',
      'branch, tag or commit whose config `compare.baseline-deploy: base` deploys as the baseline (default: the pull request base)',
    );
  addSettingFlags(command);
  addTuningFlags(command);
  command.addHelpText('after', EXAMPLES).action(async (flags: RunFlags & Record<string, unknown>) => {
    const values: SettingValues = {
      ...settingValues(flags),
      ...(flags.out ? { 'output-dir': flags.out } : {}),
    };
    const config = await loadCliConfig(flags.config, values, context, { 'output-dir': '--out' });
    const envContext = gateContextFromEnv(context.env, process.cwd());
    const gateContext = flags.baseRef
      ? { ...envContext, baseCommit: await resolveBaseRef(flags.baseRef, envContext.cwd, context.env) }
      : envContext;
    const outcome = await runGate(
      config,
      gateContext,
      cliGateDeps(
        config,
        context,
        {
          invoker: flags.invoker as InvokerKind,
          preflight: flags.preflight,
          ...(flags.workers === undefined ? {} : { workers: flags.workers }),
        },
        gateContext,
      ),
    );
    printGateOutcome(outcome, context);
  });
}
