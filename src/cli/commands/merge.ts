/** `sagemaker-perf-gate merge` — being built (see the open issue); registered so the CLI shape is fixed. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, _context: CliContext): void {
  program
    .command('merge')
    .description('(not available yet)')
    .action(() => {
      throw new Error('`merge` is not available in this build yet');
    });
}
