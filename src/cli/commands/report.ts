/** `sagemaker-perf-gate report` — being built (see the open issue); registered so the CLI shape is fixed. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, _context: CliContext): void {
  program
    .command('report')
    .description('(not available yet)')
    .action(() => {
      throw new Error('`report` is not available in this build yet');
    });
}
