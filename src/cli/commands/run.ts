/**
 * `sagemaker-perf-gate run --config FILE --out DIR`: runs the configured load against the endpoint
 * (AWS, or the emulator through AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME), writes `DIR/result.json` and
 * prints a per-stage table. Exit 0 when the run completed (errors during the load are measured, not
 * fatal), 2 for bad configuration or payloads, 3 when the endpoint cannot be reached at all.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfigFileWithOverrides } from '../../config/overrides.js';
import { systemClock } from '../../core/clock.js';
import { barProgress, logProgress } from '../../load/engine/progress-display.js';
import { runLoadTest } from '../../load/engine/run-load-test.js';
import { INVOKER_KINDS, type InvokerKind } from '../../load/invoke/invoker.js';
import { shardOverrides } from '../../shard/overrides.js';
import type { CliContext } from '../context.js';
import { formatStageTable } from './stage-table.js';

interface RunFlags {
  config: string;
  out: string;
  invoker: InvokerKind;
  workers?: number;
  preflight: boolean;
  shard?: string;
  startAt?: string;
}

export function register(program: Command, context: CliContext): void {
  program
    .command('run')
    .description('Run the configured staged load against the endpoint and write result.json.')
    .requiredOption('--config <file>', 'the config file (YAML)')
    .option('--out <dir>', 'directory for result.json', 'perf-gate-results')
    .option('--invoker <kind>', `how requests are sent: ${INVOKER_KINDS.join(' | ')}`, invokerKind, 'fast')
    .option('--workers <n>', 'load generator threads (default: load.workers)', positiveInt)
    .option('--no-preflight', 'skip the single probe request before the load')
    .option('--shard <i/n>', 'generate shard i of n of the load (scale-out; combine the shards with `merge`)')
    .option('--start-at <time>', 'shared start of all shards: ISO 8601 or epoch ms')
    .action(async (flags: RunFlags) => {
      const overrides = shardOverrides(flags, (key) => `flag --${key}`);
      const config = await loadConfigFileWithOverrides(flags.config, overrides, context.env);
      const tty = (context.stdout as NodeJS.WriteStream).isTTY === true;
      // Ctrl-C stops the load and closes every connection; a second one exits at once.
      const cancel = new AbortController();
      const onSignal = (name: NodeJS.Signals) => {
        if (cancel.signal.aborted) process.exit(130);
        context.logger.warning(`${name}: stopping the load test (press again to exit at once)`);
        cancel.abort(new Error(`the load test was cancelled (${name})`));
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const result = await runLoadTest(
        config,
        {
          credentials: fromNodeProviderChain(),
          clock: systemClock,
          logger: context.logger,
          env: context.env,
          progress: tty ? barProgress(context.stdout) : logProgress(context.logger),
        },
        {
          invoker: flags.invoker,
          preflight: flags.preflight,
          signal: cancel.signal,
          ...(flags.workers === undefined ? {} : { workers: flags.workers }),
        },
      ).finally(() => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      });
      await mkdir(flags.out, { recursive: true });
      const path = join(flags.out, 'result.json');
      await writeFile(path, `${JSON.stringify(result, null, 2)}\n`);
      context.stdout.write(`${formatStageTable(result)}\n`);
      context.logger.info(`Wrote ${path}`);
      context.setExitCode(0);
    });
}

function invokerKind(value: string): InvokerKind {
  if (!(INVOKER_KINDS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${INVOKER_KINDS.join(', ')}, got "${value}"`);
  }
  return value as InvokerKind;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1)
    throw new InvalidArgumentError(`expected a whole number ≥ 1, got "${value}"`);
  return n;
}
