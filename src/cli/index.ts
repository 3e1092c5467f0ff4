#!/usr/bin/env node
/** CLI entry point: `sagemaker-perf-gate <command>`. Commands live in ./commands, one file each. */
import { Command, CommanderError } from 'commander';
import { errorMessage, exitCodeOf } from '../core/errors.js';
import { consoleLogger, redactingLogger } from '../core/logger.js';
import { createRedactor, environmentSecrets } from '../core/redact.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import type { CliContext } from './cli-context.js';
import * as compare from './commands/compare.js';
import * as demo from './commands/demo.js';
import * as emulator from './commands/emulator.js';
import * as merge from './commands/merge.js';
import * as report from './commands/report.js';
import * as run from './commands/run.js';
import * as sweep from './commands/sweep.js';
import * as trend from './commands/trend.js';

const redactor = createRedactor(environmentSecrets(process.env));
const context: CliContext = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  logger: redactingLogger(consoleLogger({ verbose: process.env.PERF_GATE_VERBOSE === '1' }), redactor),
  redactor,
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

const program = new Command(TOOL_NAME)
  .description('Load-test Amazon SageMaker endpoints and gate changes on latency and throughput.')
  .version(TOOL_VERSION)
  .showHelpAfterError()
  .exitOverride();

for (const command of [run, compare, report, trend, sweep, merge, emulator, demo])
  command.register(program, context);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit with 0; usage errors are bad input.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    context.logger.error(errorMessage(error));
    process.exitCode = exitCodeOf(error);
  }
}
