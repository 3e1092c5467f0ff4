/**
 * `sagemaker-perf-gate run --config FILE`: the whole gate on this machine — (deploy the candidate |
 * use the endpoint) → load → teardown → server metrics and cost → verdict against the baseline store
 * → report files in the output directory → save the baseline when due. The same config file as the
 * action; flags override it like the action's inputs. Exit 0 pass, 1 regression / SLO breach, 2 bad
 * input (nothing created), 3 infrastructure. A shard (`--shard i/n`) only measures and writes its
 * result.json for `merge`.
 */
import type { Command } from 'commander';
import { parseWithOverrides } from '../../config/overrides.js';
import { readConfigFile } from '../../config/parse.js';
import { settingOverrides, type SettingName, type SettingValues } from '../../config/setting-overrides.js';
import { verdictAnnotations } from '../../gate/annotations.js';
import { gateContextFromEnv } from '../../gate/context.js';
import { runGate, type GateOutcome } from '../../gate/run-gate.js';
import type { InvokerKind } from '../../load/invoke/invoker.js';
import type { CliContext } from '../context.js';
import { cliGateDeps } from '../gate-deps.js';
import { addSettingFlags, addTuningFlags, settingValues, type TuningFlags } from './run-flags.js';
import { formatStageTable } from './stage-table.js';

interface RunFlags extends TuningFlags {
  config: string;
  out?: string;
}

const EXAMPLES = `
Examples:
  # gate the endpoint against the baseline store of the config (exit 1 on a regression)
  sagemaker-perf-gate run --config .github/perf-gate.yml
  # against the local emulator (start it first: sagemaker-perf-gate emulator), a file baseline
  sagemaker-perf-gate run --config perf.yml --baseline-store file --save-baseline always --out out
  # another load profile, without touching the file
  sagemaker-perf-gate run --config perf.yml --stages "low:30s@4, peak:1m@16~10s"
  # shard 2 of 3 of a scaled-out run (combine the shards with \`merge\`)
  sagemaker-perf-gate run --config perf.yml --shard 2/3 --start-at 2026-01-01T12:00:00Z --out shard-2

Without \`baseline.store\` in the config file (or --baseline-store), a local run keeps no baseline:
it measures, reports and passes. Exit codes: 0 pass, 1 regression or SLO breach, 2 bad input, 3 infrastructure.`;

export function register(program: Command, context: CliContext): void {
  const command = program
    .command('run')
    .description('run the gate: deploy (when configured), load, compare with the baseline, report, save')
    .requiredOption('--config <file>', 'the config file (YAML), the same as the action’s')
    .option('--out <dir>', 'output directory (default: report.output-dir, perf-gate-results)');
  addSettingFlags(command);
  addTuningFlags(command);
  command.addHelpText('after', EXAMPLES).action(async (flags: RunFlags & Record<string, unknown>) => {
    const raw = await readConfigFile(flags.config);
    const values: SettingValues = {
      ...settingValues(flags),
      ...(flags.out ? { 'output-dir': flags.out } : {}),
    };
    // A local run keeps no baseline unless the file or a flag names a store.
    if (!values['baseline-store'] && !declaresStore(raw)) values['baseline-store'] = 'none';
    const origin = (name: SettingName) =>
      name === 'output-dir' && flags.out ? 'flag --out' : `flag --${name}`;
    const { overrides, ignored } = settingOverrides(values, raw, origin);
    const config = parseWithOverrides(raw, overrides, { sourcePath: flags.config, env: context.env });
    for (const line of ignored) context.logger.warning(line);
    const outcome = await runGate(
      config,
      gateContextFromEnv(context.env, process.cwd()),
      cliGateDeps(config, context, {
        invoker: flags.invoker as InvokerKind,
        preflight: flags.preflight,
        ...(flags.workers === undefined ? {} : { workers: flags.workers }),
      }),
    );
    report(outcome, context);
  });
}

/** Prints the stage table, the verdict's annotations and where the files are; sets the exit code. */
function report(outcome: GateOutcome, context: CliContext): void {
  context.stdout.write(`${formatStageTable(outcome.result)}\n`);
  if (outcome.kind === 'judged') {
    for (const a of verdictAnnotations(outcome.verdict)) context.logger[a.level](`${a.title}: ${a.message}`);
    context.stdout.write(`\n${outcome.verdict.state.toUpperCase()}: ${outcome.verdict.headline}\n`);
    if (outcome.decision.warning) context.logger.warning(outcome.decision.warning);
    if (outcome.decision.failureReason) context.logger.error(outcome.decision.failureReason);
    context.logger.info(`Report: ${outcome.paths.reportPath} (all files in ${outcome.paths.outputDir})`);
  }
  context.logger.info(`Wrote ${outcome.paths.resultPath}`);
  context.setExitCode(outcome.exitCode);
}

function declaresStore(raw: unknown): boolean {
  if (!raw || typeof raw !== 'object') return false;
  const baseline = (raw as Record<string, unknown>)['baseline'];
  return Boolean(baseline) && typeof baseline === 'object' && 'store' in (baseline as object);
}
