#!/usr/bin/env node
/** CLI entry point: `sagemaker-perf-gate <command>`. Commands live in ./commands, one file each. */
import { Command } from 'commander';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

const program = new Command(TOOL_NAME)
  .description('Load-test Amazon SageMaker endpoints and gate changes on latency and throughput.')
  .version(TOOL_VERSION);

await program.parseAsync(process.argv);
