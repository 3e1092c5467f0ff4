/**
 * `sagemaker-perf-gate emulator [--port N] [--scenario FILE] [--seed N]` — runs the local SageMaker
 * emulator until interrupted. The first stdout line is `listening on http://127.0.0.1:PORT`, then
 * the `export` lines that point AWS SDK clients (and this CLI) at it.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { startEmulator, type RunningEmulator } from '../../emulator/index.js';
import type { CliContext } from '../cli-context.js';

interface EmulatorFlags {
  port: number;
  scenario?: string;
  seed?: number;
  host: string;
}

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
    return n;
  };
}

export function register(program: Command, context: CliContext): void {
  program
    .command('emulator')
    .description('Run the local SageMaker emulator (runtime, control plane, CloudWatch) until interrupted.')
    .option('--port <n>', 'TCP port (0 picks a free one)', integer('--port', 0, 65535), 0)
    .option('--scenario <file>', 'scenario file (YAML) with endpoints, instance profiles, noise and faults')
    .option(
      '--seed <n>',
      'seed of every random draw (default: the scenario seed, else 1)',
      integer('--seed', 0, 2 ** 32 - 1),
    )
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .addHelpText(
      'after',
      '\nExamples:\n  sagemaker-perf-gate emulator --port 4566\n' +
        '  sagemaker-perf-gate emulator --scenario examples/emulator/noisy-endpoint.yml --seed 7\n' +
        '  # in the background, then point the AWS SDK (and this CLI) at it and gate against it\n' +
        '  sagemaker-perf-gate emulator > emulator.out &\n' +
        '  sleep 1 && eval "$(grep ^export emulator.out)" && sagemaker-perf-gate run --config perf.yml',
    )
    .action(async (flags: EmulatorFlags) => {
      const emulator = await startEmulator({
        port: flags.port,
        host: flags.host,
        recordRequests: 0,
        logger: context.logger,
        ...(flags.scenario === undefined ? {} : { scenario: flags.scenario }),
        ...(flags.seed === undefined ? {} : { seed: flags.seed }),
      });
      context.stdout.write(`listening on ${emulator.url}\n`);
      for (const [name, value] of Object.entries(emulator.env))
        context.stdout.write(`export ${name}=${value}\n`);
      const endpoints = emulator.resources().endpoints.map((e) => `${e.name} (${e.status})`);
      context.logger.info(
        `emulator: endpoints ${endpoints.length > 0 ? endpoints.join(', ') : 'none'}; Ctrl-C stops it`,
      );
      await untilSignal(emulator);
    });
}

/** Resolves once SIGINT/SIGTERM arrived and the emulator closed. */
function untilSignal(emulator: RunningEmulator): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void emulator.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
