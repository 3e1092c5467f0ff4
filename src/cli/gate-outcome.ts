/** How the CLI shows a gate's outcome: the stage table, the verdict and its annotations, the files. */
import { stepAnnotations } from '../gate/annotations.js';
import type { GateOutcome } from '../gate/run-gate.js';
import { formatStageTable } from './commands/stage-table.js';
import type { CliContext } from './cli-context.js';

/** Prints the outcome and sets the exit code (0 pass, 1 broken run / regression / SLO breach). */
export function printGateOutcome(outcome: GateOutcome, context: CliContext): void {
  context.stdout.write(`${formatStageTable(outcome.result)}\n`);
  if (outcome.kind === 'judged') {
    const plan = stepAnnotations(outcome.verdict, outcome.decision, outcome.paths.reportPath);
    if (plan.failureReason) context.logger.error(plan.failureReason);
    for (const a of plan.annotations) context.logger[a.level](`${a.title}: ${a.message}`);
    context.stdout.write(`\n${outcome.verdict.state.toUpperCase()}: ${outcome.verdict.headline}\n`);
    context.logger.info(`Report: ${outcome.paths.reportPath} (all files in ${outcome.paths.outputDir})`);
  }
  context.logger.info(`Wrote ${outcome.paths.resultPath}`);
  context.setExitCode(outcome.exitCode);
}
